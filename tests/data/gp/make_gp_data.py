#!/usr/bin/python3
"""Export the GP regression test data and scikit-learn's reference values.

Run once (Debian python3-sklearn); writes, next to this script:
  gp_n500.csv     X (3 columns) and y: the protocol data of the benchmark
                  notes (X ~ U(-2,2)^3, y = sin(3 x1) + cos(2 x2) x3 + 0.5 x3^2
                  + 0.1 N(0,1), numpy seed 0), n = 500, %.17g
  gp_lml.txt      one line per kernel: name, p, log-hyperparameters in
                  Kestrel's order (log s2, log length scales, [log alpha or
                  log nu], log n2), sklearn's log_marginal_likelihood at them
                  (matern_nuNN: sklearn's Matern with nu = N.N, through
                  scipy's kv)
  gp_opt.txt      sklearn's optimum (L-BFGS-B, 5 restarts, seed 0) for SE iso
                  and SE ARD: name, p, log theta (Kestrel order), LML
  gp_pred_matern.csv  the same for the general-nu Matern cases (nu = 0.8 iso,
                  nu = 3.7 ARD)
  gp_pred.csv     20 query points and, per kernel in gp_pred_kernels, sklearn's
                  predict(return_std=True) mean and std (std includes the
                  white noise, so var_f = std^2 - n2)
sklearn's GaussianProcessRegressor is used with alpha = 0 so that K + n2 I is
exactly the model Kestrel fits (y = f + noise, f ~ GP(0, s2 k), noise ~ N(0, n2)).
"""
import os, sys
import numpy as np
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import ConstantKernel as C, RBF, Matern, RationalQuadratic, WhiteKernel

here = os.path.dirname(os.path.abspath(__file__))

def protocol(n, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2, 2, size=(n, 3))
    y = np.sin(3 * X[:, 0]) + np.cos(2 * X[:, 1]) * X[:, 2] + 0.5 * X[:, 2] ** 2 + 0.1 * rng.standard_normal(n)
    return X, y

def make_kernel(name, s2, ell, n2, alpha=None):
    if name.startswith("se"):
        k = RBF(ell, (1e-5, 1e5))
    elif name.startswith("matern_nu"):  # general smoothness: alpha carries nu
        k = Matern(ell, (1e-5, 1e5), nu=alpha)
    elif name.startswith("matern"):
        nu = {"matern12": 0.5, "matern32": 1.5, "matern52": 2.5}[name.split("_")[0]]
        k = Matern(ell, (1e-5, 1e5), nu=nu)
    elif name == "rq":
        k = RationalQuadratic(ell, alpha, (1e-5, 1e5), (1e-5, 1e5))
    return C(s2, (1e-5, 1e5)) * k + WhiteKernel(n2, (1e-5, 1e5))

def kestrel_theta(name, s2, ell, n2, alpha=None):
    t = [np.log(s2)] + list(np.log(np.atleast_1d(ell)))
    if alpha is not None:
        t.append(np.log(alpha))
    return t + [np.log(n2)]

def fixed_lml(X, y, kern):
    g = GaussianProcessRegressor(kern, alpha=0.0, optimizer=None).fit(X, y)
    return g, g.log_marginal_likelihood(g.kernel_.theta)

def main():
    n = 500
    X, y = protocol(n)
    with open(os.path.join(here, "gp_n500.csv"), "w") as f:
        f.write("x1,x2,x3,y\n")
        for i in range(n):
            f.write("%.17g,%.17g,%.17g,%.17g\n" % (X[i, 0], X[i, 1], X[i, 2], y[i]))
    cases = [
        ("se_iso", 2.1, 0.9, 0.012, None),
        ("se_ard", 3.0, [1.2, 1.5, 4.0], 0.011, None),
        ("matern12_iso", 1.7, 1.3, 0.02, None),
        ("matern12_ard", 1.7, [1.3, 0.8, 2.5], 0.02, None),
        ("matern32_iso", 1.9, 1.1, 0.015, None),
        ("matern32_ard", 1.9, [1.1, 1.4, 3.0], 0.015, None),
        ("matern52_iso", 2.2, 1.0, 0.013, None),
        ("matern52_ard", 2.2, [1.0, 1.3, 3.5], 0.013, None),
        ("rq", 2.4, 1.1, 0.014, 1.7),
        ("matern_nu08_iso", 1.8, 1.2, 0.016, 0.8),
        ("matern_nu08_ard", 1.8, [1.2, 1.0, 2.8], 0.016, 0.8),
        ("matern_nu37_iso", 2.0, 1.05, 0.014, 3.7),
        ("matern_nu37_ard", 2.0, [1.05, 1.3, 3.2], 0.014, 3.7),
    ]
    with open(os.path.join(here, "gp_lml.txt"), "w") as f:
        f.write("# kernel p log-theta(Kestrel order: log s2, log ell.., [log alpha], log n2) sklearn_lml\n")
        for name, s2, ell, n2, a in cases:
            _, lml = fixed_lml(X, y, make_kernel(name, s2, ell, n2, a))
            t = kestrel_theta(name, s2, ell, n2, a)
            f.write("%s %d %s %.17g\n" % (name, len(t), " ".join("%.17g" % v for v in t), lml))
    # composite covariances (kes_gp_fit_cov): sklearn's theta order is the
    # tree's block order, so it is written unchanged.  The periodic kernel is
    # positive definite only on one coordinate: those cases use column x1
    # alone (names ending _x1).
    from sklearn.gaussian_process.kernels import ExpSineSquared
    comp = [
        ("cov_periodic_x1", C(1.6, (1e-5, 1e5)) * ExpSineSquared(1.3, 2.7, (1e-5, 1e5), (1e-5, 1e5))
         + WhiteKernel(0.05, (1e-5, 1e5))),
        ("cov_se_plus_periodic_se_x1", C(2.0, (1e-5, 1e5)) * RBF(1.1, (1e-5, 1e5))
         + C(0.4, (1e-5, 1e5)) * ExpSineSquared(0.9, 1.7, (1e-5, 1e5), (1e-5, 1e5)) * RBF(2.5, (1e-5, 1e5))
         + WhiteKernel(0.012, (1e-5, 1e5))),
        ("cov_rq_times_matern", C(1.5, (1e-5, 1e5)) * RationalQuadratic(1.4, 0.7, (1e-5, 1e5), (1e-5, 1e5))
         * Matern([1.2, 1.5, 3.0], (1e-5, 1e5), nu=1.5) + WhiteKernel(0.02, (1e-5, 1e5))),
    ]
    with open(os.path.join(here, "gp_lml.txt"), "a") as f:
        for name, kern in comp:
            g, lml = fixed_lml(X[:, :1] if name.endswith("_x1") else X, y, kern)
            th = g.kernel_.theta
            f.write("%s %d %s %.17g\n" % (name, len(th), " ".join("%.17g" % v for v in th), lml))
    with open(os.path.join(here, "gp_opt.txt"), "w") as f:
        f.write("# kernel p log-theta(Kestrel order) sklearn_optimum_lml (L-BFGS-B, n_restarts_optimizer=5, seed 0, alpha=0)\n")
        for name, ell in (("se_iso", 1.0), ("se_ard", [1.0, 1.0, 1.0])):
            g = GaussianProcessRegressor(C(1.0, (1e-5, 1e5)) * RBF(ell, (1e-5, 1e5)) + WhiteKernel(0.1, (1e-5, 1e5)),
                                         alpha=0.0, n_restarts_optimizer=5, random_state=0).fit(X, y)
            th = g.kernel_.theta  # [log c, log ell.., log noise], already Kestrel's order
            f.write("%s %d %s %.17g\n" % (name, len(th), " ".join("%.17g" % v for v in th), g.log_marginal_likelihood_value_))
    rng = np.random.default_rng(1)
    Q = rng.uniform(-2.2, 2.2, size=(20, 3))
    cols = [Q[:, 0], Q[:, 1], Q[:, 2]]
    hdr = ["q1", "q2", "q3"]
    for name, s2, ell, n2, a in cases:
        if name not in ("se_ard", "matern52_iso", "rq"):
            continue
        g, _ = fixed_lml(X, y, make_kernel(name, s2, ell, n2, a))
        mu, sd = g.predict(Q, return_std=True)
        cols += [mu, sd]
        hdr += [name + "_mean", name + "_std"]
    with open(os.path.join(here, "gp_pred.csv"), "w") as f:
        f.write(",".join(hdr) + "\n")
        for i in range(Q.shape[0]):
            f.write(",".join("%.17g" % c[i] for c in cols) + "\n")
    # general-nu Matern predictions at the same queries (gp_pred_matern.csv)
    cols = [Q[:, 0], Q[:, 1], Q[:, 2]]
    hdr = ["q1", "q2", "q3"]
    for name, s2, ell, n2, a in cases:
        if name not in ("matern_nu08_iso", "matern_nu37_ard"):
            continue
        g, _ = fixed_lml(X, y, make_kernel(name, s2, ell, n2, a))
        mu, sd = g.predict(Q, return_std=True)
        cols += [mu, sd]
        hdr += [name + "_mean", name + "_std"]
    with open(os.path.join(here, "gp_pred_matern.csv"), "w") as f:
        f.write(",".join(hdr) + "\n")
        for i in range(Q.shape[0]):
            f.write(",".join("%.17g" % c[i] for c in cols) + "\n")

if __name__ == "__main__":
    main()
