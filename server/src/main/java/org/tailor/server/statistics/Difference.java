package org.tailor.server.statistics;

/**
 * A treatment-minus-holdout difference with its confidence interval.
 *
 * @param treatment the treatment group's estimate (a rate or a mean)
 * @param holdout the holdout group's estimate
 * @param estimate {@code treatment − holdout}
 * @param standardError the standard error of the difference
 * @param lower lower end of the interval
 * @param upper upper end of the interval
 * @param confidence the interval's confidence level, such as 0.95
 * @param treatmentSize observations in the treatment group
 * @param holdoutSize observations in the holdout group
 */
public record Difference(
    double treatment,
    double holdout,
    double estimate,
    double standardError,
    double lower,
    double upper,
    double confidence,
    long treatmentSize,
    long holdoutSize) {

  /** Whether the interval excludes zero: the difference is significant at this level. */
  public boolean significant() {
    return lower > 0 || upper < 0;
  }

  /** This difference scaled by {@code factor}, e.g. per-presentation uplift times presentations. */
  public Difference scaled(double factor) {
    double a = lower * factor;
    double b = upper * factor;
    return new Difference(
        treatment * factor,
        holdout * factor,
        estimate * factor,
        standardError * Math.abs(factor),
        Math.min(a, b),
        Math.max(a, b),
        confidence,
        treatmentSize,
        holdoutSize);
  }
}
