package org.tailor.plugin.host;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A redemption the host stored, as decision listeners hear of it.
 *
 * @param messageId the terminal's unique id of the redemption; the host passes each id once
 * @param presentationId the presentation it redeems, when the terminal quoted one
 * @param offerCode the redeemed offer
 * @param redeemedAt when
 */
public record RedemptionEvent(
    String messageId, Optional<String> presentationId, String offerCode, Instant redeemedAt) {

  public RedemptionEvent {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(presentationId, "presentationId");
    Objects.requireNonNull(offerCode, "offerCode");
    Objects.requireNonNull(redeemedAt, "redeemedAt");
  }
}
