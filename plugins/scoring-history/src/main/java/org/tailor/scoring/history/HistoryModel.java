package org.tailor.scoring.history;

import java.time.Instant;
import java.util.Objects;
import org.tailor.scoring.history.catalogue.ItemCatalogue;
import org.tailor.scoring.history.coldstart.StoreBestsellers;
import org.tailor.scoring.history.similarity.ItemNeighbours;

/**
 * What the plugin learnt from the whole purchase ledger at one moment: the products, their similar
 * items and the stores' bestsellers. Immutable; replaced as a whole when rebuilt.
 *
 * @param catalogue the products by dense index
 * @param neighbours for each product, the products that count it among their top-k similar items
 *     (the reversed similar-items table), so that accumulating a shopper's purchases scores every
 *     candidate from its own top k
 * @param bestsellers the best-selling categories per store
 * @param builtAt when the ledger was read
 * @param linesRead purchase lines read from the ledger
 * @param shoppers shoppers with at least one purchase in the model
 */
public record HistoryModel(
    ItemCatalogue catalogue,
    ItemNeighbours neighbours,
    StoreBestsellers bestsellers,
    Instant builtAt,
    long linesRead,
    int shoppers) {

  public HistoryModel {
    Objects.requireNonNull(catalogue, "catalogue");
    Objects.requireNonNull(neighbours, "neighbours");
    Objects.requireNonNull(bestsellers, "bestsellers");
    Objects.requireNonNull(builtAt, "builtAt");
  }

  /** The model before the first build: knows no product and no bestseller. */
  public static HistoryModel empty(Instant at) {
    return new HistoryModel(
        ItemCatalogue.empty(), ItemNeighbours.empty(), StoreBestsellers.empty(), at, 0, 0);
  }
}
