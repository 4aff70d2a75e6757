% KES_TUNER_PREDICTED_COSTS  ChebCB's predicted cost of every arm at a context.
%
%   c = kes_tuner_predicted_costs(t, context)
%
%   c (1 x d) is cost_offset + the fitted Chebyshev regression of each arm
%   at this context: what the tuner believes each omega of kes_tuner_info(t).arms
%   costs there.  Only for 'chebcb' tuners (others: kestrel:ENOTSUP).
%
%   See also kes_tuner_probabilities, kes_tuner_info.
function c = kes_tuner_predicted_costs(varargin)
  args = kes_tuner.unwrap(varargin);
  c = kes_tuner_mex('predicted_costs', args{:});
end
