package org.tailor.server.shopper;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where the quintiles of the chain's shoppers begin, for scoring recency, frequency and monetary
 * value from 1 to 5 (Hughes, <i>Strategic Database Marketing</i>, 1994: RFM quintile scoring).
 *
 * <p>Each list holds the largest value of quintiles 1 to 4 of the shoppers who bought at least
 * once, in ascending order. A shopper scores 1 plus the number of bounds their value exceeds, so
 * ties share the lowest quintile they span: when most shoppers bought once, buying once scores 1.
 * With fewer than five shoppers the lists are shorter and the top scores are not reached; with
 * none, everyone scores 1.
 *
 * @param computedAt when the population was measured
 * @param shoppers how many shoppers with purchases the bounds were computed over
 * @param lastPurchaseBounds recency bounds: moments of the latest purchase
 * @param purchaseCountBounds frequency bounds: numbers of purchases
 * @param netSpendBounds monetary bounds: net spend
 */
public record RfmCutPoints(
    Instant computedAt,
    long shoppers,
    List<Instant> lastPurchaseBounds,
    List<Long> purchaseCountBounds,
    List<BigDecimal> netSpendBounds) {

  /** No population measured yet. */
  public static final RfmCutPoints NONE =
      new RfmCutPoints(Instant.EPOCH, 0, List.of(), List.of(), List.of());

  public RfmCutPoints {
    Objects.requireNonNull(computedAt, "computedAt");
    lastPurchaseBounds = ascending("lastPurchaseBounds", lastPurchaseBounds);
    purchaseCountBounds = ascending("purchaseCountBounds", purchaseCountBounds);
    netSpendBounds = ascending("netSpendBounds", netSpendBounds);
  }

  /** Recency score: 5 for the shoppers who bought most recently. */
  public int recencyScore(Instant lastPurchaseAt) {
    return score(lastPurchaseAt, lastPurchaseBounds);
  }

  /** Frequency score: 5 for the shoppers who bought most often. */
  public int frequencyScore(long purchases) {
    return score(purchases, purchaseCountBounds);
  }

  /** Monetary score: 5 for the shoppers who spent most. */
  public int monetaryScore(BigDecimal netSpend) {
    return score(netSpend, netSpendBounds);
  }

  private static <T extends Comparable<? super T>> int score(T value, List<T> bounds) {
    int score = 1;
    for (T bound : bounds) {
      if (value.compareTo(bound) > 0) {
        score++;
      }
    }
    return score;
  }

  private static <T extends Comparable<? super T>> List<T> ascending(String name, List<T> bounds) {
    List<T> copy = List.copyOf(bounds);
    if (copy.size() > 4) {
      throw new IllegalArgumentException(name + " holds at most 4 bounds, was " + copy);
    }
    for (int i = 1; i < copy.size(); i++) {
      if (copy.get(i - 1).compareTo(copy.get(i)) > 0) {
        throw new IllegalArgumentException(name + " must be ascending, was " + copy);
      }
    }
    return copy;
  }
}
