% KES_GRAPH_NORMALIZED_ADJACENCY  Scaled normalised adjacency c D^-1/2 W D^-1/2.
%
%   U = kes_graph_normalized_adjacency(W)
%   U = kes_graph_normalized_adjacency(W, c)
%
%   Sparse, with the pattern of W; isolated nodes give empty rows.  This is
%   the U of graph random features: exp(-b L~) = e^-b expm(b U) for c = 1.
%
%   See also kes_grf_features.
