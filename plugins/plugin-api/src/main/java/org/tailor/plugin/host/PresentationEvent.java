package org.tailor.plugin.host;

import java.util.List;
import java.util.Objects;
import org.tailor.plugin.DecisionContext;

/**
 * A presentation the host stored, as decision listeners hear of it.
 *
 * @param presentationId the stored presentation's id, which a later redemption quotes
 * @param context the shopper and situation the offers were chosen for, as scoring plugins saw it:
 *     the shopper is empty for a newcomer and for a shopper who did not consent to profiling
 * @param holdout whether the shopper was in a campaign holdout (then the offers are not chosen by
 *     the scoring plugins and teach a learner nothing about them)
 * @param offers the offers shown, in the order shown, with the probability of each
 */
public record PresentationEvent(
    String presentationId, DecisionContext context, boolean holdout, List<ShownOffer> offers) {

  public PresentationEvent {
    Objects.requireNonNull(presentationId, "presentationId");
    Objects.requireNonNull(context, "context");
    offers = List.copyOf(offers);
  }
}
