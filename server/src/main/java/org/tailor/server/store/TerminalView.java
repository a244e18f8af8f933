package org.tailor.server.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A terminal with what its agent last reported.
 *
 * @param code the terminal's code
 * @param storeCode the store it stands in
 * @param kind {@code kiosk} or {@code till}
 * @param name its name
 * @param lastSeenAt when its agent last reported, if ever
 * @param lastStatus the status it last reported, such as {@code "online"}
 * @param agentVersion the version of its agent
 */
public record TerminalView(
    String code,
    String storeCode,
    String kind,
    String name,
    Optional<Instant> lastSeenAt,
    Optional<String> lastStatus,
    Optional<String> agentVersion) {}
