package org.tailor.scoring.history.catalogue;

/**
 * The distinct categories of some offers, each with a number (its index), and for a product
 * category which of them promote it ({@link CategoryPath#promotes}), found once per product
 * category and remembered: a shopper's affinity toward every offer category is then one look-up per
 * category the shopper bought instead of one per pair of categories.
 */
public final class OfferCategories {

  private final String[] names;
  private final Remembered<String, boolean[]> promotedBy = new Remembered<>();

  /**
   * @param names the offers' distinct categories; the array is the caller's and must not change
   */
  public OfferCategories(String[] names) {
    this.names = names;
  }

  /** How many categories there are. */
  public int size() {
    return names.length;
  }

  /** The category numbered {@code index}. */
  public String name(int index) {
    return names[index];
  }

  /**
   * Which of the categories promote products of {@code productCategory}, by index; the array is
   * shared and must not be changed.
   */
  public boolean[] promoting(String productCategory) {
    return promotedBy.get(
        productCategory,
        product -> {
          boolean[] promoted = new boolean[names.length];
          for (int c = 0; c < names.length; c++) {
            promoted[c] = CategoryPath.promotes(names[c], product);
          }
          return promoted;
        });
  }
}
