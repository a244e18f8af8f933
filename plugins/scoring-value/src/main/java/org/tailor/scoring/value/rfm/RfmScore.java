package org.tailor.scoring.value.rfm;

/**
 * Recency, frequency and monetary value as quintile scores, 5 best (Hughes 1994): recency 5 = the
 * most recent purchasers, frequency 5 = the most repeat purchases, monetary 5 = the highest mean
 * spend.
 *
 * @param recency 1 to 5
 * @param frequency 1 to 5
 * @param monetary 1 to 5
 */
public record RfmScore(int recency, int frequency, int monetary) {

  public RfmScore {
    check("recency", recency);
    check("frequency", frequency);
    check("monetary", monetary);
  }

  private static void check(String field, int score) {
    if (score < 1 || score > 5) {
      throw new IllegalArgumentException(
          field + ": \"" + score + "\" is not valid; expected a score from 1 to 5.");
    }
  }

  /** The classic three-digit cell, such as 545. */
  public int cell() {
    return recency * 100 + frequency * 10 + monetary;
  }
}
