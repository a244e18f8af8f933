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
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
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
 * Runs the triggers for a day: finds the shoppers a trigger applies to and, for each, records the
 * trigger run under its unique key (trigger, shopper or member, period) and writes one message per
 * channel the shopper permits into the outbox, in the same transaction (one per {@link #BATCH}
 * shoppers). A run killed half-way and started again skips those already done and finishes the
 * rest: each fires exactly once per period, and each of its messages has an id derived from the
 * key, so it is delivered once.
 */
public final class TriggerRunner {

  private static final Logger LOG = LoggerFactory.getLogger(TriggerRunner.class);

  /** Candidates fired in one transaction. */
  static final int BATCH = 100;

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
    for (int from = 0; from < candidates.size(); from += BATCH) {
      Fired batch =
          fire(
              kind,
              candidates.subList(from, Math.min(candidates.size(), from + BATCH)),
              offerByLanguage,
              offerCode.get(),
              now);
      already += batch.already();
      noChannel += batch.noChannel();
      fired += batch.keys().size();
      messages += batch.messages();
      batch.keys().forEach(progress::fired);
    }
    return new TriggerReport(
        kind, day, candidates.size(), fired, already, noChannel, messages, Optional.empty());
  }

  /** What one transaction did: the keys fired, those done before, those with no channel. */
  private record Fired(List<String> keys, int already, int noChannel, int messages) {}

  /**
   * Fires for a batch of candidates in one transaction: reads which were done before and what their
   * shoppers permit at once, then records a trigger run and writes the messages of each of the
   * others with one JDBC batch each. Killed before the commit, none of the batch is recorded and
   * the next run fires all of it; after, the next run finds all of it done.
   */
  private Fired fire(
      TriggerKind kind,
      List<Candidate> batch,
      Map<String, OfferWords> offerByLanguage,
      String offerCode,
      Instant now) {
    return database.inTransaction(
        session -> {
          Set<String> done = new HashSet<>();
          Map<Long, Recipient> recipients = new HashMap<>();
          Jdbc.on(
              session,
              c -> {
                done.addAll(
                    Jdbc.list(
                        c,
                        "SELECT trigger_key FROM trigger_run WHERE trigger_key IN ("
                            + marks(batch.size())
                            + ")",
                        r -> r.getString(1),
                        batch.stream().map(Candidate::key).toArray()));
                recipients.putAll(
                    recipients(
                        c,
                        batch.stream()
                            .filter(candidate -> !done.contains(candidate.key()))
                            .map(Candidate::shopperId)
                            .collect(Collectors.toCollection(TreeSet::new))));
                return null;
              });
          List<String> keys = new ArrayList<>();
          List<Object[]> runs = new ArrayList<>();
          List<OutgoingMessage> outgoing = new ArrayList<>();
          int already = 0;
          int noChannel = 0;
          for (Candidate candidate : batch) {
            if (!done.add(candidate.key())) {
              already++;
              continue;
            }
            Recipient recipient = recipients.get(candidate.shopperId());
            List<String> channels =
                recipient == null
                    ? List.of()
                    : settings.channels().stream()
                        .filter(recipient.granted()::contains)
                        .filter(recipient.addresses()::containsKey)
                        .toList();
            if (channels.isEmpty()) {
              noChannel++;
              continue;
            }
            runs.add(
                new Object[] {
                  candidate.key(), kind.id(), candidate.shopperId(), candidate.period(), now
                });
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
                              links
                                  .unsubscribe(candidate.loyaltyId(), channel, "offers")
                                  .toString()),
                          candidate.member()));
              outgoing.add(
                  new OutgoingMessage(
                      messageId(candidate.key(), channel),
                      candidate.loyaltyId(),
                      channel,
                      "offers",
                      recipient.addresses().get(channel),
                      rendered.subject(),
                      rendered.body(),
                      List.of(offerCode),
                      "trigger:" + candidate.key()));
            }
            keys.add(candidate.key());
          }
          Jdbc.on(
              session,
              c ->
                  Jdbc.batch(
                      c,
                      "INSERT INTO trigger_run (trigger_key, trigger_name, shopper_id, period,"
                          + " fired_at) VALUES (?, ?, ?, ?, ?)",
                      runs));
          Outbox.enqueueAll(session, outgoing, now);
          return new Fired(keys, already, noChannel, outgoing.size());
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

  /**
   * What the shoppers permit and where they are reached, read at once; a shopper gone is left out.
   */
  private Map<Long, Recipient> recipients(Connection c, Set<Long> shopperIds) throws SQLException {
    Map<Long, Recipient> recipients = new HashMap<>();
    if (shopperIds.isEmpty()) {
      return recipients;
    }
    Object[] ids = shopperIds.toArray();
    String marks = marks(ids.length);
    Map<Long, Map<String, String>> addresses = new HashMap<>();
    for (Object[] identifier :
        Jdbc.list(
            c,
            "SELECT shopper_id, kind, identifier_value FROM shopper_identifier WHERE shopper_id IN ("
                + marks
                + ") ORDER BY id",
            r -> new Object[] {r.getLong(1), r.getString(2), r.getString(3)},
            ids)) {
      Map<String, String> of =
          addresses.computeIfAbsent((Long) identifier[0], id -> new HashMap<>());
      if (identifier[1].equals("email")) {
        of.putIfAbsent("email", (String) identifier[2]);
      } else if (identifier[1].equals("phone")) {
        of.putIfAbsent("sms", (String) identifier[2]);
      }
    }
    Map<Long, List<String>> granted = new HashMap<>();
    for (Object[] consent :
        Jdbc.list(
            c,
            "SELECT shopper_id, channel FROM consent WHERE shopper_id IN ("
                + marks
                + ") AND purpose = 'offers' AND status = 'granted'",
            r -> new Object[] {r.getLong(1), r.getString(2)},
            ids)) {
      granted.computeIfAbsent((Long) consent[0], id -> new ArrayList<>()).add((String) consent[1]);
    }
    for (Object[] row :
        Jdbc.list(
            c,
            "SELECT s.id, s.loyalty_id, s.language, s.first_name, s.time_zone, st.time_zone"
                + " FROM shopper s LEFT JOIN store st ON st.id = s.home_store_id WHERE s.id IN ("
                + marks
                + ")",
            r ->
                new Object[] {
                  r.getLong(1),
                  r.getString(2),
                  r.getString(3),
                  r.getString(4),
                  r.getString(5),
                  r.getString(6)
                },
            ids)) {
      long id = (Long) row[0];
      Map<String, String> of = addresses.computeIfAbsent(id, k -> new HashMap<>());
      List<String> channels = granted.getOrDefault(id, List.of());
      for (String channel : channels) {
        if (!channel.equals("email") && !channel.equals("sms")) {
          of.putIfAbsent(channel, (String) row[1]);
        }
      }
      recipients.put(
          id,
          new Recipient(
              (String) row[2],
              Optional.ofNullable((String) row[3]),
              zone((String) row[4], (String) row[5]),
              of,
              channels));
    }
    return recipients;
  }

  private static String marks(int count) {
    return String.join(", ", Collections.nCopies(Math.max(1, count), "?"));
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
