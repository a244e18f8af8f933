package org.tailor.terminal.protocol;

import java.time.Instant;

/**
 * A terminal's health, retained on its {@code status} topic: published on connect (birth), as a
 * heartbeat, and left with the broker as the last will ({@code offline}).
 *
 * @param state {@code online} or {@code offline}
 * @param agentVersion the agent's version
 * @param queuedMessages messages waiting in the agent's offline queue
 * @param configRevision the revision of the {@link TerminalConfig} the agent applies
 * @param sentAt when
 */
public record TerminalStatus(
    String state, String agentVersion, int queuedMessages, long configRevision, Instant sentAt) {}
