package org.tailor.server.statistics;

import java.util.Optional;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Treatment against holdout: differences of proportions and of means with confidence intervals.
 *
 * <ul>
 *   <li>Proportions: Wald interval with the unpooled standard error {@code √(p₁(1−p₁)/n₁ +
 *       p₀(1−p₀)/n₀)} and the normal quantile (Agresti, <i>Categorical Data Analysis</i>, 3rd ed.,
 *       §1.4 and §3.1.2; the interval used for average treatment effects of randomised tests).
 *   <li>Means: Welch's interval, standard error {@code √(s₁²/n₁ + s₀²/n₀)} with the t quantile at
 *       the Welch–Satterthwaite degrees of freedom {@code (s₁²/n₁ + s₀²/n₀)² / ((s₁²/n₁)²/(n₁−1) +
 *       (s₀²/n₀)²/(n₀−1))} (Welch 1947, Biometrika 34:28–35).
 * </ul>
 *
 * Both are empty when a group has fewer than two observations: no interval can be given.
 */
public final class TwoSampleComparison {

  private TwoSampleComparison() {}

  /**
   * The difference of two proportions, {@code successesT/sizeT − successesH/sizeH}.
   *
   * @param confidence such as 0.95
   */
  public static Optional<Difference> proportions(
      long treatmentSuccesses,
      long treatmentSize,
      long holdoutSuccesses,
      long holdoutSize,
      double confidence) {
    checkCounts(treatmentSuccesses, treatmentSize, "treatment");
    checkCounts(holdoutSuccesses, holdoutSize, "holdout");
    checkConfidence(confidence);
    if (treatmentSize < 2 || holdoutSize < 2) {
      return Optional.empty();
    }
    double p1 = (double) treatmentSuccesses / treatmentSize;
    double p0 = (double) holdoutSuccesses / holdoutSize;
    double se = Math.sqrt(p1 * (1 - p1) / treatmentSize + p0 * (1 - p0) / holdoutSize);
    double z = normalQuantile(confidence);
    double estimate = p1 - p0;
    return Optional.of(
        new Difference(
            p1,
            p0,
            estimate,
            se,
            estimate - z * se,
            estimate + z * se,
            confidence,
            treatmentSize,
            holdoutSize));
  }

  /** The difference of two means with Welch's interval. */
  public static Optional<Difference> means(
      SampleMoments treatment, SampleMoments holdout, double confidence) {
    checkConfidence(confidence);
    if (treatment.count() < 2 || holdout.count() < 2) {
      return Optional.empty();
    }
    double a = treatment.variance() / treatment.count();
    double b = holdout.variance() / holdout.count();
    double se = Math.sqrt(a + b);
    double estimate = treatment.mean() - holdout.mean();
    double quantile;
    if (se == 0) {
      quantile = 0;
    } else {
      double df = welchDegreesOfFreedom(a, b, treatment.count(), holdout.count());
      quantile = new TDistribution(null, df).inverseCumulativeProbability(0.5 + confidence / 2);
    }
    return Optional.of(
        new Difference(
            treatment.mean(),
            holdout.mean(),
            estimate,
            se,
            estimate - quantile * se,
            estimate + quantile * se,
            confidence,
            treatment.count(),
            holdout.count()));
  }

  /** Welch–Satterthwaite degrees of freedom from the two variances of the means. */
  static double welchDegreesOfFreedom(
      double varianceOfMeanT, double varianceOfMeanH, long sizeT, long sizeH) {
    double numerator = Math.pow(varianceOfMeanT + varianceOfMeanH, 2);
    double denominator =
        varianceOfMeanT * varianceOfMeanT / (sizeT - 1)
            + varianceOfMeanH * varianceOfMeanH / (sizeH - 1);
    return numerator / denominator;
  }

  static double normalQuantile(double confidence) {
    return new NormalDistribution(null, 0, 1).inverseCumulativeProbability(0.5 + confidence / 2);
  }

  private static void checkCounts(long successes, long size, String group) {
    if (size < 0 || successes < 0 || successes > size) {
      throw new IllegalArgumentException(
          group + ": successes must be from 0 to the size: " + successes + " of " + size);
    }
  }

  private static void checkConfidence(double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be between 0 and 1: " + confidence);
    }
  }
}
