#!/usr/bin/Rscript
# Reference bandwidths for tests/test_kde_bandwidth.c from R (KernSmooth::dpik
# with its defaults, stats::bw.nrd0 and stats::bw.SJ for information).
# Output: tests/data/kde_dpik.txt, blocks "sample NAME n dpik dpik201 nrd0 bwSJ"
# followed by n values (17 significant digits, read back exactly).
# Usage: Rscript tools/gen_kde_dpik.R > tests/data/kde_dpik.txt
suppressMessages(library(KernSmooth))
set.seed(20261201)
samples <- list(
  bimodal = c(rnorm(1200), rnorm(800, 3, 0.5)),
  normal = rnorm(500),
  skewed = rexp(700, 2),
  heavy = rt(900, 3)
)
for (nm in names(samples)) {
  x <- samples[[nm]]
  cat(sprintf("sample %s %d %.17g %.17g %.17g %.17g\n", nm, length(x), dpik(x), dpik(x, gridsize = 201L),
              bw.nrd0(x), bw.SJ(x, method = "dpi")))
  cat(sprintf("%.17g\n", x), sep = "")
}
