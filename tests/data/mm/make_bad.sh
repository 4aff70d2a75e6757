#!/usr/bin/env bash
# Regenerates the malformed Matrix Market corpus in bad/.  Each file's expected
# status and line number are listed in tests/test_mmio.c (bad_files[]).
set -euo pipefail
cd "$(dirname "$0")/bad"
B='%%MatrixMarket matrix coordinate real general'
w() { printf '%b' "$2" > "$1.mtx"; }
w empty ''
w no_banner '3 3 1\n1 1 1\n'
w banner_short '%%MatrixMarket matrix coordinate real\n1 1 1\n1 1 1\n'
w banner_long '%%MatrixMarket matrix coordinate real general extra\n1 1 1\n1 1 1\n'
w complex '%%MatrixMarket matrix coordinate complex general\n2 2 1\n1 1 1.0 0.0\n'
w hermitian '%%MatrixMarket matrix coordinate real hermitian\n2 2 1\n1 1 1.0\n'
w vector_object '%%MatrixMarket vector coordinate real general\n2 1\n1 1\n'
w unknown_format '%%MatrixMarket matrix sparse real general\n2 2 1\n1 1 1\n'
w unknown_field '%%MatrixMarket matrix coordinate float general\n2 2 1\n1 1 1\n'
w unknown_symmetry '%%MatrixMarket matrix coordinate real lower\n2 2 1\n1 1 1\n'
w array_pattern '%%MatrixMarket matrix array pattern general\n2 2\n'
w skew_pattern '%%MatrixMarket matrix coordinate pattern skew-symmetric\n2 2 1\n2 1\n'
w no_size "$B\n%% comment\n\n%% another\n"
w size_short "$B\n%% one comment\n3 3\n1 1 1\n"
w size_negative "$B\n-3 3 1\n1 1 1\n"
w size_text "$B\n3 x 1\n1 1 1\n"
w size_float "$B\n3.0 3 1\n1 1 1\n"
w nnz_too_big "$B\n2 2 5\n1 1 1\n"
w sym_nnz_too_big '%%MatrixMarket matrix coordinate real symmetric\n2 2 4\n1 1 1\n'
w sym_not_square '%%MatrixMarket matrix coordinate real symmetric\n2 3 1\n1 1 1\n'
w too_few "$B\n3 3 3\n1 1 1\n2 2 2\n"
w too_many "$B\n3 3 1\n1 1 1\n2 2 2\n"
w too_many_after_comment "$B\n3 3 1\n1 1 1\n%% trailing comment\n\n2 2 2\n"
w row_zero "$B\n3 3 1\n0 1 1\n"
w row_negative "$B\n3 3 1\n-1 1 1\n"
w col_out_of_range "$B\n3 3 2\n1 1 1\n2 4 1\n"
w index_huge "$B\n3 3 1\n1 99999999999999999999999 1\n"
w index_float "$B\n3 3 1\n1.0 1 1\n"
w bad_value "$B\n2 2 1\n1 1 abc\n"
w hex_value "$B\n2 2 1\n1 1 0x10\n"
w value_trailing_junk "$B\n2 2 1\n1 1 1.5x\n"
w bare_exponent "$B\n2 2 1\n1 1 1e\n"
w missing_value "$B\n2 2 2\n1 1 1\n2 2\n"
w extra_field "$B\n2 2 1\n1 1 1.0 2.0\n"
w pattern_with_value '%%MatrixMarket matrix coordinate pattern general\n2 2 1\n1 1 1.0\n'
w integer_with_fraction '%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 1.5\n'
w skew_diagonal '%%MatrixMarket matrix coordinate real skew-symmetric\n2 2 2\n2 1 1\n1 1 3\n'
w array_too_few '%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n'
w array_too_many '%%MatrixMarket matrix array real general\n1 2\n1\n2\n3\n'
w array_two_per_line '%%MatrixMarket matrix array real general\n2 1\n1 2\n'
w array_size_three '%%MatrixMarket matrix array real general\n2 1 2\n1\n2\n'
w array_sym_not_square '%%MatrixMarket matrix array real symmetric\n2 1\n1\n2\n'
{ printf '%s\n3 3 1\n1 1 ' "$B"; head -c 1100 /dev/zero | tr '\0' '1'; printf '\n'; } > long_line.mtx
printf '%s\n2 2 1\n1 1\0001\n' "$B" > nul_byte.mtx
w nan_value "$B\n2 2 2\n1 1 1\n2 2 nan\n"
w inf_value "$B\n2 2 1\n1 1 -Inf\n"
w overflow_value "$B\n2 2 1\n1 1 1e999\n"
w size_huge "$B\n99999999999999999999 1 1\n1 1 1\n"
w zero_dims "$B\n0 0 0\n"
w dims_implausible "$B\n1000000000 1000000000 1\n1 1 1\n"
w cols_over_int32 "$B\n1 3000000000 3000000000\n1 1 1\n"
w array_dims_overflow '%%MatrixMarket matrix array real general\n4294967296 4294967296\n1\n'
