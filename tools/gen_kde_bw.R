#!/usr/bin/Rscript
# Reference Sheather-Jones bandwidths for tests/test_kde_bandwidth.c from R's
# stats::bw.SJ: method "ste" with R's default tolerance (0.1 * lower), "ste"
# with tol = 1e-12 (the exact root of R's equation, to compare tightly),
# and "dpi".  Small samples (n <= 500) take bw.SJ's unbinned pair counts,
# larger ones its binned ones.
# Output: blocks "sample NAME n ste ste_tight dpi" followed by n values
# (17 significant digits, read back exactly).
# Usage: Rscript tools/gen_kde_bw.R > tests/data/kde_bw.txt
set.seed(20261202)
samples <- list(
  bimodal = c(rnorm(1200), rnorm(800, 3, 0.5)),
  small = rnorm(300, 5, 2),
  skewed = rlnorm(1500),
  claw = c(rnorm(500), unlist(lapply(0:4, function(l) rnorm(100, l / 2 - 1, 0.1)))),
  offset = 1000 + rt(800, 5)
)
for (nm in names(samples)) {
  x <- samples[[nm]]
  cat(sprintf("sample %s %d %.17g %.17g %.17g\n", nm, length(x), bw.SJ(x), bw.SJ(x, tol = 1e-12),
              bw.SJ(x, method = "dpi")))
  cat(sprintf("%.17g\n", x), sep = "")
}
