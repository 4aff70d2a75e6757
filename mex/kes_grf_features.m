% KES_GRF_FEATURES  Graph random features (sparse).
%
%   Phi = kes_grf_features(U, f, name, value, ...)
%   [Phi, stats] = kes_grf_features(...)
%
%   Random walks on U's pattern (Choromanski 2023; Reid et al. 2024) give a
%   sparse n x n Phi with E[Phi] = sum_k f(k+1) U^k.  Two independent calls
%   (different seeds) give an unbiased kernel estimate K ~ Phi1 * Phi2'.
%   Example, the diffusion kernel expm(-b L~) of a graph W:
%     U = kes_graph_normalized_adjacency(W);
%     f = kes_grf_modulation('diffusion', b, 20);
%     P1 = kes_grf_features(U, f, 'seed', 1);  P2 = kes_grf_features(U, f, 'seed', 2);
%     K = exp(-b) * P1 * P2';
%
%   Options: 'walkers' per node (16), 'p_halt' (0.5), 'antithetic' (false),
%   'repelling' (false), 'proposal' ('uniform' or 'weighted'), 'max_len'
%   (0: the length of f), 'check_variance' (true), 'seed'.
%   stats: rho_b, f_rate, growth (< 1: finite variance), suggested_p_halt,
%   nnz, mean_steps.
%
%   Errors: kestrel:EVARIANCE (infinite variance; the message suggests a
%   p_halt), kestrel:EDOM (p_halt outside (0, 1), divergent series),
%   kestrel:EINVAL, kestrel:EDIM.
%
%   See also kes_graph_kernel, kes_grf_modulation.
