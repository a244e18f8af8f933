package org.tailor.server.trigger;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.plugin.host.MessageLinks;
import org.tailor.server.outbox.Outbox;
import org.tailor.server.outbox.OutgoingMessage;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.Jdbc;
import org.tailor.server.template.LanguageChain;
import org.tailor.server.template.MessageTemplates;
import org.tailor.server.template.OfferWords;
import org.tailor.server.template.RenderedMessage;
import org.tailor.server.template.TemplateInput;

/**
 * Runs the triggers for a day: finds the shoppers a trigger applies to and, for each, in one
 * transaction, records the trigger run under its unique key (trigger, shopper or member, period)
 * and writes one message per channel the shopper permits into the outbox. A run killed half-way and
 * started again skips those already done and finishes the rest: each fires exactly once per period,
 * and each of its messages has an id derived from the key, so it is delivered once.
 */
public final class TriggerRunner {

  private static final Logger LOG = LoggerFactory.getLogger(TriggerRunner.class);

  /** Told of each trigger as it fires (progress for long runs; tests that kill a run midway). */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = key -> {};

    void fired(String triggerKey);
  }

  private record Candidate(
      long shopperId, String loyaltyId, String key, String period, Optional<String> member) {}

  private record Recipient(
      String language,
      Optional<String> firstName,
      ZoneId zone,
      Map<String, String> addresses,
      List<String> granted) {}

  private final Database database;
  private final MessageTemplates templates;
  private final MessageLinks links;
  private final TriggerSettings settings;
  private final AliveProbabilities alive;
  private final String chainLanguage;
  private final ZoneId chainZone;
  private final Clock clock;

  public TriggerRunner(
      Database database,
      MessageTemplates templates,
      MessageLinks links,
      TriggerSettings settings,
      AliveProbabilities alive,
      String chainLanguage,
      ZoneId chainZone,
      Clock clock) {
    this.database = Objects.requireNonNull(database, "database");
    this.templates = Objects.requireNonNull(templates, "templates");
    this.links = Objects.requireNonNull(links, "links");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.alive = Objects.requireNonNull(alive, "alive");
    this.chainLanguage = Objects.requireNonNull(chainLanguage, "chainLanguage");
    this.chainZone = Objects.requireNonNull(chainZone, "chainZone");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Runs every trigger for {@code day}. */
  public List<TriggerReport> runAll(LocalDate day) {
    List<TriggerReport> reports = new ArrayList<>();
    for (TriggerKind kind : TriggerKind.values()) {
      reports.add(run(kind, day, Progress.NONE));
    }
    return reports;
  }

  public TriggerReport run(TriggerKind kind, LocalDate day) {
    return run(kind, day, Progress.NONE);
  }

  /** Runs one trigger for {@code day}, telling {@code progress} of each firing. */
  public TriggerReport run(TriggerKind kind, LocalDate day, Progress progress) {
    Optional<String> offerCode = settings.offerOf(kind);
    if (offerCode.isEmpty()) {
      return TriggerReport.skipped(
          kind, day, "no offer set (tailor.triggers." + kind.id() + ".offer)");
    }
    if (!templates.names().contains(kind.id())) {
      return TriggerReport.skipped(kind, day, "no template " + kind.id() + " in the templates");
    }
    if (kind == TriggerKind.LAPSED) {
      Optional<String> model = alive.model();
      if (model.isEmpty()) {
        LOG.info(
            "lapsed-shopper trigger on {}: no lifetime-value model gives P(alive) (install the"
                + " value plugin, scoring-value); nobody is known to have lapsed",
            day);
        return TriggerReport.skipped(kind, day, "no lifetime-value model gives P(alive)");
      }
      LOG.debug("lapsed-shopper trigger on {}: P(alive) from {}", day, model.get());
    }
    Instant now = clock.instant();
    Map<String, OfferWords> offerByLanguage = offerWords(offerCode.get());
    if (offerByLanguage.isEmpty()) {
      return TriggerReport.skipped(
          kind, day, "offer " + offerCode.get() + " is not active or has no text");
    }
    List<Candidate> candidates = candidates(kind, day, now);
    int fired = 0;
    int already = 0;
    int noChannel = 0;
    int messages = 0;
    for (Candidate candidate : candidates) {
      int written = fire(kind, candidate, offerByLanguage, offerCode.get(), now);
      if (written < 0) {
        already++;
      } else if (written == 0) {
        noChannel++;
      } else {
        fired++;
        messages += written;
        progress.fired(candidate.key());
      }
    }
    return new TriggerReport(
        kind, day, candidates.size(), fired, already, noChannel, messages, Optional.empty());
  }

  /** Fires for one candidate: -1 when done before, 0 when no channel, else messages written. */
  private int fire(
      TriggerKind kind,
      Candidate candidate,
      Map<String, OfferWords> offerByLanguage,
      String offerCode,
      Instant now) {
    return database.inTransaction(
        session -> {
          boolean done =
              Jdbc.on(
                  session,
                  c ->
                      Jdbc.count(
                              c,
                              "SELECT COUNT(*) FROM trigger_run WHERE trigger_key = ?",
                              candidate.key())
                          > 0);
          if (done) {
            return -1;
          }
          Recipient recipient = Jdbc.on(session, c -> recipient(c, candidate.shopperId()));
          List<String> channels =
              settings.channels().stream()
                  .filter(recipient.granted()::contains)
                  .filter(recipient.addresses()::containsKey)
                  .toList();
          if (channels.isEmpty()) {
            return 0;
          }
          Jdbc.on(
              session,
              c ->
                  Jdbc.insert(
                      c,
                      "INSERT INTO trigger_run (trigger_key, trigger_name, shopper_id, period,"
                          + " fired_at) VALUES (?, ?, ?, ?, ?)",
                      candidate.key(),
                      kind.id(),
                      candidate.shopperId(),
                      candidate.period(),
                      now));
          OfferWords words = pick(offerByLanguage, recipient.language());
          for (String channel : channels) {
            RenderedMessage rendered =
                templates.render(
                    kind.id(),
                    new TemplateInput(
                        candidate.loyaltyId(),
                        recipient.firstName(),
                        recipient.language(),
                        recipient.zone(),
                        List.of(words),
                        Map.of(
                            "unsubscribe_url",
                            links.unsubscribe(candidate.loyaltyId(), channel, "offers").toString()),
                        candidate.member()));
            Outbox.enqueue(
                session,
                new OutgoingMessage(
                    messageId(candidate.key(), channel),
                    candidate.loyaltyId(),
                    channel,
                    "offers",
                    recipient.addresses().get(channel),
                    rendered.subject(),
                    rendered.body(),
                    List.of(offerCode),
                    "trigger:" + candidate.key()),
                now);
          }
          return channels.size();
        });
  }

  /** The message id of one trigger firing on one channel: the same on every run. */
  public static String messageId(String triggerKey, String channel) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((triggerKey + "|" + channel).getBytes(StandardCharsets.UTF_8));
      return "t-" + HexFormat.of().formatHex(digest).substring(0, 40);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  private Recipient recipient(Connection c, long shopperId) throws SQLException {
    record Row(String language, String firstName, String zone, String storeZone) {}
    Row row =
        Jdbc.first(
                c,
                "SELECT s.language, s.first_name, s.time_zone, st.time_zone FROM shopper s"
                    + " LEFT JOIN store st ON st.id = s.home_store_id WHERE s.id = ?",
                r -> new Row(r.getString(1), r.getString(2), r.getString(3), r.getString(4)),
                shopperId)
            .orElseThrow();
    Map<String, String> addresses = new HashMap<>();
    for (String[] identifier :
        Jdbc.list(
            c,
            "SELECT kind, identifier_value FROM shopper_identifier WHERE shopper_id = ?"
                + " ORDER BY id",
            r -> new String[] {r.getString(1), r.getString(2)},
            shopperId)) {
      if (identifier[0].equals("email")) {
        addresses.putIfAbsent("email", identifier[1]);
      } else if (identifier[0].equals("phone")) {
        addresses.putIfAbsent("sms", identifier[1]);
      }
    }
    List<String> granted =
        Jdbc.list(
            c,
            "SELECT channel FROM consent WHERE shopper_id = ? AND purpose = 'offers'"
                + " AND status = 'granted'",
            r -> r.getString(1),
            shopperId);
    for (String channel : granted) {
      if (!channel.equals("email") && !channel.equals("sms")) {
        addresses.putIfAbsent(channel, loyaltyIdOf(c, shopperId));
      }
    }
    return new Recipient(
        row.language(),
        Optional.ofNullable(row.firstName()),
        zone(row.zone(), row.storeZone()),
        addresses,
        granted);
  }

  private static String loyaltyIdOf(Connection c, long shopperId) throws SQLException {
    return Jdbc.first(
            c, "SELECT loyalty_id FROM shopper WHERE id = ?", r -> r.getString(1), shopperId)
        .orElseThrow();
  }

  private ZoneId zone(String shopperZone, String storeZone) {
    for (String zone : new String[] {shopperZone, storeZone}) {
      if (zone != null && !zone.isBlank()) {
        try {
          return ZoneId.of(zone);
        } catch (DateTimeException e) {
          // unknown to this JDK: try the next
        }
      }
    }
    return chainZone;
  }

  private OfferWords pick(Map<String, OfferWords> byLanguage, String language) {
    for (String tag : LanguageChain.of(language, chainLanguage)) {
      if (byLanguage.containsKey(tag)) {
        return byLanguage.get(tag);
      }
    }
    return byLanguage.values().iterator().next();
  }

  /** An offer's words in one language. */
  private record OfferText(String language, OfferWords words) {}

  private Map<String, OfferWords> offerWords(String code) {
    Instant now = clock.instant();
    List<OfferText> texts =
        database.read(
            session ->
                Jdbc.on(
                    session,
                    c ->
                        Jdbc.list(
                            c,
                            "SELECT o.code, t.language, t.headline, t.body, o.discount_percent,"
                                + " o.discount_amount, o.valid_until FROM offer o JOIN offer_text t"
                                + " ON t.offer_id = o.id WHERE o.code = ? AND o.status = 'active'"
                                + " AND o.valid_until > ?",
                            r ->
                                new OfferText(
                                    r.getString(2),
                                    new OfferWords(
                                        r.getString(1),
                                        r.getString(3),
                                        r.getString(4),
                                        Optional.ofNullable(r.getObject(5, BigDecimal.class)),
                                        Optional.ofNullable(r.getObject(6, BigDecimal.class)),
                                        Jdbc.instant(r, "valid_until").orElseThrow())),
                            code,
                            now)));
    Map<String, OfferWords> byLanguage = new HashMap<>();
    texts.forEach(text -> byLanguage.put(text.language(), text.words()));
    return byLanguage;
  }

  private List<Candidate> candidates(TriggerKind kind, LocalDate day, Instant now) {
    return database.read(
        session ->
            Jdbc.on(
                session,
                c ->
                    switch (kind) {
                      case BIRTHDAY -> birthdays(c, day);
                      case FIRST_PURCHASE -> firstPurchases(c, day);
                      case LAPSED -> lapsed(c, day, now);
                    }));
  }

  private static List<Candidate> birthdays(Connection c, LocalDate day) throws SQLException {
    String period = Integer.toString(day.getYear());
    // 29 February birthdays are celebrated on 28 February in other years
    boolean leapDayToo = day.getMonthValue() == 2 && day.getDayOfMonth() == 28 && !day.isLeapYear();
    String when =
        "(EXTRACT(MONTH FROM %1$s) = ? AND EXTRACT(DAY FROM %1$s) = ?)"
            + (leapDayToo
                ? " OR (EXTRACT(MONTH FROM %1$s) = 2 AND EXTRACT(DAY FROM %1$s) = 29)"
                : "");
    List<Candidate> candidates = new ArrayList<>();
    candidates.addAll(
        Jdbc.list(
            c,
            "SELECT id, loyalty_id FROM shopper WHERE birthday IS NOT NULL AND ("
                + String.format(when, "birthday")
                + ") ORDER BY id",
            r ->
                new Candidate(
                    r.getLong(1),
                    r.getString(2),
                    "birthday:" + r.getString(2) + ":" + period,
                    period,
                    Optional.empty()),
            day.getMonthValue(),
            day.getDayOfMonth()));
    candidates.addAll(
        Jdbc.list(
            c,
            "SELECT s.id, s.loyalty_id, m.id, m.first_name FROM household_member m"
                + " JOIN shopper s ON s.id = m.shopper_id WHERE m.birthday IS NOT NULL AND ("
                + String.format(when, "m.birthday")
                + ") ORDER BY m.id",
            r ->
                new Candidate(
                    r.getLong(1),
                    r.getString(2),
                    "birthday:" + r.getString(2) + ":member-" + r.getLong(3) + ":" + period,
                    period,
                    Optional.of(r.getString(4))),
            day.getMonthValue(),
            day.getDayOfMonth()));
    return candidates;
  }

  private List<Candidate> firstPurchases(Connection c, LocalDate day) throws SQLException {
    LocalDate latest = day.minusDays(settings.firstPurchaseDelayDays());
    Instant from = latest.minusDays(6).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant until = latest.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    return Jdbc.list(
        c,
        "SELECT s.id, s.loyalty_id FROM purchase p JOIN shopper s ON s.id = p.shopper_id"
            + " WHERE p.is_return = FALSE GROUP BY s.id, s.loyalty_id"
            + " HAVING MIN(p.purchased_at) >= ? AND MIN(p.purchased_at) < ? ORDER BY s.id",
        r ->
            new Candidate(
                r.getLong(1),
                r.getString(2),
                "first-purchase:" + r.getString(2),
                "once",
                Optional.empty()),
        from,
        until);
  }

  private List<Candidate> lapsed(Connection c, LocalDate day, Instant now) throws SQLException {
    String period = day.getYear() + "-Q" + ((day.getMonthValue() - 1) / 3 + 1);
    Instant quietSince = now.minus(Duration.ofDays(settings.lapsedMinDays()));
    Instant knownSince = now.minus(Duration.ofDays(730));
    List<Candidate> candidates = new ArrayList<>();
    for (Candidate candidate :
        Jdbc.list(
            c,
            "SELECT s.id, s.loyalty_id FROM purchase p JOIN shopper s ON s.id = p.shopper_id"
                + " GROUP BY s.id, s.loyalty_id HAVING MAX(p.purchased_at) < ?"
                + " AND MAX(p.purchased_at) >= ? ORDER BY s.id",
            r ->
                new Candidate(
                    r.getLong(1),
                    r.getString(2),
                    "lapsed:" + r.getString(2) + ":" + period,
                    period,
                    Optional.empty()),
            quietSince,
            knownSince)) {
      OptionalDouble probability = alive.probabilityAlive(candidate.loyaltyId(), now);
      if (probability.isPresent() && probability.getAsDouble() < settings.lapsedThreshold()) {
        candidates.add(candidate);
      }
    }
    return candidates;
  }
}
