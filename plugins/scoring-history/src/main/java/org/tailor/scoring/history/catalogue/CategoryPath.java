package org.tailor.scoring.history.catalogue;

import java.util.Locale;

/**
 * How an offer's category meets a product's category path. An offer for {@code "coffee"} or for
 * {@code "grocery/coffee"} promotes products of {@code "grocery/coffee"}; an offer for {@code
 * "grocery"} promotes every product under it.
 */
public final class CategoryPath {

  private CategoryPath() {}

  /**
   * True when a product of {@code productCategory} is promoted by an offer for {@code
   * offerCategory}: the same path, a path under it, or a path whose last part is it (ignoring
   * case).
   */
  public static boolean promotes(String offerCategory, String productCategory) {
    if (offerCategory.isEmpty() || productCategory.isEmpty()) {
      return false;
    }
    String offer = offerCategory.toLowerCase(Locale.ROOT);
    String product = productCategory.toLowerCase(Locale.ROOT);
    return product.equals(offer)
        || product.startsWith(offer + "/")
        || lastPart(product).equals(offer);
  }

  /** The last part of a path, the name staff read: {@code "coffee"} for "grocery/coffee". */
  public static String lastPart(String category) {
    int slash = category.lastIndexOf('/');
    return slash < 0 ? category : category.substring(slash + 1);
  }
}
