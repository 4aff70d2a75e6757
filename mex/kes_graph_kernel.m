% KES_GRAPH_KERNEL  Exact graph node kernel (dense).
%
%   K = kes_graph_kernel(W, kind, name, value, ...)
%
%   W: n x n weighted undirected graph (sparse or full, symmetric, weights
%   >= 0).  With L the Laplacian chosen by 'laplacian':
%     'regularized'  (I + sigma2 L)^-d    options 'sigma2' (1), 'd' (1)
%     'diffusion'    expm(-beta L)        option  'beta' (1)
%     'pstep'        (a I - L)^p          options 'a' (2, >= lambda_max), 'p' (1)
%     'commute'      pinv(L)
%   'laplacian': 'normalized' (default, I - D^-1/2 W D^-1/2) or
%   'combinatorial' (D - W).  O(n^3) through LAPACK (Smola & Kondor 2003).
%
%   Errors: kestrel:EBADDATA (negative or asymmetric weights), kestrel:EDIM,
%   kestrel:EDOM (parameters), kestrel:ENAN.
%
%   See also kes_grf_features.
