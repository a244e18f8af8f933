package org.tailor.server.statistics;

/**
 * A sample summarised by its size, sum and sum of squares — what a database can aggregate.
 *
 * @param count number of observations
 * @param sum sum of the observations
 * @param sumOfSquares sum of the squared observations
 */
public record SampleMoments(long count, double sum, double sumOfSquares) {

  public SampleMoments {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    if (!Double.isFinite(sum) || !Double.isFinite(sumOfSquares) || sumOfSquares < 0) {
      throw new IllegalArgumentException(
          "sum and sum of squares must be finite, squares not negative: "
              + sum
              + ", "
              + sumOfSquares);
    }
  }

  /** The moments of the given observations. */
  public static SampleMoments of(double... values) {
    double sum = 0;
    double squares = 0;
    for (double value : values) {
      sum += value;
      squares += value * value;
    }
    return new SampleMoments(values.length, sum, squares);
  }

  /** The mean; 0 for an empty sample. */
  public double mean() {
    return count == 0 ? 0 : sum / count;
  }

  /**
   * The unbiased sample variance {@code (Σx² − (Σx)²/n) / (n − 1)}; 0 with fewer than two
   * observations. Rounding can make the difference slightly negative for constant samples; it is
   * clamped to 0.
   */
  public double variance() {
    if (count < 2) {
      return 0;
    }
    double centred = sumOfSquares - sum * sum / count;
    return Math.max(0, centred / (count - 1));
  }
}
