package org.tailor.scoring.value.lifetime;

import java.util.Arrays;
import java.util.List;

/**
 * The data the BG/NBD and Pareto/NBD likelihoods need: shoppers grouped by identical (x,
 * t<sub>x</sub>, T), with how many shoppers share each triple. The likelihood only depends on those
 * three numbers, so a chain of millions of shoppers whose times are whole days collapses to far
 * fewer groups. Distinct x, t<sub>x</sub> and T values are indexed too, so that a likelihood
 * evaluation computes each logarithm and log-gamma once per distinct value.
 */
public final class RepeatPurchases {

  final int[] frequency;
  final double[] recencyWeeks;
  final double[] ageWeeks;
  final double[] count;
  final long customers;

  final int[] frequencyValues;
  final int[] frequencyIndex;
  final double[] recencyValues;
  final int[] recencyIndex;
  final double[] ageValues;
  final int[] ageIndex;

  private RepeatPurchases(
      int[] frequency, double[] recencyWeeks, double[] ageWeeks, double[] count, long customers) {
    this.frequency = frequency;
    this.recencyWeeks = recencyWeeks;
    this.ageWeeks = ageWeeks;
    this.count = count;
    this.customers = customers;
    int groups = frequency.length;

    TupleIndex frequencies = new TupleIndex(64);
    frequencyIndex = new int[groups];
    TupleIndex recencies = new TupleIndex(1024);
    recencyIndex = new int[groups];
    TupleIndex ages = new TupleIndex(1024);
    ageIndex = new int[groups];
    for (int g = 0; g < groups; g++) {
      frequencyIndex[g] = frequencies.idOf(frequency[g], 0, 0);
      recencyIndex[g] = recencies.idOf(Double.doubleToLongBits(recencyWeeks[g]), 0, 0);
      ageIndex[g] = ages.idOf(Double.doubleToLongBits(ageWeeks[g]), 0, 0);
    }
    frequencyValues = new int[frequencies.size()];
    recencyValues = new double[recencies.size()];
    ageValues = new double[ages.size()];
    for (int g = 0; g < groups; g++) {
      frequencyValues[frequencyIndex[g]] = frequency[g];
      recencyValues[recencyIndex[g]] = recencyWeeks[g];
      ageValues[ageIndex[g]] = ageWeeks[g];
    }
  }

  /** Groups the summaries. */
  public static RepeatPurchases of(List<CustomerSummary> summaries) {
    int n = summaries.size();
    int[] x = new int[n];
    double[] tx = new double[n];
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      CustomerSummary summary = summaries.get(i);
      x[i] = summary.frequency();
      tx[i] = summary.recencyWeeks();
      t[i] = summary.ageWeeks();
    }
    return of(x, tx, t);
  }

  /**
   * Groups shoppers given as parallel arrays (shopper i has frequency[i], recencyWeeks[i],
   * ageWeeks[i]); checks every value.
   */
  public static RepeatPurchases of(int[] frequency, double[] recencyWeeks, double[] ageWeeks) {
    int n = frequency.length;
    if (recencyWeeks.length != n || ageWeeks.length != n) {
      throw new ModelInputException(
          "recencyWeeks/ageWeeks",
          recencyWeeks.length + "/" + ageWeeks.length + " values",
          n + " values each, one per shopper as in frequency");
    }
    if (n == 0) {
      throw new ModelInputException("shoppers", 0, "at least one shopper");
    }
    TupleIndex index = new TupleIndex(Math.min(n, 1 << 20));
    int[] groupOf = new int[n];
    for (int i = 0; i < n; i++) {
      check(i, frequency[i], recencyWeeks[i], ageWeeks[i]);
      groupOf[i] =
          index.idOf(
              frequency[i],
              Double.doubleToLongBits(recencyWeeks[i] + 0.0),
              Double.doubleToLongBits(ageWeeks[i] + 0.0));
    }
    int groups = index.size();
    int[] x = new int[groups];
    double[] tx = new double[groups];
    double[] t = new double[groups];
    double[] count = new double[groups];
    for (int i = 0; i < n; i++) {
      int g = groupOf[i];
      x[g] = frequency[i];
      tx[g] = recencyWeeks[i] + 0.0;
      t[g] = ageWeeks[i] + 0.0;
      count[g]++;
    }
    return new RepeatPurchases(x, tx, t, count, n);
  }

  private static void check(int shopper, int x, double tx, double t) {
    String at = " (shopper " + (shopper + 1) + ")";
    if (x < 0) {
      throw new ModelInputException("frequency" + at, x, "a whole number of 0 or more");
    }
    if (!(t >= 0) || !Double.isFinite(t)) {
      throw new ModelInputException("ageWeeks" + at, t, "a finite number of weeks of 0 or more");
    }
    if (!(tx >= 0) || tx > t) {
      throw new ModelInputException("recencyWeeks" + at, tx, "a number of weeks from 0 to " + t);
    }
    if (x == 0 && tx != 0) {
      throw new ModelInputException(
          "recencyWeeks" + at, tx, "0 for a shopper without repeat purchases");
    }
  }

  /** How many shoppers. */
  public long customers() {
    return customers;
  }

  /** How many distinct (x, t<sub>x</sub>, T) groups. */
  public int groups() {
    return frequency.length;
  }

  /** The largest frequency x of any shopper. */
  public int maxFrequency() {
    return Arrays.stream(frequencyValues).max().orElse(0);
  }
}
