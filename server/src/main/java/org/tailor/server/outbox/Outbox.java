package org.tailor.server.outbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

  private static final String INSERT =
      "INSERT INTO outbox_message (message_id, shopper_id, channel, purpose, address, subject,"
          + " body, offer_codes, origin, status, attempts, next_attempt_at, created_at,"
          + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)";

  /** Messages looked up with one {@code IN} list at most. */
  private static final int IN_LIST = 500;

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

  /**
   * A message as {@link #enqueue(Connection, OutgoingMessage, Instant)} wrote it: its row's id, its
   * shopper's, and the texts as stored (shortened to their columns).
   */
  record Written(
      long id, long shopperId, String subject, String body, String offerCodes, Instant at) {}

  /**
   * Writes a message for a shopper named by loyalty id on the caller's JDBC connection, inside its
   * transaction (the dispatcher's, for a coupon printed while the till waits), and returns the row
   * as written — pending, no attempts, due at {@code now} (to the microsecond the column keeps),
   * and locked by this transaction until it ends. Empty when a message with this id is already in
   * the outbox.
   *
   * <p>Locks the shopper's row first, as the permission gate will later in the same transaction:
   * otherwise the insert's foreign-key check takes a shared lock on it, and two such transactions
   * for one shopper (two tills at once) would each wait for the other to raise it (a deadlock
   * MariaDB resolves by failing one). Locked first, the second waits for the first to commit. The
   * same statement looks for the message id, so that a coupon costs two round trips here, not
   * three.
   *
   * @throws NotFoundException when no shopper has the loyalty id
   */
  static Optional<Written> enqueue(Connection c, OutgoingMessage message, Instant now)
      throws SQLException {
    Instant at = now.truncatedTo(ChronoUnit.MICROS);
    Object[] shopper =
        Jdbc.first(
                c,
                "SELECT s.id, (SELECT m.id FROM outbox_message m WHERE m.message_id = ?)"
                    + " FROM shopper s WHERE s.loyalty_id = ? FOR UPDATE",
                row -> new Object[] {row.getLong(1), row.getObject(2)},
                message.messageId(),
                message.loyaltyId().strip())
            .orElseThrow(() -> new NotFoundException("kind.shopper", message.loyaltyId()));
    if (shopper[1] != null) {
      return Optional.empty();
    }
    long shopperId = (Long) shopper[0];
    Object[] row = row(shopperId, message, at);
    long id = Jdbc.insert(c, INSERT, row);
    return Optional.of(
        new Written(id, shopperId, (String) row[5], (String) row[6], (String) row[7], at));
  }

  private static boolean write(Connection c, long shopperId, OutgoingMessage message, Instant now)
      throws SQLException {
    if (Jdbc.count(
            c, "SELECT COUNT(*) FROM outbox_message WHERE message_id = ?", message.messageId())
        > 0) {
      return false;
    }
    Jdbc.update(c, INSERT, row(shopperId, message, now));
    return true;
  }

  /**
   * Writes messages, all due now, in one transaction; see {@link #enqueueAll(Session, List,
   * Instant)}.
   */
  public int enqueueAll(List<OutgoingMessage> messages) {
    Instant now = clock.instant();
    return database.inTransaction(session -> enqueueAll(session, messages, now));
  }

  /**
   * Writes messages inside the caller's transaction, as {@link #enqueue(Session, OutgoingMessage,
   * Instant)} does one by one but with a few statements for all of them: their shoppers found at
   * once, the ids already in the outbox found at once, and the new rows inserted as one JDBC batch
   * (trigger runs write their messages so). A message whose id is already in the outbox, or earlier
   * in the list, is skipped. Returns how many were written. Throws {@link NotFoundException} for an
   * unknown shopper, before anything is written.
   */
  public static int enqueueAll(Session session, List<OutgoingMessage> messages, Instant now) {
    int written = 0;
    for (int from = 0; from < messages.size(); from += IN_LIST) {
      written +=
          enqueueChunk(
              session, messages.subList(from, Math.min(messages.size(), from + IN_LIST)), now);
    }
    return written;
  }

  private static int enqueueChunk(Session session, List<OutgoingMessage> messages, Instant now) {
    if (messages.isEmpty()) {
      return 0;
    }
    Set<String> loyaltyIds = new LinkedHashSet<>();
    Set<String> messageIds = new LinkedHashSet<>();
    for (OutgoingMessage message : messages) {
      loyaltyIds.add(message.loyaltyId().strip());
      messageIds.add(message.messageId());
    }
    Map<String, Long> shopperIds = new HashMap<>();
    Set<String> existing = new HashSet<>();
    Jdbc.on(
        session,
        c -> {
          for (Object[] row :
              Jdbc.list(
                  c,
                  "SELECT loyalty_id, id FROM shopper WHERE loyalty_id IN ("
                      + marks(loyaltyIds.size())
                      + ")",
                  r -> new Object[] {r.getString(1), r.getLong(2)},
                  loyaltyIds.toArray())) {
            shopperIds.put((String) row[0], (Long) row[1]);
          }
          existing.addAll(
              Jdbc.list(
                  c,
                  "SELECT message_id FROM outbox_message WHERE message_id IN ("
                      + marks(messageIds.size())
                      + ")",
                  r -> r.getString(1),
                  messageIds.toArray()));
          return null;
        });
    List<Object[]> rows = new ArrayList<>(messages.size());
    for (OutgoingMessage message : messages) {
      Long shopperId = shopperIds.get(message.loyaltyId().strip());
      if (shopperId == null) {
        // Not a loyalty id: any other identifier (email, phone, card) as the shopper service
        // resolves it.
        shopperId =
            ShopperService.find(session, message.loyaltyId())
                .map(Shopper::getId)
                .orElseThrow(() -> new NotFoundException("kind.shopper", message.loyaltyId()));
      }
      if (existing.add(message.messageId())) {
        rows.add(row(shopperId, message, now));
      }
    }
    Jdbc.on(session, c -> Jdbc.batch(c, INSERT, rows));
    return rows.size();
  }

  private static Object[] row(long shopperId, OutgoingMessage message, Instant now) {
    return new Object[] {
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
      now
    };
  }

  private static String marks(int count) {
    return String.join(", ", Collections.nCopies(Math.max(1, count), "?"));
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
