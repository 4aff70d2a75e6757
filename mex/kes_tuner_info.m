% KES_TUNER_INFO  What a tuner has learned.
%
%   s = kes_tuner_info(t)
%
%   s.kind      the kind's name ('chebcb', 'tsallis-inf', ...)
%   s.arms      the omega grid (1 x d)
%   s.counts    rounds observed per arm (1 x d)
%   s.rounds    rounds observed in all
%   s.last_arm  index (1-based) of the last chosen arm, NaN before the first choose
%   s.context, s.cheb_m, s.bins, s.cost_offset, s.eta: the options in use
%
%   See also kes_tuner_probabilities.
function s = kes_tuner_info(varargin)
  args = kes_tuner.unwrap(varargin);
  s = kes_tuner_mex('info', args{:});
end
