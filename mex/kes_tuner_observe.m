% KES_TUNER_OBSERVE  Report the cost of the solve made with the last omega.
%
%   kes_tuner_observe(t, cost)
%
%   cost: any number in [0, 1e100], smaller is better (an iteration count,
%   seconds).  Use the iteration cap when a solve did not converge.
%
%   Errors: kestrel:ESTATE (no pending choose), kestrel:EINVAL (negative or
%   NaN cost), kestrel:ERANGE, kestrel:handle.
%
%   See also kes_tuner_choose.
function kes_tuner_observe(varargin)
  args = kes_tuner.unwrap(varargin);
  kes_tuner_mex('observe', args{:});
end
