package org.tailor.bench;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Synthetic shoppers drawn from the BG/NBD process with known parameters (Fader, Hardie &amp; Lee
 * 2005): purchase rate &lambda; ~ Gamma(r, &alpha;) per week, drop-out probability p ~ Beta(a, b)
 * after each repeat purchase, first purchases spread uniformly over the first weeks of the period,
 * purchase times rounded to whole days (as a till records them, so that shoppers share (x,
 * t<sub>x</sub>, T) and the fit can group them), and each purchase's amount from the Gamma-Gamma
 * spend model. Purchases on one day are not merged here: the process being checked has none, and
 * merging (a data-preparation rule) would bias the recovered parameters. Drawn in parallel from a
 * fixed seed, in fixed chunks, so the same seed gives the same shoppers.
 */
final class BgNbdShoppers {

  private static final int CHUNK = 65_536;

  final int[] frequency;
  final double[] recencyWeeks;
  final double[] ageWeeks;
  final double[] meanRepeatSpend;

  private BgNbdShoppers(int n) {
    frequency = new int[n];
    recencyWeeks = new double[n];
    ageWeeks = new double[n];
    meanRepeatSpend = new double[n];
  }

  /**
   * r, alpha, a, b are the BG/NBD parameters (weeks); p, q, gamma the Gamma-Gamma ones.
   *
   * @param cohortDays first purchases fall on days 0 to cohortDays - 1
   * @param calibrationDays the period ends on this day
   */
  static BgNbdShoppers draw(
      int n,
      long seed,
      double r,
      double alpha,
      double a,
      double b,
      double p,
      double q,
      double gamma,
      int cohortDays,
      int calibrationDays) {
    BgNbdShoppers shoppers = new BgNbdShoppers(n);
    int chunks = (n + CHUNK - 1) / CHUNK;
    SplittableRandom root = new SplittableRandom(seed);
    SplittableRandom[] streams = new SplittableRandom[chunks];
    for (int c = 0; c < chunks; c++) {
      streams[c] = root.split();
    }
    IntStream.range(0, chunks)
        .parallel()
        .forEach(
            c -> {
              SplittableRandom random = streams[c];
              for (int i = c * CHUNK; i < Math.min(n, (c + 1) * CHUNK); i++) {
                double lambdaPerDay = gamma(random, r) / alpha / 7;
                double dropOut = beta(random, a, b);
                double spendRate = gamma(random, q) / gamma;
                int first = random.nextInt(cohortDays);
                int lastDay = first;
                int repeats = 0;
                double spend = 0;
                double clock = first;
                while (true) {
                  clock += -Math.log(1 - random.nextDouble()) / lambdaPerDay;
                  if (clock >= calibrationDays) {
                    break;
                  }
                  repeats++;
                  lastDay = (int) Math.round(clock);
                  spend += gamma(random, p) / spendRate;
                  if (random.nextDouble() < dropOut) {
                    break;
                  }
                }
                shoppers.frequency[i] = repeats;
                shoppers.recencyWeeks[i] = repeats == 0 ? 0 : (lastDay - first) / 7.0;
                shoppers.ageWeeks[i] = (calibrationDays - first) / 7.0;
                shoppers.meanRepeatSpend[i] = repeats == 0 ? 0 : spend / repeats;
              }
            });
    return shoppers;
  }

  /** Gamma(shape, 1) by Marsaglia &amp; Tsang (2000), with the shape &lt; 1 boost. */
  static double gamma(SplittableRandom random, double shape) {
    if (shape < 1) {
      return gamma(random, shape + 1) * Math.pow(random.nextDouble(), 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x;
      double v;
      do {
        x = normal(random);
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = random.nextDouble();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }

  private static double beta(SplittableRandom random, double a, double b) {
    double x = gamma(random, a);
    return x / (x + gamma(random, b));
  }

  private static double normal(SplittableRandom random) {
    double u;
    double v;
    double s;
    do {
      u = 2 * random.nextDouble() - 1;
      v = 2 * random.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * Math.sqrt(-2 * Math.log(s) / s);
  }
}
