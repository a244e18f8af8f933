package org.tailor.scoring.history.catalogue;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How an offer's category meets a product's category path. An offer for {@code "coffee"} or for
 * {@code "grocery/coffee"} promotes products of {@code "grocery/coffee"}; an offer for {@code
 * "grocery"} promotes every product under it.
 *
 * <p>A decision asks this for every category of an offer against every category a shopper bought or
 * the model knows — hundreds of times — while a chain has a few dozen categories of each. So the
 * answers are remembered, per offer category and product category, up to {@value #MAX_REMEMBERED}
 * of each (then forgotten and learnt again), and a question asked before costs two hash look-ups
 * instead of lower-casing and joining strings.
 */
public final class CategoryPath {

  static final int MAX_REMEMBERED = 4096;

  private static final Map<String, Map<String, Boolean>> ANSWERS = new ConcurrentHashMap<>();

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
    Map<String, Boolean> byProduct = ANSWERS.get(offerCategory);
    if (byProduct == null) {
      if (ANSWERS.size() >= MAX_REMEMBERED) {
        ANSWERS.clear();
      }
      byProduct = ANSWERS.computeIfAbsent(offerCategory, c -> new ConcurrentHashMap<>());
    }
    return new Offer(offerCategory, byProduct);
  }

  /** An offer's category, with the answers remembered for it. */
  public static final class Offer {
    private final String category;
    private final Map<String, Boolean> byProduct;

    private Offer(String category, Map<String, Boolean> byProduct) {
      this.category = category;
      this.byProduct = byProduct;
    }

    /** True when a product of {@code productCategory} is promoted by this offer. */
    public boolean promotes(String productCategory) {
      Boolean answer = byProduct.get(productCategory);
      if (answer == null) {
        if (byProduct.size() >= MAX_REMEMBERED) {
          byProduct.clear();
        }
        answer = decide(category, productCategory);
        byProduct.put(productCategory, answer);
      }
      return answer;
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
