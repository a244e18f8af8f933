package org.tailor.scoring.value.lifetime;

import java.util.List;

/**
 * The data the Gamma-Gamma spend model needs: for each shopper with at least one repeat purchase,
 * the number of repeat purchases x and their mean amount. Shoppers without repeat purchases, and
 * those whose mean is not above 0 (returns), tell the model nothing and are left out, as in Fader
 * &amp; Hardie's CDNOW analysis (946 of 2,357 shoppers).
 */
public final class SpendObservations {

  final int[] frequency;
  final double[] meanSpend;

  private SpendObservations(int[] frequency, double[] meanSpend) {
    this.frequency = frequency;
    this.meanSpend = meanSpend;
  }

  /** The shoppers of {@code summaries} with repeat purchases and a positive mean spend. */
  public static SpendObservations of(List<CustomerSummary> summaries) {
    int n = 0;
    for (CustomerSummary summary : summaries) {
      if (summary.frequency() > 0 && summary.meanRepeatSpend() > 0) {
        n++;
      }
    }
    int[] x = new int[n];
    double[] m = new double[n];
    int i = 0;
    for (CustomerSummary summary : summaries) {
      if (summary.frequency() > 0 && summary.meanRepeatSpend() > 0) {
        x[i] = summary.frequency();
        m[i] = summary.meanRepeatSpend();
        i++;
      }
    }
    return of(x, m);
  }

  /** Shoppers as parallel arrays; every frequency must be 1 or more and every mean above 0. */
  public static SpendObservations of(int[] frequency, double[] meanSpend) {
    if (frequency.length != meanSpend.length) {
      throw new ModelInputException(
          "meanSpend", meanSpend.length + " values", frequency.length + " values, as frequency");
    }
    if (frequency.length == 0) {
      throw new ModelInputException(
          "shoppers with repeat purchases", 0, "at least one to fit the spend model");
    }
    for (int i = 0; i < frequency.length; i++) {
      GammaGammaModel.checkSpend(frequency[i], meanSpend[i]);
    }
    return new SpendObservations(frequency.clone(), meanSpend.clone());
  }

  /** How many shoppers. */
  public int customers() {
    return frequency.length;
  }
}
