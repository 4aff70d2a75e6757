% KES_KDE_BW_SCOTT  Scott's rule: h_j = std(X(:, j)) n_e^(-1/(d+4)).
%
%   h = kes_kde_bw_scott(X)      h = kes_kde_bw_scott(X, w)
%
%   X: n x d (n >= 2); h: 1 x d; w optional weights (n_e = sum(w)^2/sum(w.^2)).
%   The bandwidth kes_kde_log_density uses by default.
