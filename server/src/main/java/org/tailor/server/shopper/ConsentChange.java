package org.tailor.server.shopper;

import java.time.Instant;

/**
 * A shopper's permission to be reached on a channel for a purpose, as given or withdrawn at a
 * moment.
 *
 * @param channel the channel, such as {@code "email"}, {@code "sms"} or {@code "kiosk"}
 * @param purpose what for, such as {@code "offers"} or {@code "profiling"}
 * @param status {@code granted} or {@code revoked}
 * @param source where the shopper said so, such as {@code "kiosk:madrid-01-k1"} or {@code "import"}
 * @param occurredAt when the shopper said so
 */
public record ConsentChange(
    String channel, String purpose, String status, String source, Instant occurredAt) {}
