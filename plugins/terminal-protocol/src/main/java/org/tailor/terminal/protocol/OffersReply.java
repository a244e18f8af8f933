package org.tailor.terminal.protocol;

import java.time.Instant;
import java.util.List;

/**
 * The server's answer to an {@link IdentifyRequest}, on the request's response topic with its
 * correlation data. Either {@code error} is {@code null} and the rest is filled, or {@code error}
 * says what was wrong and the rest is empty.
 *
 * @param requestId the request's {@link IdentifyRequest#messageId()} (when it could be read)
 * @param presentationId the recorded presentation, quoted by redemptions
 * @param shopper how to greet the shopper
 * @param holdout true when the shopper is in a campaign's holdout (show the offers given, if any)
 * @param offers the offers to show, best first
 * @param currency the store's currency for the offers' amounts, ISO 4217 (such as {@code "GBP"});
 *     {@code null} in an error reply or from a server older than this field
 * @param error why the request failed, or {@code null}
 * @param repliedAt when the server answered
 */
public record OffersReply(
    String requestId,
    String presentationId,
    ShopperGreeting shopper,
    boolean holdout,
    List<OfferView> offers,
    String currency,
    ProtocolError error,
    Instant repliedAt) {}
