package org.tailor.scoring.value.lifetime;

import java.util.Objects;

/**
 * One shopper's purchase history over a calibration period, as the buy-till-you-die models see it
 * (Fader, Hardie &amp; Lee 2005): how many repeat purchases, when the last one was, and how long
 * the shopper has been observed. Times are in weeks from the shopper's first purchase; purchases on
 * one day count as one purchase.
 *
 * @param customerId the shopper's id in the source data
 * @param frequency x, the number of repeat purchase days (the first purchase is not counted)
 * @param recencyWeeks t<sub>x</sub>, weeks from the first purchase to the last repeat purchase (0
 *     when there is none)
 * @param ageWeeks T, weeks from the first purchase to the end of the calibration period
 * @param meanRepeatSpend the mean amount of the repeat purchase days (0 when there is none), the
 *     input of the Gamma-Gamma spend model
 */
public record CustomerSummary(
    String customerId,
    int frequency,
    double recencyWeeks,
    double ageWeeks,
    double meanRepeatSpend) {

  public CustomerSummary {
    Objects.requireNonNull(customerId, "customerId");
    if (frequency < 0) {
      throw new ModelInputException("frequency", frequency, "a whole number of 0 or more");
    }
    ModelInputException.nonNegative("ageWeeks", ageWeeks);
    ModelInputException.nonNegative("recencyWeeks", recencyWeeks);
    if (recencyWeeks > ageWeeks) {
      throw new ModelInputException(
          "recencyWeeks", recencyWeeks, "at most the age in weeks (" + ageWeeks + ")");
    }
    if (frequency == 0 && recencyWeeks != 0) {
      throw new ModelInputException(
          "recencyWeeks", recencyWeeks, "0 for a shopper without repeat purchases");
    }
    if (!Double.isFinite(meanRepeatSpend)) {
      throw new ModelInputException("meanRepeatSpend", meanRepeatSpend, "a finite amount");
    }
  }

  /** A shopper seen once, {@code ageWeeks} before the end of the period. */
  public static CustomerSummary oneTimeBuyer(String customerId, double ageWeeks) {
    return new CustomerSummary(customerId, 0, 0, ageWeeks, 0);
  }
}
