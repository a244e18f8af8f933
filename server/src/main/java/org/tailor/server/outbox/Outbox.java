package org.tailor.server.outbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.Jdbc;
import org.tailor.server.shopper.Shopper;
import org.tailor.server.shopper.ShopperService;
import org.tailor.server.validation.NotFoundException;

/**
 * Messages to shoppers, each written once under its unique message id before any channel sees it.
 * The {@link Dispatcher} hands them to channels; what happened is kept with them.
 */
public final class Outbox {

  private static final String COLUMNS =
      "SELECT m.message_id, s.loyalty_id, m.channel, m.purpose, m.status, m.attempts,"
          + " m.next_attempt_at, m.delivered_at, m.external_reference, m.last_error"
          + " FROM outbox_message m JOIN shopper s ON s.id = m.shopper_id";

  private final Database database;
  private final Clock clock;

  public Outbox(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /**
   * Writes a message, due now. Returns false when a message with its id is already there (then
   * nothing changes). Throws {@link NotFoundException} for an unknown shopper.
   */
  public boolean enqueue(OutgoingMessage message) {
    Instant now = clock.instant();
    return database.inTransaction(session -> enqueue(session, message, now));
  }

  /** Writes a message inside the caller's transaction; see {@link #enqueue(OutgoingMessage)}. */
  public static boolean enqueue(Session session, OutgoingMessage message, Instant now) {
    // A loyalty id, as messages name their shoppers, by one indexed read; any other identifier
    // (email, phone, card) as the shopper service resolves it.
    long shopperId =
        Jdbc.on(
                session,
                c ->
                    Jdbc.first(
                        c,
                        "SELECT id FROM shopper WHERE loyalty_id = ?",
                        row -> row.getLong(1),
                        message.loyaltyId().strip()))
            .orElseGet(
                () ->
                    ShopperService.find(session, message.loyaltyId())
                        .map(Shopper::getId)
                        .orElseThrow(
                            () -> new NotFoundException("kind.shopper", message.loyaltyId())));
    return Jdbc.on(session, c -> write(c, shopperId, message, now));
  }

  private static boolean write(Connection c, long shopperId, OutgoingMessage message, Instant now)
      throws SQLException {
    if (Jdbc.count(
            c, "SELECT COUNT(*) FROM outbox_message WHERE message_id = ?", message.messageId())
        > 0) {
      return false;
    }
    Jdbc.insert(
        c,
        "INSERT INTO outbox_message (message_id, shopper_id, channel, purpose, address, subject,"
            + " body, offer_codes, origin, status, attempts, next_attempt_at, created_at,"
            + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)",
        message.messageId(),
        shopperId,
        message.channel(),
        message.purpose(),
        message.address(),
        truncate(message.subject(), 500),
        truncate(message.body(), 8000),
        truncate(String.join(",", message.offerCodes()), 1000),
        truncate(message.origin(), 200),
        now,
        now,
        now);
    return true;
  }

  /** A message by its id. */
  public Optional<OutboxEntry> entry(String messageId) {
    return database.read(
        session ->
            Jdbc.on(
                session,
                c ->
                    Jdbc.first(
                        c, COLUMNS + " WHERE m.message_id = ?", Outbox::entryOf, messageId)));
  }

  /** The messages of one shopper, oldest first. */
  public List<OutboxEntry> entriesOf(String loyaltyId) {
    return database.read(
        session ->
            Jdbc.on(
                session,
                c ->
                    Jdbc.list(
                        c,
                        COLUMNS + " WHERE s.loyalty_id = ? ORDER BY m.id",
                        Outbox::entryOf,
                        loyaltyId)));
  }

  /** Dead letters, newest first, at most {@code limit}. */
  public List<OutboxEntry> deadLetters(int limit) {
    return database.read(
        session ->
            Jdbc.on(
                session,
                c ->
                    Jdbc.list(
                        c,
                        COLUMNS
                            + " WHERE m.status = 'dead' ORDER BY m.updated_at DESC LIMIT "
                            + limit,
                        Outbox::entryOf)));
  }

  static OutboxEntry entryOf(ResultSet row) throws SQLException {
    return new OutboxEntry(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        row.getString(4),
        DeliveryStatus.ofColumn(row.getString(5)),
        row.getInt(6),
        Jdbc.instant(row, "next_attempt_at").orElseThrow(),
        Jdbc.instant(row, "delivered_at"),
        Optional.ofNullable(row.getString(9)),
        Optional.ofNullable(row.getString(10)));
  }

  static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
