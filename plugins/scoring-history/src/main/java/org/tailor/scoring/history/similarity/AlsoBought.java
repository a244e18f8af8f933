package org.tailor.scoring.history.similarity;

import java.util.Collection;
import java.util.Optional;
import java.util.OptionalInt;
import org.tailor.scoring.history.catalogue.ItemCatalogue;

/**
 * "Shoppers who bought this also bought": the similar items of everything one shopper bought,
 * summed by the category of the similar item. The score of a category is its share of the whole
 * similarity mass, between 0 and 1, and names which category of the shopper's own purchases
 * contributed most, for the explanation.
 *
 * <p>Made for every decision of a shopper with purchases, so it reads each bought item's similar
 * items already summed by category ({@link CategoryMass}) into one array indexed by the catalogue's
 * category ids; which of the shopper's categories led there is worked out only when an explanation
 * asks for it.
 */
public final class AlsoBought {

  private final ItemCatalogue catalogue;
  private final CategoryMass neighbours;
  private final int[] bought;
  private final double[] massByCategory;
  private final double totalMass;

  private AlsoBought(
      ItemCatalogue catalogue,
      CategoryMass neighbours,
      int[] bought,
      double[] massByCategory,
      double totalMass) {
    this.catalogue = catalogue;
    this.neighbours = neighbours;
    this.bought = bought;
    this.massByCategory = massByCategory;
    this.totalMass = totalMass;
  }

  /** The similar items of the SKUs a shopper bought; SKUs the model does not know are ignored. */
  public static AlsoBought of(
      ItemCatalogue catalogue, ItemNeighbours neighbours, Collection<String> boughtSkus) {
    CategoryMass byCategory = neighbours.byCategory(catalogue);
    double[] mass = new double[catalogue.categoryCount()];
    int[] bought = new int[boughtSkus.size()];
    int count = 0;
    double total = 0;
    for (String sku : boughtSkus) {
      OptionalInt index = catalogue.indexOf(sku);
      if (index.isEmpty() || index.getAsInt() >= byCategory.itemCount()) {
        continue;
      }
      int item = index.getAsInt();
      bought[count++] = item;
      for (int at = byCategory.from(item); at < byCategory.to(item); at++) {
        double similarity = byCategory.mass(at);
        mass[byCategory.category(at)] += similarity;
        total += similarity;
      }
    }
    return new AlsoBought(
        catalogue, byCategory, java.util.Arrays.copyOf(bought, count), mass, total);
  }

  /**
   * The share of the similarity mass falling in products an offer for {@code offerCategory}
   * promotes, with the shopper's category that led there most; empty when none does.
   */
  public Optional<Score> toward(String offerCategory) {
    int[] promoted = catalogue.categoriesPromotedBy(offerCategory);
    double share = 0;
    for (int category : promoted) {
      share += massByCategory[category];
    }
    if (share <= 0) {
      return Optional.empty();
    }
    return Optional.of(new Score(share / totalMass, promoted));
  }

  /**
   * The category of the shopper's purchases whose similar items in the promoted categories weigh
   * most (on equal weight, the greatest name).
   */
  private String topSource(int[] promoted) {
    boolean[] isPromoted = new boolean[catalogue.categoryCount()];
    for (int category : promoted) {
      isPromoted[category] = true;
    }
    double[] bySource = new double[catalogue.categoryCount()];
    for (int item : bought) {
      int source = catalogue.categoryId(item);
      for (int at = neighbours.from(item); at < neighbours.to(item); at++) {
        if (isPromoted[neighbours.category(at)]) {
          bySource[source] += neighbours.mass(at);
        }
      }
    }
    int top = -1;
    for (int source = 0; source < bySource.length; source++) {
      if (bySource[source] <= 0) {
        continue;
      }
      if (top < 0
          || bySource[source] > bySource[top]
          || (bySource[source] == bySource[top]
              && catalogue.categoryName(source).compareTo(catalogue.categoryName(top)) > 0)) {
        top = source;
      }
    }
    return catalogue.categoryName(top);
  }

  /** A category's share of the similarity mass; which category led there is found when asked. */
  public final class Score {
    private final double share;
    private final int[] promoted;
    private String sourceCategory;

    private Score(double share, int[] promoted) {
      this.share = share;
      this.promoted = promoted;
    }

    /** The category's share of the similarity mass, 0 to 1. */
    public double share() {
      return share;
    }

    /** The category of the shopper's purchases that contributed most. */
    public String sourceCategory() {
      if (sourceCategory == null) {
        sourceCategory = topSource(promoted);
      }
      return sourceCategory;
    }
  }
}
