package org.tailor.scoring.value.rfm;

import java.util.Arrays;
import java.util.List;
import org.tailor.scoring.value.lifetime.CustomerSummary;
import org.tailor.scoring.value.lifetime.ModelInputException;

/**
 * Quintile RFM scoring against a population of shoppers: the cut points are the population's 20th,
 * 40th, 60th and 80th percentiles of weeks since the last purchase (fewer is better), repeat
 * purchases and mean repeat spend.
 */
public final class RfmScoring {

  private final double[] weeksSinceLastCuts;
  private final double[] frequencyCuts;
  private final double[] monetaryCuts;

  private RfmScoring(double[] weeksSinceLast, double[] frequency, double[] monetary) {
    this.weeksSinceLastCuts = quintileCuts(weeksSinceLast);
    this.frequencyCuts = quintileCuts(frequency);
    this.monetaryCuts = quintileCuts(monetary);
  }

  /** Cut points from {@code population}, which must not be empty. */
  public static RfmScoring fromPopulation(List<CustomerSummary> population) {
    if (population.isEmpty()) {
      throw new ModelInputException("population", 0, "at least one shopper");
    }
    int n = population.size();
    double[] since = new double[n];
    double[] frequency = new double[n];
    double[] monetary = new double[n];
    for (int i = 0; i < n; i++) {
      CustomerSummary s = population.get(i);
      since[i] = weeksSinceLast(s);
      frequency[i] = s.frequency();
      monetary[i] = s.meanRepeatSpend();
    }
    return new RfmScoring(since, frequency, monetary);
  }

  /** The shopper's scores. */
  public RfmScore score(CustomerSummary shopper) {
    return new RfmScore(
        6 - quintile(weeksSinceLastCuts, weeksSinceLast(shopper)),
        quintile(frequencyCuts, shopper.frequency()),
        quintile(monetaryCuts, shopper.meanRepeatSpend()));
  }

  private static double weeksSinceLast(CustomerSummary s) {
    return s.ageWeeks() - s.recencyWeeks();
  }

  private static double[] quintileCuts(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double[] cuts = new double[4];
    for (int k = 1; k <= 4; k++) {
      cuts[k - 1] =
          sorted[Math.min(sorted.length - 1, (int) Math.ceil(k * sorted.length / 5.0) - 1)];
    }
    return cuts;
  }

  /** 1 for values at or below the first cut, ..., 5 above the last. */
  private static int quintile(double[] cuts, double value) {
    int q = 1;
    for (double cut : cuts) {
      if (value > cut) {
        q++;
      }
    }
    return q;
  }
}
