package org.tailor.scoring.history;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.tailor.plugin.host.LedgerLine;
import org.tailor.scoring.history.catalogue.ItemCatalogue;
import org.tailor.scoring.history.coldstart.StoreBestsellers;
import org.tailor.scoring.history.similarity.ItemSimilarity;
import org.tailor.scoring.history.similarity.PurchaseMatrix;

/**
 * Builds a {@link HistoryModel} in one pass over ledger lines: feed it every line with {@link
 * #accept}, then call {@link #build}. Lines with a positive quantity make the purchase vectors; the
 * lines of the last {@code bestsellerDays} before {@code at} make the bestsellers.
 */
public final class HistoryModelBuilder implements Consumer<LedgerLine> {

  private final Instant at;
  private final Instant bestsellersSince;
  private final ItemCatalogue.Builder catalogue = ItemCatalogue.builder();
  private final Map<String, Integer> shopperIndex = new HashMap<>();
  private final PurchaseMatrix.Builder purchases = PurchaseMatrix.builder();
  private final StoreBestsellers.Builder bestsellers = StoreBestsellers.builder();
  private long lines;

  public HistoryModelBuilder(Instant at, int bestsellerDays) {
    this.at = at;
    this.bestsellersSince = at.minus(Duration.ofDays(bestsellerDays));
  }

  @Override
  public void accept(LedgerLine line) {
    lines++;
    if (line.quantity() <= 0) {
      return;
    }
    int item = catalogue.index(line.sku(), line.category());
    Integer shopper = shopperIndex.get(line.loyaltyId());
    if (shopper == null) {
      shopper = shopperIndex.size();
      shopperIndex.put(line.loyaltyId(), shopper);
    }
    purchases.add(shopper, item);
    if (!line.purchasedAt().isBefore(bestsellersSince) && !line.purchasedAt().isAfter(at)) {
      bestsellers.add(line.storeCode(), line.category());
    }
  }

  /**
   * The model with each item's top {@code neighbours} similar items, shrunk by {@code shrink},
   * stored {@linkplain org.tailor.scoring.history.similarity.ItemNeighbours#reversed() reversed}: a
   * candidate is scored from its own top-k neighbours among what the shopper bought, which ranked
   * better than Linden's orientation on both MovieLens and Online Retail (docs/evaluation.md).
   */
  public HistoryModel build(int neighbours, double shrink) {
    ItemCatalogue items = catalogue.build();
    int shoppers = shopperIndex.size();
    shopperIndex.clear();
    PurchaseMatrix matrix = purchases.build(items.size());
    return new HistoryModel(
        items,
        ItemSimilarity.compute(matrix, neighbours, shrink).reversed(),
        bestsellers.build(),
        at,
        lines,
        shoppers);
  }
}
