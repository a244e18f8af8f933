package org.tailor.server.generator;

import java.util.SplittableRandom;

/**
 * One shopper's purchase times under the BG/NBD assumptions (Fader, Hardie &amp; Lee 2005, §2):
 * after a first purchase, repeat purchases arrive as a Poisson process with rate λ (exponential
 * gaps); after each repeat purchase the shopper drops out for good with probability p. The first
 * purchase itself is no occasion to drop out, so P(no repeat in t) = E[e^−λt] = (α/(α+t))^r.
 */
final class BgNbdProcess {

  private BgNbdProcess() {}

  /**
   * Fills {@code times} with the first purchase time and the repeat purchase times before {@code
   * end}, in weeks; returns how many (at least one, at most {@code times.length}).
   */
  static int purchaseTimes(
      SplittableRandom random,
      double purchaseRatePerWeek,
      double dropoutProbability,
      double firstPurchase,
      double end,
      double[] times) {
    double t = firstPurchase;
    times[0] = t;
    int n = 1;
    while (n < times.length) {
      t += RandomDraws.exponential(random) / purchaseRatePerWeek;
      if (!(t < end)) {
        break;
      }
      times[n++] = t;
      if (random.nextDouble() < dropoutProbability) {
        break;
      }
    }
    return n;
  }
}
