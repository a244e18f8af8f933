package org.tailor.server.permission;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
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
    return Jdbc.on(session, connection -> checkAll(connection, List.of(request), at))
        .verdict(request);
  }

  /**
   * Locks the shoppers of several messages (in id order, so that dispatchers working at once wait
   * for each other rather than deadlock) and reads at once what the gate needs to judge each of
   * them at {@code at}: their time zones (when quiet hours hold for a channel asked for), the
   * do-not-contact list, their consents, email opt-ins and, for capped channels, their recent
   * deliveries. Call inside the transaction that will hand the messages to their channels, at an
   * isolation that reads what others committed (READ COMMITTED): the locks keep every consent
   * change, do-not-contact entry and opt-in of these shoppers out until that transaction ends.
   */
  public Checks checkAll(Connection connection, Collection<ContactRequest> requests, Instant at)
      throws SQLException {
    Objects.requireNonNull(at, "at");
    SortedSet<Long> shoppers = new TreeSet<>();
    Set<String> addresses = new HashSet<>();
    Set<String> channels = new HashSet<>();
    for (ContactRequest request : requests) {
      shoppers.add(request.shopperId());
      addresses.add(DoNotContactList.normalise(request.address()));
      channels.add(request.channel());
    }
    Checks checks = new Checks(at);
    if (shoppers.isEmpty()) {
      return checks;
    }
    Object[] ids = shoppers.toArray();
    String idMarks = marks(ids.length);
    // Lock the shoppers' rows alone (a join would lock the home stores' rows too, on MariaDB) and
    // read their own time zones with them. Zones serve quiet hours only: a home store's zone is
    // read for a shopper without one, and only when quiet hours hold for a channel asked for.
    boolean quietHours = channels.stream().anyMatch(rules::quietHoursApplyTo);
    Map<Long, Long> zoneFromStore = new HashMap<>();
    for (Object[] shopper :
        Jdbc.list(
            connection,
            "SELECT id, time_zone, home_store_id FROM shopper WHERE id IN ("
                + idMarks
                + ") ORDER BY id FOR UPDATE",
            row ->
                new Object[] {
                  row.getLong(1), row.getString(2), row.getObject(3) == null ? null : row.getLong(3)
                },
            ids)) {
      long id = (Long) shopper[0];
      checks.locked.add(id);
      if (quietHours) {
        Optional<ZoneId> own = zoneOf((String) shopper[1]);
        if (own.isPresent()) {
          checks.zones.put(id, own.get());
        } else if (shopper[2] != null) {
          zoneFromStore.put(id, (Long) shopper[2]);
        } else {
          checks.zones.put(id, chainZone);
        }
      }
    }
    if (!zoneFromStore.isEmpty()) {
      Set<Long> stores = new TreeSet<>(zoneFromStore.values());
      Map<Long, ZoneId> storeZones = new HashMap<>();
      for (Object[] store :
          Jdbc.list(
              connection,
              "SELECT id, time_zone FROM store WHERE id IN (" + marks(stores.size()) + ")",
              row -> new Object[] {row.getLong(1), zoneOf(row.getString(2)).orElse(chainZone)},
              stores.toArray())) {
        storeZones.put((Long) store[0], (ZoneId) store[1]);
      }
      zoneFromStore.forEach(
          (shopper, store) -> checks.zones.put(shopper, storeZones.getOrDefault(store, chainZone)));
    }
    // The shoppers' consents and the do-not-contact entries of the shoppers or the addresses, in
    // one statement: consent rows (marked 1) first, their types the result's, then entries (2).
    Object[] byShopperThenShopperOrAddress = concat(concat(ids, ids), addresses.toArray());
    for (String[] row :
        Jdbc.list(
            connection,
            "SELECT 1, shopper_id, channel, purpose, status FROM consent"
                + " WHERE shopper_id IN ("
                + idMarks
                + ") UNION ALL SELECT 2, shopper_id, address, NULL, NULL"
                + " FROM do_not_contact WHERE shopper_id IN ("
                + idMarks
                + ") OR address IN ("
                + marks(addresses.size())
                + ")",
            row ->
                new String[] {
                  row.getString(1),
                  row.getObject(2) == null ? null : Long.toString(row.getLong(2)),
                  row.getString(3),
                  row.getString(4),
                  row.getString(5)
                },
            byShopperThenShopperOrAddress)) {
      if (row[0].equals("1")) {
        checks.consents.put(key(Long.parseLong(row[1]), row[2], row[3]), row[4]);
        continue;
      }
      if (row[1] != null) {
        checks.doNotContactShoppers.add(Long.parseLong(row[1]));
      }
      if (row[2] != null) {
        checks.doNotContactAddresses.add(row[2]);
      }
    }
    if (channels.contains(EMAIL)) {
      for (Object[] optIn :
          Jdbc.list(
              connection,
              "SELECT shopper_id, address, confirmed_at, expires_at FROM email_opt_in"
                  + " WHERE shopper_id IN ("
                  + idMarks
                  + ")",
              row ->
                  new Object[] {
                    row.getLong(1),
                    row.getString(2),
                    Jdbc.instant(row, "confirmed_at"),
                    Jdbc.instant(row, "expires_at")
                  },
              ids)) {
        String key = key((Long) optIn[0], (String) optIn[1]);
        Optional<?> confirmedAt = (Optional<?>) optIn[2];
        @SuppressWarnings("unchecked")
        Optional<Instant> expiresAt = (Optional<Instant>) optIn[3];
        if (confirmedAt.isPresent()) {
          checks.confirmedOptIns.add(key);
        } else if (expiresAt.filter(expires -> expires.isAfter(at)).isPresent()) {
          checks.pendingOptIns.add(key);
        }
      }
    }
    Duration longestWindow = Duration.ZERO;
    Set<String> capped = new HashSet<>();
    for (String channel : channels) {
      for (FrequencyCap cap : rules.capsOf(channel)) {
        capped.add(channel);
        if (cap.window().compareTo(longestWindow) > 0) {
          longestWindow = cap.window();
        }
      }
    }
    if (!capped.isEmpty()) {
      Object[] args = concat(concat(ids, capped.toArray()), new Object[] {at.minus(longestWindow)});
      for (Object[] delivery :
          Jdbc.list(
              connection,
              "SELECT shopper_id, channel, delivered_at FROM outbox_message WHERE shopper_id IN ("
                  + idMarks
                  + ") AND channel IN ("
                  + marks(capped.size())
                  + ") AND status = 'delivered' AND delivered_at > ? ORDER BY delivered_at",
              row ->
                  new Object[] {
                    row.getLong(1),
                    row.getString(2),
                    Jdbc.instant(row, "delivered_at").orElseThrow()
                  },
              args)) {
        checks.delivered((Long) delivery[0], (String) delivery[1], (Instant) delivery[2]);
      }
    }
    return checks;
  }

  /**
   * What the gate read for several messages under their shoppers' locks, and its verdict on each. A
   * delivery made while the locks are held is told with {@link #delivered}, so that the frequency
   * caps of the shopper's later messages in the same transaction count it.
   */
  public final class Checks {

    private final Instant at;
    private final Set<Long> locked = new HashSet<>();
    private final Map<Long, ZoneId> zones = new HashMap<>();
    private final Set<Long> doNotContactShoppers = new HashSet<>();
    private final Set<String> doNotContactAddresses = new HashSet<>();
    private final Map<String, String> consents = new HashMap<>();
    private final Set<String> confirmedOptIns = new HashSet<>();
    private final Set<String> pendingOptIns = new HashSet<>();
    private final Map<String, List<Instant>> deliveries = new HashMap<>();

    private Checks(Instant at) {
      this.at = at;
    }

    /** The moment the messages are judged at. */
    public Instant at() {
      return at;
    }

    /** Whether a message checked here may go now; the request must be one of those read. */
    public Verdict verdict(ContactRequest request) {
      long shopper = request.shopperId();
      if (!locked.contains(shopper)) {
        return new Verdict.Refused(Refusal.NO_CONSENT, at);
      }
      String address = DoNotContactList.normalise(request.address());
      if (doNotContactShoppers.contains(shopper) || doNotContactAddresses.contains(address)) {
        return new Verdict.Refused(Refusal.DO_NOT_CONTACT, at);
      }
      if (request.purpose().equals(OPT_IN)) {
        boolean pending =
            request.channel().equals(EMAIL) && pendingOptIns.contains(key(shopper, address));
        return pending
            ? permitted(request, address, at)
            : new Verdict.Refused(Refusal.NO_CONSENT, at);
      }
      if (!"granted".equals(consents.get(key(shopper, request.channel(), request.purpose())))) {
        return new Verdict.Refused(Refusal.NO_CONSENT, at);
      }
      if (request.channel().equals(EMAIL) && !confirmedOptIns.contains(key(shopper, address))) {
        return new Verdict.Refused(Refusal.ADDRESS_NOT_CONFIRMED, at);
      }
      if (rules.quietHoursApplyTo(request.channel())) {
        // read for every locked shopper when quiet hours hold for a channel asked for
        ZoneId zone = zones.get(shopper);
        if (rules.quietHours().get().contains(at, zone)) {
          return new Verdict.Refused(Refusal.QUIET_HOURS, rules.quietHours().get().over(at, zone));
        }
      }
      List<Instant> recent = deliveries.getOrDefault(key(shopper, request.channel()), List.of());
      for (FrequencyCap cap : rules.capsOf(request.channel())) {
        Instant since = at.minus(cap.window());
        List<Instant> delivered = recent.stream().filter(when -> when.isAfter(since)).toList();
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

    /** Counts a delivery of a message checked here towards its shopper's frequency caps. */
    public void delivered(ContactRequest request, Instant when) {
      delivered(request.shopperId(), request.channel(), when);
    }

    private void delivered(long shopper, String channel, Instant when) {
      List<Instant> list =
          deliveries.computeIfAbsent(key(shopper, channel), k -> new ArrayList<>());
      int at = list.size();
      while (at > 0 && list.get(at - 1).isAfter(when)) {
        at--;
      }
      list.add(at, when);
    }
  }

  private static String key(long shopper, String... parts) {
    return shopper + "\n" + String.join("\n", parts);
  }

  private static String marks(int count) {
    return String.join(", ", Collections.nCopies(Math.max(1, count), "?"));
  }

  private static Object[] concat(Object[] first, Object[] second) {
    Object[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
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

  /** A time zone as stored, if it is set and the JDK knows it. */
  private static Optional<ZoneId> zoneOf(String zone) {
    if (zone == null || zone.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ZoneId.of(zone));
    } catch (DateTimeException e) {
      // a zone the JDK no longer knows: the next one in line holds
      return Optional.empty();
    }
  }
}
