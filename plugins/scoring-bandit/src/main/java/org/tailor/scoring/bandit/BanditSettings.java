package org.tailor.scoring.bandit;

import java.time.ZoneId;
import java.util.Objects;

/**
 * How the bandit scores and remembers.
 *
 * @param algorithm which policy scores the offers
 * @param linUcbAlpha LinUCB's α, the weight of the confidence width, 0 or more
 * @param segmentPriorStrength how many presentations an offer's overall rate is worth as the prior
 *     of a segment (Thompson sampling), 0 or more
 * @param rememberedPresentations how many recent presentations are remembered, so that a redemption
 *     can be credited to the features it was shown with and a repeated event ignored
 * @param zone the time zone of the hour-of-day and day-of-week features
 * @param valueTierAttribute the shopper attribute that holds the value tier
 * @param purchaseAffinity whether a known shopper's recent purchases give the affinity level of
 *     each offer ({@link PurchaseAffinity}); when off every offer is at level none
 * @param recentPurchases how many of a known shopper's latest purchases (receipts) the affinity is
 *     taken from, 1 or more
 */
public record BanditSettings(
    Algorithm algorithm,
    double linUcbAlpha,
    double segmentPriorStrength,
    int rememberedPresentations,
    ZoneId zone,
    String valueTierAttribute,
    boolean purchaseAffinity,
    int recentPurchases) {

  /** The scoring policy. */
  public enum Algorithm {
    /** Beta-Bernoulli Thompson sampling per offer × segment. */
    THOMPSON,
    /** Disjoint LinUCB over the context features. */
    LINUCB
  }

  public BanditSettings {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(valueTierAttribute, "valueTierAttribute");
    if (!(linUcbAlpha >= 0 && Double.isFinite(linUcbAlpha))) {
      throw new IllegalArgumentException(
          "linUcbAlpha = " + linUcbAlpha + ": expected a number from 0");
    }
    if (!(segmentPriorStrength >= 0 && Double.isFinite(segmentPriorStrength))) {
      throw new IllegalArgumentException(
          "segmentPriorStrength = " + segmentPriorStrength + ": expected a number from 0");
    }
    if (rememberedPresentations < 1) {
      throw new IllegalArgumentException(
          "rememberedPresentations = "
              + rememberedPresentations
              + ": expected a whole number from 1");
    }
    if (recentPurchases < 1) {
      throw new IllegalArgumentException(
          "recentPurchases = " + recentPurchases + ": expected a whole number from 1");
    }
  }

  /**
   * Thompson sampling, α = 0.1, prior strength 10, 100,000 remembered presentations, UTC, purchase
   * affinity from the latest 50 purchases.
   */
  public static BanditSettings defaults() {
    return new BanditSettings(
        Algorithm.THOMPSON, 0.1, 10, 100_000, ZoneId.of("UTC"), "valueTier", true, 50);
  }

  public BanditSettings withAlgorithm(Algorithm other) {
    return new BanditSettings(
        other,
        linUcbAlpha,
        segmentPriorStrength,
        rememberedPresentations,
        zone,
        valueTierAttribute,
        purchaseAffinity,
        recentPurchases);
  }

  public BanditSettings withPurchaseAffinity(boolean on) {
    return new BanditSettings(
        algorithm,
        linUcbAlpha,
        segmentPriorStrength,
        rememberedPresentations,
        zone,
        valueTierAttribute,
        on,
        recentPurchases);
  }
}
