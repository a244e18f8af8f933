package org.tailor.scoring.history.coldstart;

import java.util.List;
import java.util.Optional;
import org.tailor.scoring.history.catalogue.CategoryPath;

/** The categories a shopper said they like, as they meet an offer's category. */
public final class DeclaredPreferences {

  private DeclaredPreferences() {}

  /**
   * The first declared category an offer for {@code offerCategory} promotes (the offer's category
   * names it, or is a parent of it, or the other way round); empty when none.
   */
  public static Optional<String> matching(List<String> declared, String offerCategory) {
    return declared.stream()
        .filter(
            category ->
                CategoryPath.promotes(offerCategory, category)
                    || CategoryPath.promotes(category, offerCategory))
        .findFirst();
  }
}
