# Shared by tests/examples_output.sh and tests/examples_cli.sh; sourced,
# not run.

# The tally: ok counts a pass, bad a failure (and says which); each script
# prints its own "N passed, M failed" line from pass and fail.
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# write_grid_system DIR T C: DIR/A_T.mtx, the 3x3-grid Laplacian (n = 9)
# shifted by C, as a general coordinate Matrix Market file, and DIR/b_T.mtx,
# the all-ones right-hand side.  Tiny systems for tune_mm.
write_grid_system() {
    awk -v m=3 -v c="$3" 'BEGIN {
        n = m * m; k = 0
        for (i = 0; i < m; i++) for (j = 0; j < m; j++) {
            p = i * m + j + 1
            e[k++] = p " " p " " (4 + c)
            if (i > 0) e[k++] = p " " (p - m) " -1"
            if (i < m - 1) e[k++] = p " " (p + m) " -1"
            if (j > 0) e[k++] = p " " (p - 1) " -1"
            if (j < m - 1) e[k++] = p " " (p + 1) " -1"
        }
        print "%%MatrixMarket matrix coordinate real general"; print n, n, k
        for (q = 0; q < k; q++) print e[q]
    }' > "$1/A_$2.mtx"
    { echo "%%MatrixMarket matrix array real general"; echo "9 1"; for _ in 1 2 3 4 5 6 7 8 9; do echo 1; done; } > "$1/b_$2.mtx"
}
