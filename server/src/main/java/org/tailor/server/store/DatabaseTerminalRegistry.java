package org.tailor.server.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.hibernate.Session;
import org.tailor.plugin.host.RequestRejectedException;
import org.tailor.plugin.host.TerminalRegistry;
import org.tailor.plugin.host.TerminalReport;
import org.tailor.plugin.host.TerminalSettings;
import org.tailor.server.config.SettingsException;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.Jdbc;

/**
 * The host's {@link TerminalRegistry}: terminals from the {@code terminal} table, their reports
 * recorded there, their remote configuration from the settings {@code tailor.terminals.*} (the same
 * for every terminal for now).
 */
public final class DatabaseTerminalRegistry implements TerminalRegistry {

  private static final int MAX_STATE = 32;
  private static final int MAX_VERSION = 40;

  private final LongConsumer writePendingPresentation;
  private final Database database;
  private final TerminalSettings terminalSettings;

  public DatabaseTerminalRegistry(Database database, TailorSettings settings) {
    this(database, settings, presentationId -> {});
  }

  /**
   * @param writePendingPresentation writes a presentation that was decided but may still wait to be
   *     written (decisions write presentations behind them), before its screen time is recorded
   */
  public DatabaseTerminalRegistry(
      Database database, TailorSettings settings, LongConsumer writePendingPresentation) {
    this.database = Objects.requireNonNull(database, "database");
    this.terminalSettings = settingsFrom(settings);
    this.writePendingPresentation =
        Objects.requireNonNull(writePendingPresentation, "writePendingPresentation");
  }

  /** The terminal settings the configuration names, checked. */
  static TerminalSettings settingsFrom(TailorSettings settings) {
    try {
      return new TerminalSettings(
          settings.getLong("tailor.terminals.config.revision", 1),
          settings.get("tailor.terminals.language").orElse(settings.defaultLanguage()),
          settings.getInt("tailor.terminals.max.offers", 3),
          settings.getInt("tailor.terminals.idle.seconds", 30),
          settings.getInt("tailor.terminals.heartbeat.seconds", 60));
    } catch (IllegalArgumentException e) {
      throw new SettingsException("settings tailor.terminals.*: " + e.getMessage());
    }
  }

  @Override
  public void requireTerminal(String storeCode, String terminalCode) {
    database.read(session -> terminalOf(session, storeCode, terminalCode));
  }

  @Override
  public void recordStatus(TerminalReport report) {
    String state = report.state();
    if (state.isBlank() || state.length() > MAX_STATE) {
      throw new RequestRejectedException(
          "state", state, "text of 1 to " + MAX_STATE + " characters");
    }
    Optional<String> version = report.agentVersion().filter(v -> !v.isBlank());
    if (version.isPresent() && version.get().length() > MAX_VERSION) {
      throw new RequestRejectedException(
          "agentVersion", version.get(), "text of 1 to " + MAX_VERSION + " characters");
    }
    database.inTransaction(
        session -> {
          terminalOf(session, report.storeCode(), report.terminalCode())
              .report(state, version, report.reportedAt());
          return null;
        });
  }

  /**
   * Writes {@code presentation.on_screen_at} once: a presentation made for this terminal that has
   * no time yet gets {@code shownAt}; one that has a time keeps it (the agent resends until acked).
   */
  @Override
  public boolean recordShown(
      String storeCode, String terminalCode, String presentationId, Instant shownAt) {
    Objects.requireNonNull(shownAt, "shownAt");
    long id = presentationNumber(presentationId);
    writePendingPresentation.accept(id);
    return database.inTransaction(
        session -> {
          long terminal = terminalOf(session, storeCode, terminalCode).getId();
          return Jdbc.on(
              session,
              connection -> {
                int written =
                    Jdbc.update(
                        connection,
                        "UPDATE presentation SET on_screen_at = ?"
                            + " WHERE id = ? AND terminal_id = ? AND on_screen_at IS NULL",
                        shownAt,
                        id,
                        terminal);
                if (written == 1) {
                  return true;
                }
                if (Jdbc.count(
                        connection,
                        "SELECT COUNT(*) FROM presentation WHERE id = ? AND terminal_id = ?",
                        id,
                        terminal)
                    == 1) {
                  return false;
                }
                throw notOurs(presentationId, terminalCode);
              });
        });
  }

  private static long presentationNumber(String presentationId) {
    if (presentationId != null) {
      try {
        long id = Long.parseLong(presentationId.strip());
        if (id > 0) {
          return id;
        }
      } catch (NumberFormatException e) {
        // refused below
      }
    }
    throw notOurs(presentationId, "this terminal");
  }

  private static RequestRejectedException notOurs(String presentationId, String terminalCode) {
    return new RequestRejectedException(
        "presentationId",
        presentationId == null ? "" : presentationId,
        "the id of a presentation made for " + terminalCode);
  }

  @Override
  public TerminalSettings settings(String storeCode, String terminalCode) {
    requireTerminal(storeCode, terminalCode);
    return terminalSettings;
  }

  private static Terminal terminalOf(Session session, String storeCode, String terminalCode) {
    if (StoreService.findStore(session, storeCode).isEmpty()) {
      throw new RequestRejectedException(
          "storeCode", storeCode, "the code of a store of the chain");
    }
    return StoreService.findTerminal(session, terminalCode)
        .filter(t -> t.getStore().getCode().equals(storeCode))
        .orElseThrow(
            () ->
                new RequestRejectedException(
                    "terminalCode", terminalCode, "the code of a terminal of store " + storeCode));
  }
}
