#!/usr/bin/Rscript
# R side of the binned KDE bench: KernSmooth::bkde (1-D) or ks::kde with
# binned = TRUE (2-D) on the data bench_kde_tree --binned1/--binned2 wrote,
# with the same grid and bandwidth, timed over K runs (mean and standard
# error of the wall time), and the largest difference from Kestrel's grid
# values relative to the largest density.
# Usage: Rscript bench/kde_binned_r.R 1|2 PREFIX N K out.csv
suppressMessages({ library(KernSmooth); library(ks) })
a <- commandArgs(trailingOnly = TRUE)
dim <- as.integer(a[1]); prefix <- a[2]; N <- as.numeric(a[3]); K <- as.integer(a[4]); out <- a[5]
x <- readBin(paste0(prefix, "_x.bin"), "double", n = N * dim)
ts <- numeric(K)
if (dim == 1) {
  f0 <- readBin(paste0(prefix, "_f.bin"), "double", n = 4096)
  for (k in 1:K) ts[k] <- system.time(r <- bkde(x, bandwidth = 0.1, gridsize = 4096L, range.x = c(-6, 9)))[["elapsed"]]
  est <- r$y; tool <- sprintf("KernSmooth %s bkde", packageVersion("KernSmooth")); G <- 4096
} else {
  X <- matrix(x, ncol = 2)
  H <- matrix(c(0.04, 0.015, 0.015, 0.03), 2)
  f0 <- readBin(paste0(prefix, "_f.bin"), "double", n = 151 * 151)
  for (k in 1:K) ts[k] <- system.time(r <- kde(X, H = H, gridsize = c(151, 151), xmin = c(-6, -6), xmax = c(6, 6),
                                               binned = TRUE))[["elapsed"]]
  est <- as.vector(r$estimate); tool <- sprintf("ks %s kde binned", packageVersion("ks")); G <- 151 * 151
}
rel <- max(abs(est - f0)) / max(abs(est))
se <- if (K > 1) sd(ts) / sqrt(K) else 0
cat("tool,d,n,m,rtol,mean_s,se_s,reps,m_timed,maxrel\n", file = out)
cat(sprintf("%s,%d,%.0f,%d,0,%.6f,%.6f,%d,%d,%.3e\n", tool, dim, N, G, mean(ts), se, K, G, rel), file = out, append = TRUE)
