#!/usr/bin/python3
"""scikit-learn side of the GP benchmark (protocol G1 of the benchmark notes).

  gp_sklearn.py --n N --kernel iso|ard --prefix P [--m 1000] [--seed 0]

Data: X ~ U(-2,2)^3, y = sin(3 x1) + cos(2 x2) x3 + 0.5 x3^2 + 0.1 N(0,1)
(numpy default_rng(seed)), m test points from the same law with their
noise-free f.  Writes P_train.csv (x1,x2,x3,y), P_test.csv (x1,x2,x3,f) for
bench_gp, and P_sk.txt with sklearn's results:
  fit_s        GaussianProcessRegressor(C(1)*RBF(1)+WhiteKernel(0.1), alpha=1e-10,
               n_restarts_optimizer=0).fit wall time
  lml          its log_marginal_likelihood_value_ (at the optimum, alpha = 1e-10)
  lml_alpha0   log_marginal_likelihood at the same theta with alpha = 0 (the
               model Kestrel fits: K = s2 k + n2 I exactly)
  predict_s    predict(Xtest, return_std=True) wall time
  rmse         test RMSE of the mean against the noise-free f
  theta        the optimum log hyperparameters [log s2, log l.., log n2]
"""
import argparse, time
import numpy as np
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import ConstantKernel as C, RBF, WhiteKernel


def f_true(X):
    return np.sin(3 * X[:, 0]) + np.cos(2 * X[:, 1]) * X[:, 2] + 0.5 * X[:, 2] ** 2


ap = argparse.ArgumentParser()
ap.add_argument("--n", type=int, required=True)
ap.add_argument("--m", type=int, default=1000)
ap.add_argument("--kernel", choices=["iso", "ard"], required=True)
ap.add_argument("--prefix", required=True)
ap.add_argument("--seed", type=int, default=0)
a = ap.parse_args()

rng = np.random.default_rng(a.seed)
X = rng.uniform(-2, 2, size=(a.n, 3))
y = f_true(X) + 0.1 * rng.standard_normal(a.n)
Xt = rng.uniform(-2, 2, size=(a.m, 3))
ft = f_true(Xt)
np.savetxt(a.prefix + "_train.csv", np.column_stack([X, y]), delimiter=",", fmt="%.17g")
np.savetxt(a.prefix + "_test.csv", np.column_stack([Xt, ft]), delimiter=",", fmt="%.17g")

ell = 1.0 if a.kernel == "iso" else [1.0, 1.0, 1.0]
kern = C(1.0, (1e-5, 1e5)) * RBF(ell, (1e-5, 1e5)) + WhiteKernel(0.1, (1e-5, 1e5))
g = GaussianProcessRegressor(kern, alpha=1e-10, n_restarts_optimizer=0)
t0 = time.perf_counter()
g.fit(X, y)
fit_s = time.perf_counter() - t0
t0 = time.perf_counter()
mu, sd = g.predict(Xt, return_std=True)
pred_s = time.perf_counter() - t0
theta = g.kernel_.theta
g0 = GaussianProcessRegressor(g.kernel_, alpha=0.0, optimizer=None).fit(X, y)
lml0 = g0.log_marginal_likelihood(theta)
with open(a.prefix + "_sk.txt", "w") as f:
    f.write("fit_s %.6f\nlml %.17g\nlml_alpha0 %.17g\npredict_s %.6f\nrmse %.17g\ntheta %s\n" % (
        fit_s, g.log_marginal_likelihood_value_, lml0, pred_s, float(np.sqrt(np.mean((mu - ft) ** 2))),
        " ".join("%.17g" % v for v in theta)))
print("sklearn n=%d %s: fit %.2f s, LML %.4f, predict+std %.3f s, kernel %s" % (a.n, a.kernel, fit_s,
      g.log_marginal_likelihood_value_, pred_s, g.kernel_))
