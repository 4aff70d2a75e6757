% KES_TUNER_CHOOSE  The omega to use for the next solve.
%
%   omega = kes_tuner_choose(t, context)
%   [omega, clamped] = kes_tuner_choose(t, context)
%
%   context is the scalar the contextual kinds learn from (ignored by the
%   others; may be omitted for them).  A context outside the declared
%   interval is clamped into it (clamped = true).  Report the cost of the
%   solve with kes_tuner_observe before the next choose.
%
%   Errors: kestrel:handle, kestrel:ENAN (NaN context for a contextual kind).
%
%   See also kes_tuner_observe, kes_tuner_probabilities.
function [omega, clamped] = kes_tuner_choose(varargin)
  args = kes_tuner.unwrap(varargin);
  [omega, clamped] = kes_tuner_mex('choose', args{:});
end
