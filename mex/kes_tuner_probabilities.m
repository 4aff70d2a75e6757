% KES_TUNER_PROBABILITIES  The distribution kes_tuner_choose samples from.
%
%   p = kes_tuner_probabilities(t, context)
%
%   p is 1 x d (the arms of kes_tuner_info), summing to 1; it does not
%   advance the tuner's random stream.
%
%   See also kes_tuner_choose, kes_tuner_info.
function p = kes_tuner_probabilities(varargin)
  args = kes_tuner.unwrap(varargin);
  p = kes_tuner_mex('probabilities', args{:});
end
