package org.tailor.scoring.history.similarity;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.tailor.scoring.history.catalogue.CategoryPath;
import org.tailor.scoring.history.catalogue.ItemCatalogue;

/**
 * "Shoppers who bought this also bought": the similar items of everything one shopper bought,
 * summed by the category of the similar item. The score of a category is its share of the whole
 * similarity mass, between 0 and 1, and remembers which category of the shopper's own purchases
 * contributed most, for the explanation.
 */
public final class AlsoBought {

  private final Map<String, Double> massByCategory;
  private final Map<String, Map<String, Double>> massBySourceByCategory;
  private final double totalMass;

  private AlsoBought(
      Map<String, Double> massByCategory,
      Map<String, Map<String, Double>> massBySourceByCategory,
      double totalMass) {
    this.massByCategory = massByCategory;
    this.massBySourceByCategory = massBySourceByCategory;
    this.totalMass = totalMass;
  }

  /** The similar items of the SKUs a shopper bought; SKUs the model does not know are ignored. */
  public static AlsoBought of(
      ItemCatalogue catalogue, ItemNeighbours neighbours, Collection<String> boughtSkus) {
    Map<String, Double> mass = new HashMap<>();
    Map<String, Map<String, Double>> bySource = new HashMap<>();
    double total = 0;
    for (String sku : boughtSkus) {
      OptionalInt index = catalogue.indexOf(sku);
      if (index.isEmpty() || index.getAsInt() >= neighbours.itemCount()) {
        continue;
      }
      int item = index.getAsInt();
      String source = catalogue.category(item);
      for (int rank = 0; rank < neighbours.countOf(item); rank++) {
        String category = catalogue.category(neighbours.neighbour(item, rank));
        double similarity = neighbours.similarity(item, rank);
        mass.merge(category, similarity, Double::sum);
        bySource
            .computeIfAbsent(category, c -> new HashMap<>())
            .merge(source, similarity, Double::sum);
        total += similarity;
      }
    }
    return new AlsoBought(mass, bySource, total);
  }

  /**
   * The share of the similarity mass falling in products an offer for {@code offerCategory}
   * promotes, with the shopper's category that led there most; empty when none does.
   */
  public Optional<Score> toward(String offerCategory) {
    double share = 0;
    Map<String, Double> sources = new HashMap<>();
    for (Map.Entry<String, Double> entry : massByCategory.entrySet()) {
      if (CategoryPath.promotes(offerCategory, entry.getKey())) {
        share += entry.getValue();
        massBySourceByCategory
            .get(entry.getKey())
            .forEach((s, m) -> sources.merge(s, m, Double::sum));
      }
    }
    if (share <= 0) {
      return Optional.empty();
    }
    String topSource =
        sources.entrySet().stream()
            .max(
                Map.Entry.<String, Double>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey()))
            .map(Map.Entry::getKey)
            .orElseThrow();
    return Optional.of(new Score(share / totalMass, topSource));
  }

  /**
   * @param share the category's share of the similarity mass, 0 to 1
   * @param sourceCategory the category of the shopper's purchases that contributed most
   */
  public record Score(double share, String sourceCategory) {}
}
