package org.tailor.plugin;

import java.time.Instant;
import java.util.Objects;

/**
 * What a channel reports after delivering a message.
 *
 * @param messageId the delivered message's id
 * @param deliveredAt when the channel handed the message on
 * @param externalReference the gateway's own id for the delivery (SMTP message id, …), or empty
 */
public record DeliveryReceipt(String messageId, Instant deliveredAt, String externalReference) {

  public DeliveryReceipt {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(deliveredAt, "deliveredAt");
    Objects.requireNonNull(externalReference, "externalReference");
  }
}
