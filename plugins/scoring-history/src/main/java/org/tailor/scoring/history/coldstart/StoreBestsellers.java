package org.tailor.scoring.history.coldstart;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tailor.scoring.history.catalogue.CategoryPath;
import org.tailor.scoring.history.catalogue.Remembered;

/**
 * The categories that sell best in each store (and in the whole chain, for a store without recent
 * sales), by purchase lines: what a newcomer is most likely to want when nothing else is known.
 */
public final class StoreBestsellers {

  private static final String CHAIN = "";

  private final Map<String, List<CategorySales>> rankingByStore;
  // store → offer category → the answer of toward: a newcomer's decision asks it for every offer
  // category, and the rankings never change once built
  private final Remembered<String, Remembered<String, Optional<Bestseller>>> answers =
      new Remembered<>();

  private StoreBestsellers(Map<String, List<CategorySales>> rankingByStore) {
    this.rankingByStore = rankingByStore;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static StoreBestsellers empty() {
    return builder().build();
  }

  /**
   * The best-ranked category an offer for {@code offerCategory} promotes, in {@code storeCode} (or
   * in the chain when the store sold nothing), with its sales relative to the store's best seller;
   * empty when it did not sell at all.
   */
  public Optional<Bestseller> toward(String storeCode, String offerCategory) {
    return answers
        .get(storeCode, store -> new Remembered<>())
        .get(offerCategory, offer -> find(storeCode, offer));
  }

  private Optional<Bestseller> find(String storeCode, String offerCategory) {
    boolean inStore = rankingByStore.containsKey(storeCode);
    List<CategorySales> ranking =
        rankingByStore.getOrDefault(inStore ? storeCode : CHAIN, List.of());
    CategoryPath.Offer offer = CategoryPath.forOffer(offerCategory);
    for (int rank = 0; rank < ranking.size(); rank++) {
      CategorySales sales = ranking.get(rank);
      if (offer.promotes(sales.category())) {
        double relative = (double) sales.lines() / ranking.get(0).lines();
        return Optional.of(new Bestseller(rank + 1, relative, inStore));
      }
    }
    return Optional.empty();
  }

  /**
   * @param rank 1 for the best-selling category
   * @param relativeSales sales relative to the best-selling category, 0 to 1
   * @param inStore true when ranked in the store itself, false when in the whole chain
   */
  public record Bestseller(int rank, double relativeSales, boolean inStore) {}

  private record CategorySales(String category, long lines) {}

  /** Counts lines per store and category. */
  public static final class Builder {
    private final Map<String, Map<String, long[]>> counts = new HashMap<>();

    private Builder() {}

    /** One line bought in {@code storeCode} of {@code category}; empty categories are ignored. */
    public Builder add(String storeCode, String category) {
      if (!category.isEmpty()) {
        count(storeCode, category);
        count(CHAIN, category);
      }
      return this;
    }

    private void count(String store, String category) {
      counts.computeIfAbsent(store, s -> new HashMap<>())
          .computeIfAbsent(category, c -> new long[1])[0]++;
    }

    public StoreBestsellers build() {
      Map<String, List<CategorySales>> rankings = new HashMap<>();
      counts.forEach(
          (store, byCategory) -> {
            List<CategorySales> ranking = new ArrayList<>();
            byCategory.forEach((category, n) -> ranking.add(new CategorySales(category, n[0])));
            ranking.sort(
                Comparator.comparingLong(CategorySales::lines)
                    .reversed()
                    .thenComparing(CategorySales::category));
            rankings.put(store, List.copyOf(ranking));
          });
      return new StoreBestsellers(Map.copyOf(rankings));
    }
  }
}
