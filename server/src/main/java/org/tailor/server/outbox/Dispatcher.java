package org.tailor.server.outbox;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hibernate.Session;
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
import org.tailor.server.shopper.ShopperService;

/**
 * Hands due messages from the outbox to their channel plugins — {@link #dispatchDue} up to {@link
 * #BATCH} messages per transaction, {@link #dispatch(String)} one: for each message, lock the
 * shopper and ask the {@link PermissionGate}, hand the message over with the gate's permit, and
 * record the outcome — delivered, retried later with back-off, deferred (quiet hours, caps),
 * blocked (no permission) or a dead letter.
 *
 * <p>Exactly once: a message has one id for its whole life. When the server dies after a channel
 * delivered but before the outcome was committed, the message is still pending and is handed over
 * again under the same id, which the plugin contract makes it deliver once. Several dispatchers
 * (threads or servers) may run: the shopper lock and a re-read of the status serialise them.
 */
public final class Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  /** Messages handled in one transaction by {@link #dispatchDue}. */
  static final int BATCH = 50;

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

  /** Handles up to {@code limit} messages that are due now, oldest due first. */
  public DispatchSummary dispatchDue(int limit) {
    Instant now = clock.instant();
    List<String> due =
        database.read(
            session ->
                Jdbc.on(
                    session,
                    c ->
                        Jdbc.list(
                            c,
                            "SELECT message_id FROM outbox_message WHERE status = 'pending'"
                                + " AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT "
                                + Math.max(1, limit),
                            row -> row.getString(1),
                            now)));
    DispatchSummary summary = new DispatchSummary(0, 0, 0, 0, 0);
    for (int from = 0; from < due.size(); from += BATCH) {
      summary = summary.plus(dispatchBatch(due.subList(from, Math.min(due.size(), from + BATCH))));
    }
    return summary;
  }

  /**
   * Handles several messages in one transaction, each exactly as {@link #dispatch(String)} does
   * (status re-read, permission gate with its caps and quiet hours right before the hand-over, the
   * outcome recorded), so that the commit is paid once per batch rather than once per message.
   * Should the batch's transaction fail (a deadlock, a message whose shopper is gone), it is rolled
   * back and its messages are handled one transaction each; a message a channel delivered in the
   * rolled-back batch is then handed over again under the same id, which the plugin contract makes
   * it deliver once.
   */
  private DispatchSummary dispatchBatch(List<String> messageIds) {
    if (messageIds.size() == 1) {
      return dispatch(messageIds.get(0));
    }
    try {
      return database.inTransaction(
          session -> {
            DispatchSummary batch = new DispatchSummary(0, 0, 0, 0, 0);
            for (String messageId : messageIds) {
              batch = batch.plus(dispatch(session, messageId, channels::deliver));
            }
            return batch;
          });
    } catch (RuntimeException e) {
      LOG.warn(
          "a batch of {} messages failed ({}); handling them one by one", messageIds.size(), e);
      DispatchSummary one = new DispatchSummary(0, 0, 0, 0, 0);
      for (String messageId : messageIds) {
        one = one.plus(dispatch(messageId));
      }
      return one;
    }
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

  /** Handles one message if it is still pending; returns what happened. */
  public DispatchSummary dispatch(String messageId) {
    return database.inTransaction(session -> dispatch(session, messageId, channels::deliver));
  }

  /**
   * Has a pending message printed for a till that waits: the same permission check and record as
   * {@link #dispatch}, the channel's printout returned. Empty when the message is not pending, was
   * refused, or could not be printed (then it is retried or a dead letter, as any delivery).
   */
  public Optional<Printout> printNow(String messageId) {
    Printout[] printed = new Printout[1];
    DispatchSummary summary =
        database.inTransaction(
            session ->
                dispatch(
                    session,
                    messageId,
                    (permit, message) -> {
                      Printout printout = channels.print(permit, message);
                      printed[0] = printout;
                      return new DeliveryReceipt(
                          message.messageId(), clock.instant(), printout.barcodeValue());
                    }));
    return summary.delivered() == 1 ? Optional.of(printed[0]) : Optional.empty();
  }

  /** How a permitted message is handed to its channel. */
  @FunctionalInterface
  private interface HandOver {
    DeliveryReceipt handOver(DeliveryPermit permit, OfferMessage message) throws DeliveryException;
  }

  private record Pending(
      long shopperId,
      String loyaltyId,
      String channel,
      String purpose,
      String address,
      String subject,
      String body,
      String offerCodes,
      int attempts) {}

  private DispatchSummary dispatch(Session session, String messageId, HandOver handOver) {
    Optional<Pending> first = Jdbc.on(session, c -> pending(c, messageId, false));
    if (first.isEmpty()) {
      return new DispatchSummary(0, 0, 0, 0, 0);
    }
    Instant now = clock.instant();
    Pending message = first.get();
    Verdict verdict =
        gate.check(
            session,
            new ContactRequest(
                messageId,
                message.shopperId(),
                message.channel(),
                message.purpose(),
                message.address()),
            now);
    // Under the shopper lock now: another dispatcher may have handled the message meanwhile.
    Optional<Pending> locked = Jdbc.on(session, c -> pending(c, messageId, true));
    if (locked.isEmpty()) {
      return new DispatchSummary(0, 0, 0, 0, 0);
    }
    int attempt = locked.get().attempts() + 1;
    if (verdict instanceof Verdict.Refused refused) {
      if (refused.refusal().permanent()) {
        finish(session, messageId, "blocked", now, null, refused.refusal().name(), attempt - 1);
        attempt(session, messageId, attempt, now, "blocked", refused.refusal().name());
        return new DispatchSummary(0, 0, 0, 1, 0);
      }
      Jdbc.on(
          session,
          c ->
              Jdbc.update(
                  c,
                  "UPDATE outbox_message SET next_attempt_at = ?, updated_at = ?, last_error = ?"
                      + " WHERE message_id = ?",
                  refused.retryAt(),
                  now,
                  refused.refusal().name(),
                  messageId));
      attempt(
          session,
          messageId,
          attempt - 1,
          now,
          "deferred",
          refused.refusal().name() + " until " + refused.retryAt());
      return new DispatchSummary(0, 0, 1, 0, 0);
    }
    Verdict.Permitted permitted = (Verdict.Permitted) verdict;
    OfferMessage offerMessage = offerMessage(session, messageId, message);
    try {
      DeliveryReceipt receipt = handOver.handOver(permitted.permit(), offerMessage);
      Instant deliveredAt = clock.instant();
      finish(
          session, messageId, "delivered", deliveredAt, receipt.externalReference(), null, attempt);
      attempt(session, messageId, attempt, deliveredAt, "delivered", receipt.externalReference());
      return new DispatchSummary(1, 0, 0, 0, 0);
    } catch (DeliveryException e) {
      String detail = Outbox.truncate(String.valueOf(e.getMessage()), 1000);
      if (!e.retryable() || attempt >= retries.maxAttempts()) {
        LOG.warn(
            "message {} on {} is a dead letter after {} attempts: {}",
            messageId,
            message.channel(),
            attempt,
            detail);
        finish(session, messageId, "dead", now, null, detail, attempt);
        attempt(session, messageId, attempt, now, "dead", detail);
        return new DispatchSummary(0, 0, 0, 0, 1);
      }
      Instant next = now.plus(retries.delayAfter(attempt));
      Jdbc.on(
          session,
          c ->
              Jdbc.update(
                  c,
                  "UPDATE outbox_message SET attempts = ?, next_attempt_at = ?, updated_at = ?,"
                      + " last_error = ? WHERE message_id = ?",
                  attempt,
                  next,
                  now,
                  detail,
                  messageId));
      attempt(session, messageId, attempt, now, "failed", detail);
      return new DispatchSummary(0, 1, 0, 0, 0);
    }
  }

  private static Optional<Pending> pending(Connection c, String messageId, boolean lock)
      throws SQLException {
    return Jdbc.first(
        c,
        "SELECT m.shopper_id, s.loyalty_id, m.channel, m.purpose, m.address, m.subject, m.body,"
            + " m.offer_codes, m.attempts FROM outbox_message m JOIN shopper s"
            + " ON s.id = m.shopper_id WHERE m.message_id = ? AND m.status = 'pending'"
            + (lock ? " FOR UPDATE" : ""),
        row ->
            new Pending(
                row.getLong(1),
                row.getString(2),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                row.getString(6),
                row.getString(7),
                row.getString(8),
                row.getInt(9)),
        messageId);
  }

  private static void finish(
      Session session,
      String messageId,
      String status,
      Instant at,
      String externalReference,
      String error,
      int attempts) {
    Jdbc.on(
        session,
        c ->
            Jdbc.update(
                c,
                "UPDATE outbox_message SET status = ?, attempts = ?, updated_at = ?,"
                    + " delivered_at = ?, external_reference = ?, last_error = ?"
                    + " WHERE message_id = ?",
                status,
                attempts,
                at,
                status.equals("delivered") ? at : null,
                externalReference == null ? null : Outbox.truncate(externalReference, 300),
                error,
                messageId));
  }

  private static void attempt(
      Session session, String messageId, int attempt, Instant at, String outcome, String detail) {
    Jdbc.on(
        session,
        c ->
            Jdbc.insert(
                c,
                "INSERT INTO delivery_attempt (message_id, attempt, attempted_at, outcome, detail)"
                    + " VALUES (?, ?, ?, ?, ?)",
                messageId,
                attempt,
                at,
                outcome,
                Outbox.truncate(detail == null ? "" : detail, 1000)));
  }

  private static OfferMessage offerMessage(Session session, String messageId, Pending message) {
    ShopperProfile profile =
        ShopperService.find(session, message.loyaltyId())
            .map(ShopperService::profileOf)
            .orElseThrow(() -> new IllegalStateException("shopper of " + messageId + " is gone"));
    List<CandidateOffer> offers = new ArrayList<>();
    for (String code : message.offerCodes().split(",")) {
      if (!code.isBlank()) {
        Jdbc.on(session, c -> offer(c, code)).ifPresent(offers::add);
      }
    }
    return new OfferMessage(
        messageId,
        profile,
        message.address(),
        message.purpose(),
        offers,
        message.subject(),
        message.body());
  }

  private static Optional<CandidateOffer> offer(Connection c, String code) throws SQLException {
    return Jdbc.first(
        c,
        "SELECT o.code, o.category, o.discount_percent, o.discount_amount, k.code"
            + " FROM offer o LEFT JOIN campaign k ON k.id = o.campaign_id WHERE o.code = ?",
        row ->
            new CandidateOffer(
                row.getString(1),
                Optional.ofNullable(row.getString(2)),
                Optional.ofNullable(row.getObject(3, BigDecimal.class)),
                Optional.ofNullable(row.getObject(4, BigDecimal.class)),
                Optional.ofNullable(row.getString(5))),
        code);
  }
}
