package org.tailor.server.outbox;

import java.util.List;
import java.util.Objects;

/**
 * A message to write into the outbox: rendered, addressed, not yet checked for permission.
 *
 * @param messageId unique id; writing the same id again changes nothing
 * @param loyaltyId the recipient
 * @param channel the channel, such as {@code "email"}
 * @param purpose the consent purpose, such as {@code "offers"}
 * @param address where the channel delivers (email address, phone number, loyalty id)
 * @param subject the rendered subject, or empty
 * @param body the rendered text
 * @param offerCodes the offers the message presents, best first
 * @param origin what wrote it, such as {@code "trigger:birthday"} or {@code "api"}
 */
public record OutgoingMessage(
    String messageId,
    String loyaltyId,
    String channel,
    String purpose,
    String address,
    String subject,
    String body,
    List<String> offerCodes,
    String origin) {

  public OutgoingMessage {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(loyaltyId, "loyaltyId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(body, "body");
    offerCodes = List.copyOf(offerCodes);
    Objects.requireNonNull(origin, "origin");
    if (messageId.isBlank() || messageId.length() > 100) {
      throw new IllegalArgumentException("message id must have 1 to 100 characters: " + messageId);
    }
  }
}
