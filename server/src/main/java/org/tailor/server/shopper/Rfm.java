package org.tailor.server.shopper;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.tailor.server.purchase.PurchaseTotals;

/**
 * A shopper's recency, frequency and monetary value, each with its 1–5 quintile score against the
 * whole chain (see {@link RfmCutPoints}). Over the shopper's whole history: recency counts from the
 * last purchase that was not a return, frequency counts receipts that were not returns, monetary is
 * the net spend with returns deducted.
 *
 * @param lastPurchaseAt the latest purchase
 * @param recencyDays whole days from the latest purchase to now
 * @param frequency the number of purchases
 * @param monetary the net spend
 * @param recencyScore 1 (longest ago) to 5 (most recent)
 * @param frequencyScore 1 (fewest purchases) to 5 (most)
 * @param monetaryScore 1 (least spent) to 5 (most)
 */
public record Rfm(
    Instant lastPurchaseAt,
    long recencyDays,
    long frequency,
    BigDecimal monetary,
    int recencyScore,
    int frequencyScore,
    int monetaryScore) {

  /**
   * Scores a shopper's totals against the population: a pure function, no I/O. Empty for a shopper
   * who has not bought anything (returns only count as nothing bought).
   */
  public static Optional<Rfm> of(PurchaseTotals totals, RfmCutPoints cutPoints, Instant now) {
    return totals
        .lastPurchaseAt()
        .filter(last -> totals.purchases() > 0)
        .map(
            last ->
                new Rfm(
                    last,
                    Math.max(0, Duration.between(last, now).toDays()),
                    totals.purchases(),
                    totals.netSpend(),
                    cutPoints.recencyScore(last),
                    cutPoints.frequencyScore(totals.purchases()),
                    cutPoints.monetaryScore(totals.netSpend())));
  }
}
