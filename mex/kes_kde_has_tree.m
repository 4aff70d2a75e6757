% KES_KDE_HAS_TREE  Whether a density estimate is evaluated on a kd-tree.
%
%   tf = kes_kde_has_tree(X, name, value, ...)
%   [tf, W] = kes_kde_has_tree(...)
%
%   With 'rtol' or 'atol' > 0, kes_kde_log_density builds a kd-tree over
%   the whitened points and tries it on 16 of them; the tree is kept only
%   when its work is below the exact sum's (usually d <= 5 and a bandwidth
%   small against the data's spread; A. G. Gray and A. W. Moore, SIAM Data
%   Mining 2003).  This tells which path the same options take.
%
%   Inputs:  X  n x d points;  the options of kes_kde_log_density
%   Outputs: tf  true when the tree is kept;  W  total weight (sum of the
%            weights, or n)
%
%   Errors: as kes_kde_log_density.
%
%   Example:
%     kes_kde_has_tree(randn(1e5, 2), 'bandwidth', 0.05, 'rtol', 1e-3)   % true
%
%   See also kes_kde_log_density.
