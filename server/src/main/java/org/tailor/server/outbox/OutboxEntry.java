package org.tailor.server.outbox;

import java.time.Instant;
import java.util.Optional;

/**
 * A message in the outbox and what became of it.
 *
 * @param lastError the last failure or refusal, or empty
 */
public record OutboxEntry(
    String messageId,
    String loyaltyId,
    String channel,
    String purpose,
    DeliveryStatus status,
    int attempts,
    Instant nextAttemptAt,
    Optional<Instant> deliveredAt,
    Optional<String> externalReference,
    Optional<String> lastError) {}
