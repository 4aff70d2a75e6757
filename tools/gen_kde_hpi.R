#!/usr/bin/Rscript
# Reference plug-in bandwidth matrices for tests/test_kde_bandwidth.c from
# ks::Hpi (ks 1.14, defaults for d = 2: two-stage SAMSE pilot, pre-sphering),
# unbinned: n <= 500 (Hpi does not bin there) and binned = FALSE beyond.
# Hpi's BFGS stops at optim's default reltol (1e-8 in the criterion) with a
# finite-difference gradient, which leaves H about 1e-4 from the minimiser;
# the "tight" matrix minimises the same criterion (ks's own pre-sphering and
# psifun2 functionals) with reltol = 1e-15, for a sharper comparison.
# Output: blocks "hpi NAME n H11 H12 H22 T11 T12 T22" (Hpi, tight) followed
# by n lines "x1 x2".
# Usage: Rscript tools/gen_kde_hpi.R > tests/data/kde_hpi.txt
suppressMessages(library(ks))
set.seed(20261203)
corr <- function(n, r) { z <- matrix(rnorm(2 * n), n, 2); cbind(z[, 1], r * z[, 1] + sqrt(1 - r^2) * z[, 2]) }
samples <- list(
  corr = corr(200, 0.6),
  bimodal = rbind(corr(250, -0.3), sweep(corr(150, 0.5) * 0.6, 2, c(3, 1), "+")),
  scaled = sweep(corr(300, 0.2), 2, c(100, 0.01), "*"),
  larger = corr(800, 0.8)
)
for (nm in names(samples)) {
  x <- samples[[nm]]
  H <- Hpi(x, binned = FALSE)
  n <- nrow(x)
  xs <- ks:::pre.sphere(x)
  P <- invvec(ks:::psifun2(xs, pilot = "samse", binned = FALSE, bin.par = NULL)$psir)
  f <- function(v) { A <- invvech(v); G <- A %*% A
    1 / (4 * pi * n * sqrt(det(G))) + drop(t(vec(G)) %*% P %*% vec(G)) / 4 }
  r <- optim(vech(ks:::matrix.sqrt(Hns(xs))), f, method = "BFGS", control = list(reltol = 1e-15, maxit = 1000))
  S12 <- ks:::matrix.sqrt(var(x))
  A <- invvech(r$par)
  Tm <- S12 %*% (A %*% A) %*% S12
  cat(sprintf("hpi %s %d %.17g %.17g %.17g %.17g %.17g %.17g\n", nm, n, H[1, 1], H[1, 2], H[2, 2],
              Tm[1, 1], Tm[1, 2], Tm[2, 2]))
  cat(sprintf("%.17g %.17g\n", x[, 1], x[, 2]), sep = "")
}
