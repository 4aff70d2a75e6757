#include <criterion/criterion.h>
#include <string.h>

#include "kestrel.h"

Test(status, every_code_has_a_sentence)
{
    const kes_status all[] = {KES_OK, KES_EINVAL, KES_EDIM, KES_ENOMEM, KES_ERANGE, KES_ENOTSPD, KES_EIO,
                              KES_EPARSE, KES_EDOM, KES_ENAN, KES_ESINGULAR, KES_EDIVERGE, KES_ESTATE,
                              KES_EVARIANCE, KES_ENOTSUP, KES_EBADDATA, KES_NOCONV, KES_CLAMPED};
    const char *unknown = kes_strerror((kes_status)-999);
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        const char *s = kes_strerror(all[i]);
        cr_assert_not_null(s);
        cr_assert_gt(strlen(s), 5);
        cr_assert_str_neq(s, unknown, "code %d has no sentence of its own", (int)all[i]);
        for (size_t j = 0; j < i; j++) cr_assert_str_neq(s, kes_strerror(all[j]));
    }
    cr_assert_not_null(unknown);
}

Test(status, errors_negative_outcomes_positive)
{
    cr_assert_eq(KES_OK, 0);
    cr_assert_lt(KES_EINVAL, 0);
    cr_assert_lt(KES_EPARSE, 0);
    cr_assert_gt(KES_NOCONV, 0);
}

Test(status, version_matches_header)
{
    cr_assert_str_eq(kes_version(), KES_VERSION_STRING);
    cr_assert_eq(kes_version_number(), KES_VERSION_NUMBER);
    cr_assert_eq(KES_VERSION_NUMBER, 10000 * KES_VERSION_MAJOR + 100 * KES_VERSION_MINOR + KES_VERSION_PATCH);
}

Test(status, values_are_fixed)
{
    /* Enum values are part of the ABI: programs compiled against an older
     * header compare against these numbers. */
    const kes_status all[] = {KES_OK, KES_EINVAL, KES_EDIM, KES_ENOMEM, KES_ERANGE, KES_ENOTSPD, KES_EIO,
                              KES_EPARSE, KES_EDOM, KES_ENAN, KES_ESINGULAR, KES_EDIVERGE, KES_ESTATE,
                              KES_EVARIANCE, KES_ENOTSUP, KES_EBADDATA, KES_NOCONV, KES_CLAMPED};
    const int want[] = {0, -1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -11, -12, -13, -14, -15, 1, 2};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) cr_expect_eq((int)all[i], want[i], "code %zu", i);
    cr_expect_str_eq(kes_strerror((kes_status)3), kes_strerror((kes_status)-16));
}
