#!/usr/bin/Rscript
# Reference binned density estimates for tests/test_kde_binned_r.c from R:
# KernSmooth::bkde (1-D, normal kernel) and ks::kde with binned = TRUE (2-D,
# full bandwidth matrix) on data that the test regenerates bit for bit from
# the same formula (sums of fractional parts of i times irrational
# constants: the same IEEE operations in R and C), so only the results are
# stored.  Values with 17 significant digits (read back exactly).
# Output: tests/data/kde_binned_r.txt:
#   "bkde n h M a b" then M values; "ks n H11 H21 H22 M lo hi" then M^2
#   values (first index fastest, 12 significant digits: far below the
#   truncation and binning errors compared).
# Usage: Rscript tools/gen_kde_binned_r.R > tests/data/kde_binned_r.txt
suppressMessages({ library(KernSmooth); library(ks) })
fr <- function(x) x - floor(x)
pts1 <- function(n) { i <- 1:n; 2 * (fr(i * 0.6180339887498949) + fr(i * 0.41421356237309503) + fr(i * 0.7320508075688772)) - 3 }
pts2 <- function(n) { i <- 1:n; 2 * (fr(i * 0.2360679774997897) + fr(i * 0.6457513110645906) + fr(i * 0.1622776601683795)) - 3 }
n <- 20000; h <- 0.15; M <- 401L; a <- -4; b <- 4.5
x <- pts1(n)
f <- bkde(x, bandwidth = h, gridsize = M, range.x = c(a, b))
cat(sprintf("bkde %d %.17g %d %.17g %.17g\n", n, h, M, a, b))
cat(sprintf("%.17g\n", f$y), sep = "")
n2 <- 5000; H <- matrix(c(0.04, 0.015, 0.015, 0.03), 2); M2 <- 101L; lo <- -5; hi <- 5
X <- cbind(pts1(n2), 0.5 * pts1(n2) + pts2(n2))
k <- kde(X, H = H, gridsize = c(M2, M2), xmin = c(lo, lo), xmax = c(hi, hi), binned = TRUE)
stopifnot(max(abs(k$eval.points[[1]] - seq(lo, hi, length.out = M2))) < 1e-12)
cat(sprintf("ks %d %.17g %.17g %.17g %d %.17g %.17g\n", n2, H[1, 1], H[2, 1], H[2, 2], M2, lo, hi))
cat(sprintf("%.12g\n", as.vector(k$estimate)), sep = "")
