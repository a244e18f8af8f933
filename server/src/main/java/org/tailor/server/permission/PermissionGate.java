package org.tailor.server.permission;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hibernate.Session;
import org.tailor.server.persistence.Jdbc;

/**
 * Decides whether a message may go to a shopper now: the do-not-contact list, the shopper's current
 * consent for the channel and purpose, a confirmed double opt-in for email, quiet hours in the
 * shopper's time zone (else their home store's, else the chain's) and frequency caps.
 *
 * <p>{@link #check} locks the shopper's row, the same lock {@code ShopperService.recordConsent}
 * takes, and must run in the transaction in which the message is handed to its channel: a
 * withdrawal of consent then either committed before the check (and the message is refused) or
 * waits until the delivery is recorded. So a message is never delivered without a grant that is
 * current at the moment of delivery.
 */
public final class PermissionGate {

  /** The purpose of the confirmation message of an email double opt-in. */
  public static final String OPT_IN = "opt-in";

  /** The channel whose marketing messages need a confirmed double opt-in. */
  public static final String EMAIL = "email";

  private final ContactRules rules;
  private final ZoneId chainZone;

  /**
   * @param rules quiet hours and frequency caps
   * @param chainZone the time zone used when neither the shopper nor their home store has one
   */
  public PermissionGate(ContactRules rules, ZoneId chainZone) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.chainZone = Objects.requireNonNull(chainZone, "chainZone");
  }

  /**
   * Locks the shopper and judges the message at {@code at}. Call inside the transaction that will
   * hand the message to its channel.
   */
  public Verdict check(Session session, ContactRequest request, Instant at) {
    return Jdbc.on(session, connection -> check(connection, request, at));
  }

  private Verdict check(Connection connection, ContactRequest request, Instant at)
      throws SQLException {
    long shopper = request.shopperId();
    // Lock the shopper's row alone (a join would lock the home store's row too, on MariaDB).
    if (Jdbc.first(
            connection,
            "SELECT id FROM shopper WHERE id = ? FOR UPDATE",
            row -> row.getLong(1),
            shopper)
        .isEmpty()) {
      return new Verdict.Refused(Refusal.NO_CONSENT, at);
    }
    Optional<ZoneId> lockedZone =
        Jdbc.first(
            connection,
            "SELECT s.time_zone, st.time_zone AS store_zone FROM shopper s"
                + " LEFT JOIN store st ON st.id = s.home_store_id WHERE s.id = ?",
            row -> zoneOf(row.getString(1), row.getString(2)),
            shopper);
    if (lockedZone.isEmpty()) {
      return new Verdict.Refused(Refusal.NO_CONSENT, at);
    }
    String address = DoNotContactList.normalise(request.address());
    if (Jdbc.count(
            connection,
            "SELECT COUNT(*) FROM do_not_contact WHERE shopper_id = ? OR address = ?",
            shopper,
            address)
        > 0) {
      return new Verdict.Refused(Refusal.DO_NOT_CONTACT, at);
    }
    if (request.purpose().equals(OPT_IN)) {
      boolean pending =
          request.channel().equals(EMAIL)
              && Jdbc.count(
                      connection,
                      "SELECT COUNT(*) FROM email_opt_in WHERE shopper_id = ? AND address = ?"
                          + " AND confirmed_at IS NULL AND expires_at > ?",
                      shopper,
                      address,
                      at)
                  > 0;
      return pending
          ? permitted(request, address, at)
          : new Verdict.Refused(Refusal.NO_CONSENT, at);
    }
    Optional<String> status =
        Jdbc.first(
            connection,
            "SELECT status FROM consent WHERE shopper_id = ? AND channel = ? AND purpose = ?",
            row -> row.getString(1),
            shopper,
            request.channel(),
            request.purpose());
    if (!status.filter("granted"::equals).isPresent()) {
      return new Verdict.Refused(Refusal.NO_CONSENT, at);
    }
    if (request.channel().equals(EMAIL)
        && Jdbc.count(
                connection,
                "SELECT COUNT(*) FROM email_opt_in WHERE shopper_id = ? AND address = ?"
                    + " AND confirmed_at IS NOT NULL",
                shopper,
                address)
            == 0) {
      return new Verdict.Refused(Refusal.ADDRESS_NOT_CONFIRMED, at);
    }
    ZoneId zone = lockedZone.get();
    if (rules.quietHoursApplyTo(request.channel()) && rules.quietHours().get().contains(at, zone)) {
      return new Verdict.Refused(Refusal.QUIET_HOURS, rules.quietHours().get().over(at, zone));
    }
    for (FrequencyCap cap : rules.capsOf(request.channel())) {
      Instant since = at.minus(cap.window());
      List<Instant> delivered =
          Jdbc.list(
              connection,
              "SELECT delivered_at FROM outbox_message WHERE shopper_id = ? AND channel = ?"
                  + " AND status = 'delivered' AND delivered_at > ? ORDER BY delivered_at",
              row -> Jdbc.instant(row, "delivered_at").orElseThrow(),
              shopper,
              request.channel(),
              since);
      if (delivered.size() >= cap.maxMessages()) {
        Instant retryAt =
            delivered.isEmpty() || cap.maxMessages() == 0
                ? at.plus(cap.window())
                : delivered.get(delivered.size() - cap.maxMessages()).plus(cap.window());
        return new Verdict.Refused(Refusal.FREQUENCY_CAP, retryAt);
      }
    }
    return permitted(request, address, at);
  }

  private static Verdict permitted(ContactRequest request, String address, Instant at) {
    return new Verdict.Permitted(
        new DeliveryPermit(
            request.messageId(),
            request.channel(),
            request.shopperId(),
            request.purpose(),
            address,
            at));
  }

  private ZoneId zoneOf(String shopperZone, String storeZone) {
    for (String zone : new String[] {shopperZone, storeZone}) {
      if (zone != null && !zone.isBlank()) {
        try {
          return ZoneId.of(zone);
        } catch (DateTimeException e) {
          // a zone the JDK no longer knows: fall through to the next one
        }
      }
    }
    return chainZone;
  }
}
