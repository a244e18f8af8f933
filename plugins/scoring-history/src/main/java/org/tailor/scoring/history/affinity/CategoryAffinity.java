package org.tailor.scoring.history.affinity;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tailor.plugin.host.PurchaseRecord;
import org.tailor.plugin.host.PurchasedItem;
import org.tailor.scoring.history.catalogue.CategoryPath;
import org.tailor.scoring.history.catalogue.OfferCategories;

/**
 * A shopper's affinity to categories from their own receipts: each receipt that holds a category
 * counts {@code 0.5^(age / halfLife)} for it, so that last week's coffee weighs more than last
 * year's. The affinity to a category is its share of the shopper's weighted receipts, between 0 and
 * 1. Returns (negative quantities) do not count.
 */
public final class CategoryAffinity {

  private static final double SECONDS_PER_DAY = 86_400;

  private final Map<String, Double> weightByCategory;
  private final Map<String, Integer> receiptsInWindowByCategory;
  private final double totalWeight;
  private final int windowDays;

  private CategoryAffinity(
      Map<String, Double> weightByCategory,
      Map<String, Integer> receiptsInWindowByCategory,
      double totalWeight,
      int windowDays) {
    this.weightByCategory = weightByCategory;
    this.receiptsInWindowByCategory = receiptsInWindowByCategory;
    this.totalWeight = totalWeight;
    this.windowDays = windowDays;
  }

  /**
   * The affinities at {@code at} from {@code purchases}, weighting by {@code halfLifeDays} and
   * counting receipts of the last {@code windowDays} for explanations.
   */
  public static CategoryAffinity of(
      List<PurchaseRecord> purchases, Instant at, double halfLifeDays, int windowDays) {
    if (!(halfLifeDays > 0) || Double.isInfinite(halfLifeDays)) {
      throw new IllegalArgumentException("halfLifeDays must be a number > 0, was " + halfLifeDays);
    }
    Map<String, Double> weights = new HashMap<>();
    Map<String, Integer> inWindow = new HashMap<>();
    double total = 0;
    Instant windowStart = at.minus(Duration.ofDays(windowDays));
    for (PurchaseRecord purchase : purchases) {
      Set<String> categories = new HashSet<>();
      for (PurchasedItem line : purchase.lines()) {
        if (line.quantity() > 0 && !line.category().isEmpty()) {
          categories.add(line.category());
        }
      }
      if (categories.isEmpty()) {
        continue;
      }
      double ageDays =
          Math.max(0, Duration.between(purchase.purchasedAt(), at).getSeconds() / SECONDS_PER_DAY);
      double weight = Math.pow(0.5, ageDays / halfLifeDays);
      boolean recent = !purchase.purchasedAt().isBefore(windowStart);
      for (String category : categories) {
        weights.merge(category, weight, Double::sum);
        total += weight;
        if (recent) {
          inWindow.merge(category, 1, Integer::sum);
        }
      }
    }
    return new CategoryAffinity(weights, inWindow, total, windowDays);
  }

  /** True when the shopper has bought nothing with a category. */
  public boolean isEmpty() {
    return weightByCategory.isEmpty();
  }

  /**
   * The shopper's affinity to the products an offer for {@code offerCategory} promotes: the
   * definition, one category at a time, that {@link #towardEach} computes for all at once and is
   * tested against (the plugin itself asks {@link #towardEach}).
   */
  Affinity toward(String offerCategory) {
    double weight = 0;
    int receipts = 0;
    CategoryPath.Offer offer = CategoryPath.forOffer(offerCategory);
    for (Map.Entry<String, Double> entry : weightByCategory.entrySet()) {
      if (offer.promotes(entry.getKey())) {
        weight += entry.getValue();
        receipts += receiptsInWindowByCategory.getOrDefault(entry.getKey(), 0);
      }
    }
    return new Affinity(totalWeight == 0 ? 0 : weight / totalWeight, receipts, windowDays);
  }

  /**
   * The shopper's affinity toward each of the offer categories, by their index: the same as {@link
   * #toward(String)} for each, the shopper's categories visited once for them all (in the same
   * order, so that the sums are the same to the last bit).
   */
  public Affinity[] towardEach(OfferCategories offers) {
    int n = offers.size();
    double[] weights = new double[n];
    int[] receipts = new int[n];
    for (Map.Entry<String, Double> entry : weightByCategory.entrySet()) {
      boolean[] promoted = offers.promoting(entry.getKey());
      double weight = entry.getValue();
      int inWindow = receiptsInWindowByCategory.getOrDefault(entry.getKey(), 0);
      for (int c = 0; c < n; c++) {
        if (promoted[c]) {
          weights[c] += weight;
          receipts[c] += inWindow;
        }
      }
    }
    Affinity[] affinities = new Affinity[n];
    for (int c = 0; c < n; c++) {
      affinities[c] =
          new Affinity(totalWeight == 0 ? 0 : weights[c] / totalWeight, receipts[c], windowDays);
    }
    return affinities;
  }

  /**
   * The affinity to one category.
   *
   * @param share the category's share of the shopper's recency-weighted receipts, 0 to 1
   * @param receiptsInWindow receipts holding the category in the last {@code windowDays}
   * @param windowDays the window the count covers
   */
  public record Affinity(double share, int receiptsInWindow, int windowDays) {}
}
