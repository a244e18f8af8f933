package org.tailor.plugin.host;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a terminal's agent reported about itself.
 *
 * @param storeCode the terminal's store
 * @param terminalCode the terminal
 * @param state such as {@code online} or {@code offline}
 * @param agentVersion the agent's version, when it said
 * @param queuedMessages messages waiting in the agent's offline queue
 * @param reportedAt when the agent sent it
 */
public record TerminalReport(
    String storeCode,
    String terminalCode,
    String state,
    Optional<String> agentVersion,
    int queuedMessages,
    Instant reportedAt) {

  public TerminalReport {
    Objects.requireNonNull(storeCode, "storeCode");
    Objects.requireNonNull(terminalCode, "terminalCode");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(agentVersion, "agentVersion");
    Objects.requireNonNull(reportedAt, "reportedAt");
  }
}
