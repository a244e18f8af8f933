package org.tailor.server.evaluation.offpolicy;

/**
 * One logged round of a logging policy, with what a candidate policy and a reward model say of it.
 *
 * @param reward the observed reward of the logged action (1 redeemed or clicked, 0 not)
 * @param loggingProbability p₀(a | x), the probability with which the logging policy chose the
 *     logged action, in (0, 1]
 * @param targetProbability π(a | x), the probability with which the candidate policy would have
 *     chosen the logged action, in [0, 1]
 * @param modelledReward r̂(x, a), the reward model's prediction for the logged action
 * @param modelledPolicyValue Σ_b π(b | x) r̂(x, b), the reward model's value of the candidate
 *     policy in this context
 */
public record LoggedRound(
    double reward,
    double loggingProbability,
    double targetProbability,
    double modelledReward,
    double modelledPolicyValue) {

  public LoggedRound {
    if (!Double.isFinite(reward)) {
      throw new IllegalArgumentException("reward must be a finite number, was " + reward);
    }
    if (!(loggingProbability > 0 && loggingProbability <= 1)) {
      throw new IllegalArgumentException(
          "loggingProbability must be in (0, 1], was " + loggingProbability);
    }
    if (!(targetProbability >= 0 && targetProbability <= 1)) {
      throw new IllegalArgumentException(
          "targetProbability must be in [0, 1], was " + targetProbability);
    }
    if (!Double.isFinite(modelledReward) || !Double.isFinite(modelledPolicyValue)) {
      throw new IllegalArgumentException(
          "modelled rewards must be finite, were " + modelledReward + ", " + modelledPolicyValue);
    }
  }

  /** The importance weight w = π(a | x) / p₀(a | x). */
  public double weight() {
    return targetProbability / loggingProbability;
  }
}
