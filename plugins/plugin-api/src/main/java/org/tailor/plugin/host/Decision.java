package org.tailor.plugin.host;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.tailor.plugin.ShopperProfile;

/**
 * The offers chosen for one request, already recorded as a presentation.
 *
 * @param presentationId the recorded presentation; a redemption quotes it
 * @param shopper the identified shopper, or empty for a newcomer
 * @param language the language the texts are in (BCP 47)
 * @param holdout true when the shopper falls in a campaign's holdout and is deliberately shown
 *     nothing or a control offer
 * @param offers the offers to show, best first; may be empty
 */
public record Decision(
    String presentationId,
    Optional<ShopperProfile> shopper,
    String language,
    boolean holdout,
    List<ChosenOffer> offers) {

  public Decision {
    Objects.requireNonNull(presentationId, "presentationId");
    Objects.requireNonNull(shopper, "shopper");
    Objects.requireNonNull(language, "language");
    offers = List.copyOf(offers);
  }
}
