package org.tailor.plugin.host;

import java.time.Instant;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The chain's terminals as channel plugins see them: who they are, how they report, their set-up.
 */
@ProviderType
public interface TerminalRegistry {

  /**
   * Checks that a terminal exists and belongs to a store.
   *
   * @throws RequestRejectedException naming {@code storeCode} or {@code terminalCode} when the
   *     store is unknown, the terminal is unknown or the terminal belongs to another store
   */
  void requireTerminal(String storeCode, String terminalCode);

  /**
   * Records what a terminal's agent reported: its birth message, a heartbeat or its last will. A
   * report older than the last one recorded changes nothing.
   *
   * @throws RequestRejectedException when the terminal is not one of the store's, or a value is out
   *     of range
   */
  void recordStatus(TerminalReport report);

  /**
   * Records when a presentation the terminal asked for was actually on its screen (the agent's
   * "shown" message). Idempotent: returns {@code true} the first time and {@code false} when the
   * presentation already has its time, which is kept (a resent message changes nothing).
   *
   * @throws RequestRejectedException naming {@code presentationId} when it is not a presentation
   *     made for this terminal, or {@code shownAt} when it is before the presentation was made
   * @since 1.4
   */
  boolean recordShown(
      String storeCode, String terminalCode, String presentationId, Instant shownAt);

  /** The settings the terminal should run with, published to it as its remote configuration. */
  TerminalSettings settings(String storeCode, String terminalCode);
}
