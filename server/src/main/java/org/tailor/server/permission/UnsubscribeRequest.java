package org.tailor.server.permission;

import java.time.Instant;

/**
 * What a valid unsubscribe link asks: stop messages to this shopper on this channel for this
 * purpose.
 */
public record UnsubscribeRequest(
    String loyaltyId, String channel, String purpose, Instant expiresAt) {}
