package org.tailor.server.outbox;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.DeliveryException;
import org.tailor.plugin.DeliveryReceipt;
import org.tailor.plugin.OfferMessage;
import org.tailor.plugin.Printout;
import org.tailor.plugin.ShopperProfile;
import org.tailor.server.permission.ChannelDelivery;
import org.tailor.server.permission.ContactRequest;
import org.tailor.server.permission.DeliveryPermit;
import org.tailor.server.permission.PermissionGate;
import org.tailor.server.permission.Verdict;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.Jdbc;

/**
 * Hands due messages from the outbox to their channel plugins — {@link #dispatchDue} up to {@link
 * #BATCH} messages per transaction, {@link #dispatch(String)} one: the messages are claimed (their
 * rows locked), the {@link PermissionGate} locks their shoppers and judges each, every permitted
 * message is handed over with the gate's permit, and the outcomes are recorded — delivered, retried
 * later with back-off, deferred (quiet hours, caps), blocked (no permission) or a dead letter.
 *
 * <p>Exactly once: a message has one id for its whole life, and is handled by one transaction at a
 * time — dispatchers running at once claim disjoint batches ({@code FOR UPDATE SKIP LOCKED}) and
 * {@link #dispatch(String)} waits for the message's lock, then sees it handled. When the server
 * dies after a channel delivered but before the outcome was committed, the message is still pending
 * and is handed over again under the same id, which the plugin contract makes it deliver once.
 */
public final class Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  /** Messages claimed and handled in one transaction by {@link #dispatchDue}. */
  static final int BATCH = 50;

  private static final String COLUMNS =
      "SELECT id, message_id, shopper_id, channel, purpose, address, subject, body, offer_codes,"
          + " attempts, next_attempt_at FROM outbox_message";

  private final Database database;
  private final PermissionGate gate;
  private final ChannelDelivery channels;
  private final RetryPolicy retries;
  private final Clock clock;

  public Dispatcher(
      Database database,
      PermissionGate gate,
      ChannelDelivery channels,
      RetryPolicy retries,
      Clock clock) {
    this.database = Objects.requireNonNull(database, "database");
    this.gate = Objects.requireNonNull(gate, "gate");
    this.channels = Objects.requireNonNull(channels, "channels");
    this.retries = Objects.requireNonNull(retries, "retries");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Handles up to {@code limit} messages that are due now, oldest due first, in batches of {@link
   * #BATCH}: each batch claims its messages with {@code FOR UPDATE SKIP LOCKED}, so dispatchers
   * running at once (threads or servers) take disjoint batches rather than wait for each other.
   */
  public DispatchSummary dispatchDue(int limit) {
    // MariaDB reads ix_outbox_due in this order and locks only the rows it returns. H2 locks every
    // row that matches a locking query with an ORDER BY before it sorts (so one dispatcher would
    // claim all that is due, and slowly); without one it scans the same index, in the same order,
    // and stops at the limit.
    String dueOrder = database.settings().isMariaDb() ? " ORDER BY next_attempt_at, id" : "";
    DispatchSummary summary = new DispatchSummary(0, 0, 0, 0, 0);
    int left = Math.max(1, limit);
    while (left > 0) {
      int size = Math.min(BATCH, left);
      Instant now = clock.instant();
      Batch batch =
          run(
              c ->
                  Jdbc.list(
                      c,
                      COLUMNS
                          + " WHERE status = 'pending' AND next_attempt_at <= ?"
                          + dueOrder
                          + " LIMIT "
                          + size
                          + " FOR UPDATE SKIP LOCKED",
                      Dispatcher::pendingOf,
                      now),
              channels::deliver);
      summary = summary.plus(batch.summary());
      if (batch.claimed() < size) {
        return summary;
      }
      left -= batch.claimed();
    }
    return summary;
  }

  /** Runs passes until nothing is due now; returns what they did. */
  public DispatchSummary dispatchAllDue() {
    DispatchSummary total = new DispatchSummary(0, 0, 0, 0, 0);
    while (true) {
      DispatchSummary pass = dispatchDue(200);
      total = total.plus(pass);
      if (pass.handled() == 0 || pass.handled() == pass.deferred() + pass.retried()) {
        return total;
      }
    }
  }

  /**
   * Handles one message if it is still pending; returns what happened. Waits for a dispatcher that
   * holds the message in a batch, then finds it handled.
   */
  public DispatchSummary dispatch(String messageId) {
    return run(one(messageId), channels::deliver).summary();
  }

  /**
   * Has a pending message printed for a till that waits: the same permission check and record as
   * {@link #dispatch}, the channel's printout returned. Empty when the message is not pending, was
   * refused, or could not be printed (then it is retried or a dead letter, as any delivery).
   */
  public Optional<Printout> printNow(String messageId) {
    return print(one(messageId));
  }

  /**
   * Writes a message for a till that waits and has it printed in the same transaction: written to
   * the outbox, judged by the permission gate, handed to its channel and the outcome recorded, with
   * one commit — so a coupon costs the till one transaction, and a failure before the commit leaves
   * no message behind. A message id already in the outbox is not written again; it is printed if it
   * is still pending, as {@link #printNow} does. Empty as for {@link #printNow}.
   *
   * @throws org.tailor.server.validation.NotFoundException when no shopper has the message's
   *     loyalty id
   */
  public Optional<Printout> enqueueAndPrint(OutgoingMessage message) {
    return enqueueAndPrint(message, Optional.empty());
  }

  /**
   * As {@link #enqueueAndPrint(OutgoingMessage)}, with the shopper's profile as the caller already
   * has it — the one a decision was just made with ({@code DecisionCache}: changes made through
   * this server are seen at once, others within its maximum age) — so that the channel is handed
   * that rather than one read again. The permission gate still reads and locks everything it judges
   * by.
   *
   * @throws IllegalArgumentException when the profile is not of the message's shopper
   */
  public Optional<Printout> enqueueAndPrint(OutgoingMessage message, ShopperProfile shopper) {
    if (!shopper.loyaltyId().equals(message.loyaltyId().strip())) {
      throw new IllegalArgumentException(
          "profile of shopper "
              + shopper.loyaltyId()
              + " given for message "
              + message.messageId()
              + " to shopper "
              + message.loyaltyId());
    }
    return enqueueAndPrint(message, Optional.of(shopper));
  }

  private Optional<Printout> enqueueAndPrint(
      OutgoingMessage message, Optional<ShopperProfile> shopper) {
    Jdbc.ConnectionWork<List<Pending>> claim = one(message.messageId());
    return print(
        c -> {
          // The row just written is locked by this transaction and pending: no need to read it
          // back. A message already there is claimed as printNow claims it.
          Optional<Outbox.Written> written = Outbox.enqueue(c, message, clock.instant());
          return written.isPresent()
              ? List.of(Pending.written(message, written.get(), shopper))
              : claim.run(c);
        });
  }

  private Optional<Printout> print(Jdbc.ConnectionWork<List<Pending>> claim) {
    Printout[] printed = new Printout[1];
    DispatchSummary summary =
        run(
                claim,
                (permit, message) -> {
                  Printout printout = channels.print(permit, message);
                  printed[0] = printout;
                  return new DeliveryReceipt(
                      message.messageId(), clock.instant(), printout.barcodeValue());
                })
            .summary();
    return summary.delivered() == 1 ? Optional.of(printed[0]) : Optional.empty();
  }

  private static Jdbc.ConnectionWork<List<Pending>> one(String messageId) {
    return c ->
        Jdbc.list(
            c,
            COLUMNS + " WHERE message_id = ? AND status = 'pending' FOR UPDATE",
            Dispatcher::pendingOf,
            messageId);
  }

  /** How a permitted message is handed to its channel. */
  @FunctionalInterface
  private interface HandOver {
    DeliveryReceipt handOver(DeliveryPermit permit, OfferMessage message) throws DeliveryException;
  }

  /** A pending message as claimed, locked by the transaction that handles it. */
  private record Pending(
      long id,
      String messageId,
      long shopperId,
      String channel,
      String purpose,
      String address,
      String subject,
      String body,
      String offerCodes,
      int attempts,
      Instant nextAttemptAt,
      Optional<ShopperProfile> knownProfile) {

    ContactRequest request() {
      return new ContactRequest(messageId, shopperId, channel, purpose, address);
    }

    List<String> codes() {
      return Arrays.stream(offerCodes.split(",")).filter(code -> !code.isBlank()).toList();
    }

    /**
     * A message just written by this transaction, as {@link #pendingOf} would read it back, with
     * its shopper's profile if the caller had it.
     */
    static Pending written(
        OutgoingMessage message, Outbox.Written row, Optional<ShopperProfile> profile) {
      return new Pending(
          row.id(),
          message.messageId(),
          row.shopperId(),
          message.channel(),
          message.purpose(),
          message.address(),
          row.subject(),
          row.body(),
          row.offerCodes(),
          0,
          row.at(),
          profile);
    }
  }

  private static Pending pendingOf(ResultSet row) throws SQLException {
    return new Pending(
        row.getLong(1),
        row.getString(2),
        row.getLong(3),
        row.getString(4),
        row.getString(5),
        row.getString(6),
        row.getString(7),
        row.getString(8),
        row.getString(9),
        row.getInt(10),
        Jdbc.instant(row, "next_attempt_at").orElseThrow(),
        Optional.empty());
  }

  /** What one transaction claimed and did. */
  private record Batch(int claimed, DispatchSummary summary) {}

  /**
   * The new state of a message and the attempt row that says why: one {@code outbox_message} update
   * and one {@code delivery_attempt} insert, written with the batch's others.
   */
  private record Outcome(
      Pending message,
      String status,
      int attempts,
      Instant nextAttemptAt,
      Instant at,
      String externalReference,
      String error,
      int attemptNumber,
      String outcome,
      String detail) {}

  /**
   * One transaction, at READ COMMITTED on a connection of the database's transaction pool ({@link
   * Database#transactions()}, set so when the pool opened it): claims messages (their rows locked),
   * has the gate lock their shoppers and read what it needs for all of them at once, reads their
   * shoppers' profiles (those the caller did not give) and offers at once, hands each permitted
   * message to its channel and writes every outcome as one JDBC batch before the commit. The
   * shopper locks are held from the gate's reads until the commit, so a consent withdrawn meanwhile
   * waits for the deliveries to be recorded (and is seen by every later check).
   *
   * <p>A channel that throws anything but a {@link DeliveryException} (a bug) stops the batch: the
   * outcomes of the messages handed over before it are committed all the same, and the exception is
   * thrown after the commit, the message that raised it and those after it left pending. So a
   * delivered message's outcome is never rolled back by a later message's failure. Only a database
   * failure while recording (or a crash) loses outcomes; such messages stay pending and are handed
   * over again under the same id, which the plugin contract makes the channel deliver once.
   */
  private Batch run(Jdbc.ConnectionWork<List<Pending>> claim, HandOver handOver) {
    try (Connection c = database.transactions().getConnection()) {
      RuntimeException failure = null;
      DispatchSummary summary = new DispatchSummary(0, 0, 0, 0, 0);
      int claimed = 0;
      try {
        List<Pending> messages = claim.run(c);
        claimed = messages.size();
        if (messages.isEmpty()) {
          c.commit();
          return new Batch(0, summary);
        }
        Instant now = clock.instant();
        PermissionGate.Checks checks =
            gate.checkAll(c, messages.stream().map(Pending::request).toList(), now);
        Map<Long, ShopperProfile> profiles = new HashMap<>();
        Set<Long> toRead = new HashSet<>();
        for (Pending message : messages) {
          message
              .knownProfile()
              .ifPresentOrElse(
                  profile -> profiles.put(message.shopperId(), profile),
                  () -> toRead.add(message.shopperId()));
        }
        toRead.removeAll(profiles.keySet());
        if (!toRead.isEmpty()) {
          profiles.putAll(profiles(c, toRead));
        }
        Map<String, CandidateOffer> offers =
            offers(
                c,
                messages.stream()
                    .flatMap(message -> message.codes().stream())
                    .collect(Collectors.toCollection(TreeSet::new)));
        List<Outcome> outcomes = new ArrayList<>(messages.size());
        for (Pending message : messages) {
          ShopperProfile profile = profiles.get(message.shopperId());
          if (profile == null) {
            continue; // the shopper is gone; a foreign key makes this impossible
          }
          try {
            Outcome outcome = handle(message, profile, offers, checks, now, handOver);
            outcomes.add(outcome);
            summary = summary.plus(countOf(outcome));
          } catch (RuntimeException e) {
            failure = e;
            break;
          }
        }
        record(c, outcomes);
        c.commit();
      } catch (SQLException | RuntimeException | Error e) {
        rollback(c, e);
        throw e;
      }
      if (failure != null) {
        throw failure;
      }
      return new Batch(claimed, summary);
    } catch (SQLException e) {
      throw new IllegalStateException("the outbox dispatcher could not read or record messages", e);
    }
  }

  private Outcome handle(
      Pending message,
      ShopperProfile profile,
      Map<String, CandidateOffer> offers,
      PermissionGate.Checks checks,
      Instant now,
      HandOver handOver) {
    String messageId = message.messageId();
    int attempt = message.attempts() + 1;
    Verdict verdict = checks.verdict(message.request());
    if (verdict instanceof Verdict.Refused refused) {
      String reason = refused.refusal().name();
      if (refused.refusal().permanent()) {
        return new Outcome(
            message,
            "blocked",
            attempt - 1,
            message.nextAttemptAt(),
            now,
            null,
            reason,
            attempt,
            "blocked",
            reason);
      }
      return new Outcome(
          message,
          "pending",
          message.attempts(),
          refused.retryAt(),
          now,
          null,
          reason,
          attempt - 1,
          "deferred",
          reason + " until " + refused.retryAt());
    }
    Verdict.Permitted permitted = (Verdict.Permitted) verdict;
    List<CandidateOffer> offered = new ArrayList<>();
    for (String code : message.codes()) {
      CandidateOffer offer = offers.get(code);
      if (offer != null) {
        offered.add(offer);
      }
    }
    OfferMessage offerMessage =
        new OfferMessage(
            messageId,
            profile,
            message.address(),
            message.purpose(),
            offered,
            message.subject(),
            message.body());
    try {
      DeliveryReceipt receipt = handOver.handOver(permitted.permit(), offerMessage);
      Instant deliveredAt = clock.instant();
      checks.delivered(message.request(), deliveredAt);
      String reference = receipt.externalReference();
      return new Outcome(
          message,
          "delivered",
          attempt,
          message.nextAttemptAt(),
          deliveredAt,
          reference,
          null,
          attempt,
          "delivered",
          reference);
    } catch (DeliveryException e) {
      String detail = Outbox.truncate(String.valueOf(e.getMessage()), 1000);
      if (!e.retryable() || attempt >= retries.maxAttempts()) {
        LOG.warn(
            "message {} on {} is a dead letter after {} attempts: {}",
            messageId,
            message.channel(),
            attempt,
            detail);
        return new Outcome(
            message,
            "dead",
            attempt,
            message.nextAttemptAt(),
            now,
            null,
            detail,
            attempt,
            "dead",
            detail);
      }
      return new Outcome(
          message,
          "pending",
          attempt,
          now.plus(retries.delayAfter(attempt)),
          now,
          null,
          detail,
          attempt,
          "failed",
          detail);
    }
  }

  private static DispatchSummary countOf(Outcome outcome) {
    return switch (outcome.outcome()) {
      case "delivered" -> new DispatchSummary(1, 0, 0, 0, 0);
      case "failed" -> new DispatchSummary(0, 1, 0, 0, 0);
      case "deferred" -> new DispatchSummary(0, 0, 1, 0, 0);
      case "blocked" -> new DispatchSummary(0, 0, 0, 1, 0);
      default -> new DispatchSummary(0, 0, 0, 0, 1);
    };
  }

  /** Writes the outcomes: one batch of status updates, one of attempt rows. */
  private static void record(Connection c, List<Outcome> outcomes) throws SQLException {
    List<Object[]> updates = new ArrayList<>(outcomes.size());
    List<Object[]> attempts = new ArrayList<>(outcomes.size());
    for (Outcome o : outcomes) {
      updates.add(
          new Object[] {
            o.status(),
            o.attempts(),
            o.nextAttemptAt(),
            o.at(),
            o.status().equals("delivered") ? o.at() : null,
            o.externalReference() == null ? null : Outbox.truncate(o.externalReference(), 300),
            o.error(),
            o.message().id()
          });
      attempts.add(
          new Object[] {
            o.message().messageId(),
            o.attemptNumber(),
            o.at(),
            o.outcome(),
            Outbox.truncate(o.detail() == null ? "" : o.detail(), 1000)
          });
    }
    Jdbc.batch(
        c,
        "UPDATE outbox_message SET status = ?, attempts = ?, next_attempt_at = ?, updated_at = ?,"
            + " delivered_at = ?, external_reference = ?, last_error = ? WHERE id = ?",
        updates);
    Jdbc.batch(
        c,
        "INSERT INTO delivery_attempt (message_id, attempt, attempted_at, outcome, detail)"
            + " VALUES (?, ?, ?, ?, ?)",
        attempts);
  }

  /** What plugins may know of the shoppers, read at once (shopper rows, attributes, categories). */
  private static Map<Long, ShopperProfile> profiles(Connection c, Set<Long> shopperIds)
      throws SQLException {
    Object[] ids = shopperIds.toArray();
    String marks = marks(ids.length);
    Map<Long, Map<String, String>> attributes = new HashMap<>();
    for (Object[] row :
        Jdbc.list(
            c,
            "SELECT shopper_id, name, attribute_value FROM shopper_attribute WHERE shopper_id IN ("
                + marks
                + ")",
            r -> new Object[] {r.getLong(1), r.getString(2), r.getString(3)},
            ids)) {
      attributes
          .computeIfAbsent((Long) row[0], k -> new HashMap<>())
          .put((String) row[1], (String) row[2]);
    }
    Map<Long, List<String>> categories = new HashMap<>();
    for (Object[] row :
        Jdbc.list(
            c,
            "SELECT shopper_id, category FROM shopper_preference WHERE shopper_id IN ("
                + marks
                + ")",
            r -> new Object[] {r.getLong(1), r.getString(2)},
            ids)) {
      categories.computeIfAbsent((Long) row[0], k -> new ArrayList<>()).add((String) row[1]);
    }
    Map<Long, ShopperProfile> profiles = new HashMap<>();
    for (Object[] row :
        Jdbc.list(
            c,
            "SELECT id, loyalty_id, first_name, language, birthday FROM shopper WHERE id IN ("
                + marks
                + ")",
            r ->
                new Object[] {
                  r.getLong(1),
                  r.getString(2),
                  r.getString(3),
                  r.getString(4),
                  r.getObject(5, LocalDate.class)
                },
            ids)) {
      long id = (Long) row[0];
      profiles.put(
          id,
          new ShopperProfile(
              (String) row[1],
              Optional.ofNullable((String) row[2]),
              (String) row[3],
              Optional.ofNullable((LocalDate) row[4]),
              categories.getOrDefault(id, List.of()).stream().sorted().toList(),
              attributes.getOrDefault(id, Map.of())));
    }
    return profiles;
  }

  /** The offers with these codes, read at once; a code no longer known is left out. */
  private static Map<String, CandidateOffer> offers(Connection c, Set<String> codes)
      throws SQLException {
    Map<String, CandidateOffer> offers = new HashMap<>();
    if (codes.isEmpty()) {
      return offers;
    }
    for (CandidateOffer offer :
        Jdbc.list(
            c,
            "SELECT o.code, o.category, o.discount_percent, o.discount_amount, k.code"
                + " FROM offer o LEFT JOIN campaign k ON k.id = o.campaign_id WHERE o.code IN ("
                + marks(codes.size())
                + ")",
            row ->
                new CandidateOffer(
                    row.getString(1),
                    Optional.ofNullable(row.getString(2)),
                    Optional.ofNullable(row.getObject(3, BigDecimal.class)),
                    Optional.ofNullable(row.getObject(4, BigDecimal.class)),
                    Optional.ofNullable(row.getString(5))),
            codes.toArray())) {
      offers.put(offer.offerCode(), offer);
    }
    return offers;
  }

  private static String marks(int count) {
    return String.join(", ", Collections.nCopies(Math.max(1, count), "?"));
  }

  private static void rollback(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
