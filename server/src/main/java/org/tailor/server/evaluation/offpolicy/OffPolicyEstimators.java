package org.tailor.server.evaluation.offpolicy;

import java.util.List;

/**
 * Off-policy estimators of a candidate policy's value from rounds logged by another policy (Dudík,
 * Langford &amp; Li, "Doubly Robust Policy Evaluation and Learning", ICML 2011; Swaminathan &amp;
 * Joachims, "The Self-Normalized Estimator for Counterfactual Learning", NeurIPS 2015), with w_i =
 * π(a_i | x_i) / p₀(a_i | x_i):
 *
 * <pre>
 *   IPS   V = (1/n) Σ w_i r_i
 *   SNIPS V = Σ w_i r_i / Σ w_i
 *   DM    V = (1/n) Σ_i Σ_b π(b | x_i) r̂(x_i, b)
 *   DR    V = (1/n) Σ [ Σ_b π(b | x_i) r̂(x_i, b) + w_i (r_i − r̂(x_i, a_i)) ]
 * </pre>
 *
 * Confidence intervals are normal (central limit theorem): the standard error of a mean is the
 * sample standard deviation of its terms over √n; for SNIPS, a ratio, the delta method gives √(Σ
 * w_i² (r_i − V)²) / Σ w_i. The DM interval counts only the spread over contexts, not the reward
 * model's own error, so it is too narrow whenever the model is biased — as the Open Bandit check
 * shows.
 */
public final class OffPolicyEstimators {

  /** z for a two-sided 95 % normal interval. */
  public static final double Z_95 = 1.959963984540054;

  private OffPolicyEstimators() {}

  public static PolicyValueEstimate ips(List<LoggedRound> rounds) {
    double[] terms = new double[nonEmpty(rounds).size()];
    for (int i = 0; i < terms.length; i++) {
      LoggedRound r = rounds.get(i);
      terms[i] = r.weight() * r.reward();
    }
    return mean("ips", terms);
  }

  public static PolicyValueEstimate selfNormalisedIps(List<LoggedRound> rounds) {
    double weighted = 0;
    double weights = 0;
    for (LoggedRound r : nonEmpty(rounds)) {
      weighted += r.weight() * r.reward();
      weights += r.weight();
    }
    if (weights == 0) {
      // The candidate never agrees with the log: there is nothing to estimate from.
      return new PolicyValueEstimate("snips", Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
    }
    double value = weighted / weights;
    double squares = 0;
    for (LoggedRound r : rounds) {
      double term = r.weight() * (r.reward() - value);
      squares += term * term;
    }
    double se = Math.sqrt(squares) / weights;
    return new PolicyValueEstimate(
        "snips", value, se, value - Z_95 * se, value + Z_95 * se, rounds.size());
  }

  public static PolicyValueEstimate directMethod(List<LoggedRound> rounds) {
    double[] terms = new double[nonEmpty(rounds).size()];
    for (int i = 0; i < terms.length; i++) {
      terms[i] = rounds.get(i).modelledPolicyValue();
    }
    return mean("dm", terms);
  }

  public static PolicyValueEstimate doublyRobust(List<LoggedRound> rounds) {
    double[] terms = new double[nonEmpty(rounds).size()];
    for (int i = 0; i < terms.length; i++) {
      LoggedRound r = rounds.get(i);
      terms[i] = r.modelledPolicyValue() + r.weight() * (r.reward() - r.modelledReward());
    }
    return mean("dr", terms);
  }

  /** All four, in the order IPS, SNIPS, DM, DR. */
  public static List<PolicyValueEstimate> all(List<LoggedRound> rounds) {
    return List.of(
        ips(rounds), selfNormalisedIps(rounds), directMethod(rounds), doublyRobust(rounds));
  }

  /** The on-policy value of a log: the mean reward, with its normal interval. */
  public static PolicyValueEstimate onPolicy(double[] rewards) {
    if (rewards.length == 0) {
      throw new IllegalArgumentException("no logged rounds to estimate from");
    }
    return mean("on-policy", rewards);
  }

  private static PolicyValueEstimate mean(String estimator, double[] terms) {
    int n = terms.length;
    double sum = 0;
    for (double t : terms) {
      sum += t;
    }
    double mean = sum / n;
    double squares = 0;
    for (double t : terms) {
      squares += (t - mean) * (t - mean);
    }
    double se = n > 1 ? Math.sqrt(squares / (n - 1) / n) : Double.NaN;
    return new PolicyValueEstimate(estimator, mean, se, mean - Z_95 * se, mean + Z_95 * se, n);
  }

  private static List<LoggedRound> nonEmpty(List<LoggedRound> rounds) {
    if (rounds.isEmpty()) {
      throw new IllegalArgumentException("no logged rounds to estimate from");
    }
    return rounds;
  }
}
