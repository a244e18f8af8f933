package org.tailor.scoring.history.catalogue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The products a model knows, by dense index: their SKU and category. The index is what the
 * primitive arrays of the similarity model are indexed by.
 */
public final class ItemCatalogue {

  private final Map<String, Integer> indexBySku;
  private final String[] skus;
  private final String[] categories;
  private final int[] categoryIds;
  private final String[] categoryNames;
  // offer category → the ids of the product categories it promotes, learnt as offers ask
  private final Remembered<String, int[]> promotedBy = new Remembered<>();

  private ItemCatalogue(Map<String, Integer> indexBySku, String[] skus, String[] categories) {
    this.indexBySku = indexBySku;
    this.skus = skus;
    this.categories = categories;
    Map<String, Integer> ids = new HashMap<>();
    this.categoryIds = new int[categories.length];
    for (int i = 0; i < categories.length; i++) {
      Integer id = ids.putIfAbsent(categories[i], ids.size());
      categoryIds[i] = id == null ? ids.size() - 1 : id;
    }
    this.categoryNames = new String[ids.size()];
    ids.forEach((name, id) -> categoryNames[id] = name);
  }

  public static Builder builder() {
    return new Builder();
  }

  public static ItemCatalogue empty() {
    return builder().build();
  }

  public int size() {
    return skus.length;
  }

  public OptionalInt indexOf(String sku) {
    Integer index = indexBySku.get(sku);
    return index == null ? OptionalInt.empty() : OptionalInt.of(index);
  }

  public String sku(int index) {
    return skus[index];
  }

  /** The item's category path, empty when unknown. */
  public String category(int index) {
    return categories[index];
  }

  /**
   * How many distinct category paths the items have (the empty one, for items without a category,
   * included); each has an id from 0 to this count − 1.
   */
  public int categoryCount() {
    return categoryNames.length;
  }

  /** The id of the item's category path, from 0 to {@link #categoryCount()} − 1. */
  public int categoryId(int index) {
    return categoryIds[index];
  }

  /** The category path of this id. */
  public String categoryName(int id) {
    return categoryNames[id];
  }

  /**
   * The ids of the product categories an offer for {@code offerCategory} promotes ({@link
   * CategoryPath#promotes}), in increasing order; found once per offer category and catalogue.
   */
  public int[] categoriesPromotedBy(String offerCategory) {
    return promotedBy.get(
        offerCategory,
        offer ->
            java.util.stream.IntStream.range(0, categoryNames.length)
                .filter(id -> CategoryPath.promotes(offer, categoryNames[id]))
                .toArray());
  }

  /** The category of a SKU, if the catalogue knows it. */
  public Optional<String> categoryOf(String sku) {
    Integer index = indexBySku.get(sku);
    return index == null ? Optional.empty() : Optional.of(categories[index]);
  }

  /** Gives each new SKU the next index; the first category seen for a SKU is kept. */
  public static final class Builder {
    private final Map<String, Integer> indexBySku = new HashMap<>();
    private final Map<String, String> categoryNames = new HashMap<>();
    private final List<String> skus = new ArrayList<>();
    private final List<String> categories = new ArrayList<>();

    private Builder() {}

    /** The SKU's index, adding it when new. */
    public int index(String sku, String category) {
      Integer index = indexBySku.get(sku);
      if (index != null) {
        return index;
      }
      int next = skus.size();
      indexBySku.put(sku, next);
      skus.add(sku);
      categories.add(categoryNames.computeIfAbsent(category, c -> c));
      return next;
    }

    public int size() {
      return skus.size();
    }

    public ItemCatalogue build() {
      return new ItemCatalogue(
          Map.copyOf(indexBySku), skus.toArray(new String[0]), categories.toArray(new String[0]));
    }
  }
}
