package org.tailor.scoring.history;

/**
 * How the plugin weighs what it knows. Scores are sums of weighted components, each between 0 and
 * 1: own-history affinity and "also bought" similarity for shoppers with purchases; declared
 * preferences and store bestsellers for newcomers.
 *
 * @param recentReceipts how many of the shopper's latest receipts are read
 * @param halfLifeDays after how many days a receipt counts half
 * @param affinityWindowDays the window of the counts in explanations ("6 times in 90 days")
 * @param affinityWeight weight of the shopper's own affinity to the category
 * @param similarityWeight weight of the "shoppers who bought X also bought" share
 * @param preferenceWeight weight of a declared preference (newcomers)
 * @param bestsellerWeight weight of the category's sales relative to the store's bestseller
 *     (newcomers)
 */
public record ScoringSettings(
    int recentReceipts,
    double halfLifeDays,
    int affinityWindowDays,
    double affinityWeight,
    double similarityWeight,
    double preferenceWeight,
    double bestsellerWeight) {

  public ScoringSettings {
    atLeast("recentReceipts", recentReceipts, 1);
    if (!(halfLifeDays > 0) || Double.isInfinite(halfLifeDays)) {
      throw new IllegalArgumentException(
          "halfLifeDays = " + halfLifeDays + ": expected a number of days greater than 0");
    }
    atLeast("affinityWindowDays", affinityWindowDays, 1);
    weight("affinityWeight", affinityWeight);
    weight("similarityWeight", similarityWeight);
    weight("preferenceWeight", preferenceWeight);
    weight("bestsellerWeight", bestsellerWeight);
  }

  /** The defaults of the plugin's configuration. */
  public static ScoringSettings defaults() {
    return new ScoringSettings(100, 60, 90, 1.0, 1.0, 1.0, 0.5);
  }

  static void atLeast(String name, long value, long minimum) {
    if (value < minimum) {
      throw new IllegalArgumentException(
          name + " = " + value + ": expected a whole number from " + minimum);
    }
  }

  private static void weight(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          name + " = " + value + ": expected a finite weight of 0 or more");
    }
  }
}
