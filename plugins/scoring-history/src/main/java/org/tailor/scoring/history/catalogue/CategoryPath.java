package org.tailor.scoring.history.catalogue;

import java.util.Locale;

/**
 * How an offer's category meets a product's category path. An offer for {@code "coffee"} or for
 * {@code "grocery/coffee"} promotes products of {@code "grocery/coffee"}; an offer for {@code
 * "grocery"} promotes every product under it.
 *
 * <p>A decision asks this for every category of an offer against every category a shopper bought or
 * the model knows — hundreds of times — while a chain has a few dozen categories of each. So the
 * answers are remembered ({@link Remembered}), per offer category and product category, and a
 * question asked before costs two hash look-ups instead of lower-casing and joining strings.
 */
public final class CategoryPath {

  private static final Remembered<String, Remembered<String, Boolean>> ANSWERS = new Remembered<>();

  private CategoryPath() {}

  /**
   * True when a product of {@code productCategory} is promoted by an offer for {@code
   * offerCategory}: the same path, a path under it, or a path whose last part is it (ignoring
   * case).
   */
  public static boolean promotes(String offerCategory, String productCategory) {
    return forOffer(offerCategory).promotes(productCategory);
  }

  /**
   * The products an offer for {@code offerCategory} promotes, for asking about many product
   * categories: one look-up of the offer's category instead of one per question.
   */
  public static Offer forOffer(String offerCategory) {
    return new Offer(offerCategory, ANSWERS.get(offerCategory, c -> new Remembered<>()));
  }

  /** An offer's category, with the answers remembered for it. */
  public static final class Offer {
    private final Remembered<String, Boolean> byProduct;
    private final java.util.function.Function<String, Boolean> decide;

    private Offer(String category, Remembered<String, Boolean> byProduct) {
      this.byProduct = byProduct;
      this.decide = product -> decide(category, product);
    }

    /** True when a product of {@code productCategory} is promoted by this offer. */
    public boolean promotes(String productCategory) {
      return byProduct.get(productCategory, decide);
    }
  }

  private static boolean decide(String offerCategory, String productCategory) {
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
