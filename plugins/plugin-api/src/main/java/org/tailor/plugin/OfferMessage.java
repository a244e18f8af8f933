package org.tailor.plugin;

import java.util.List;
import java.util.Objects;

/**
 * One message for one shopper on one channel, already checked for consent by the host.
 *
 * @param messageId unique id; a channel that is handed the same id twice must deliver it once
 * @param shopper the recipient
 * @param address where to deliver on this channel (email address, phone number, terminal code)
 * @param purpose the consent purpose the message is sent under, such as {@code "offers"}
 * @param offers the offers to present, best first
 * @param subject a rendered subject line, or empty where the channel has none
 * @param body the rendered text in the shopper's language
 */
public record OfferMessage(
    String messageId,
    ShopperProfile shopper,
    String address,
    String purpose,
    List<CandidateOffer> offers,
    String subject,
    String body) {

  public OfferMessage {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(shopper, "shopper");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(purpose, "purpose");
    offers = List.copyOf(offers);
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(body, "body");
  }
}
