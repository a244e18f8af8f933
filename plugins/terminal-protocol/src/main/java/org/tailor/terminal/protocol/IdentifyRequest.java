package org.tailor.terminal.protocol;

import java.time.Instant;

/**
 * A terminal asks for offers for a shopper who just identified. Sent on {@code identify} with an
 * MQTT 5 response topic (normally the terminal's {@code offers} topic) and correlation data.
 *
 * @param messageId unique per request (a UUID), echoed as {@link OffersReply#requestId()}
 * @param identifier what the shopper identified with; {@code null} for an anonymous shopper
 * @param language the terminal's display language (BCP 47), used when the shopper has none;
 *     optional
 * @param maxOffers how many offers the screen shows, 1 to 10
 * @param sentAt when the terminal sent it
 */
public record IdentifyRequest(
    String messageId,
    ShopperIdentifier identifier,
    String language,
    int maxOffers,
    Instant sentAt) {}
