package org.tailor.scoring.bandit.thompson;

import java.util.random.RandomGenerator;

/**
 * The Beta(α, β) posterior of a Bernoulli redemption rate: a Beta(α₀, β₀) prior updated with {@code
 * successes} redemptions in {@code trials} presentations gives Beta(α₀ + successes, β₀ + trials −
 * successes) (conjugacy of the Beta and Bernoulli distributions).
 *
 * @param alpha α, the prior's pseudo-successes plus the redemptions seen, positive
 * @param beta β, the prior's pseudo-failures plus the presentations not redeemed, positive
 */
public record BetaPosterior(double alpha, double beta) {

  public BetaPosterior {
    if (!(alpha > 0 && beta > 0 && Double.isFinite(alpha) && Double.isFinite(beta))) {
      throw new IllegalArgumentException(
          "Beta parameters must be positive and finite, were alpha=" + alpha + ", beta=" + beta);
    }
  }

  /** The posterior after {@code successes} of {@code trials}, from prior Beta(α₀, β₀). */
  public static BetaPosterior update(
      double priorAlpha, double priorBeta, long trials, long successes) {
    if (trials < 0 || successes < 0 || successes > trials) {
      throw new IllegalArgumentException(
          "expected 0 <= successes <= trials, were successes=" + successes + ", trials=" + trials);
    }
    return new BetaPosterior(priorAlpha + successes, priorBeta + (trials - successes));
  }

  /** The posterior mean α / (α + β). */
  public double mean() {
    return alpha / (alpha + beta);
  }

  /** One draw from the posterior, as Thompson sampling needs. */
  public double sample(RandomGenerator random) {
    return BetaSampler.sample(alpha, beta, random);
  }
}
