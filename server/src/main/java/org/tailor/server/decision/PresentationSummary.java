package org.tailor.server.decision;

import java.time.Instant;
import java.util.List;
import org.tailor.plugin.host.ShownOffer;

/**
 * Offers shown to a shopper at one moment, as the shopper 360 lists them.
 *
 * @param presentationId the presentation's id, as a redemption quotes it
 * @param shownAt when
 * @param storeCode where
 * @param channel on which channel
 * @param holdout whether the shopper was held out and shown nothing
 * @param offers the offers shown, by rank, with the probability each was chosen with
 */
public record PresentationSummary(
    String presentationId,
    Instant shownAt,
    String storeCode,
    String channel,
    boolean holdout,
    List<ShownOffer> offers) {

  public PresentationSummary {
    offers = List.copyOf(offers);
  }
}
