package org.tailor.server.reports;

import java.time.Instant;
import java.util.Optional;

/**
 * A terminal of a store and whether it still reports.
 *
 * @param id {@code terminal.id}
 * @param code its code
 * @param name its name
 * @param lastSeenAt when it last reported; empty when never
 * @param lastStatus its last reported status
 * @param stale whether it stopped reporting (not seen within the threshold, or never)
 * @param presentations presentations it made in the report's period
 * @param redemptions redemptions of those presentations
 */
public record TerminalHealth(
    long id,
    String code,
    String name,
    Optional<Instant> lastSeenAt,
    Optional<String> lastStatus,
    boolean stale,
    long presentations,
    long redemptions) {}
