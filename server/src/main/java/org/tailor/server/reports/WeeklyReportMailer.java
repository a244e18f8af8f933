package org.tailor.server.reports;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each store's weekly report once its sending moment (a day of the week and a time in the
 * store's time zone, {@code tailor.reports.email.day} and {@code .time}) has come, once to each
 * recipient, across failures, restarts, crashes and servers:
 *
 * <ul>
 *   <li>A store's week is claimed in {@code report_email_week} with a lease of {@link #LEASE},
 *       renewed before each email; a server finding the week claimed under a live lease leaves it,
 *       one finding the lease run out (its holder crashed between claim and send, or while sending)
 *       takes it over.
 *   <li>Each recipient's email is recorded in {@code report_email_sent} as soon as it is handed
 *       over; a week tried again goes only to those not recorded. When sending to someone fails,
 *       the others are still sent to, and the claim is released so that the next check tries the
 *       failed ones again (within the week). The week is done ({@code done_at}) when everyone had
 *       it.
 * </ul>
 *
 * <p>What remains: a crash after the mail relay took an email and before its record is written
 * sends that one email again; it carries the same {@code Message-ID}, by which mail clients show it
 * once.
 *
 * <p>A server that was down at the moment sends it when it is back, within the week. When no email
 * channel plugin is active nothing is sent, the week stays unclaimed and the log says why.
 */
public final class WeeklyReportMailer {

  private static final Logger LOG = LoggerFactory.getLogger(WeeklyReportMailer.class);

  /**
   * How long a claim holds without being renewed: longer than rendering and sending one email
   * takes, so that a live sender never loses it, and short enough that a crashed sender's week goes
   * out at a check soon after.
   */
  static final Duration LEASE = Duration.ofMinutes(10);

  private final DataSource dataSource;
  private final WeeklyStoreReports reports;
  private final ReportMailbox mailbox;
  private final DayOfWeek day;
  private final LocalTime time;
  private final Clock clock;

  public WeeklyReportMailer(
      DataSource dataSource,
      WeeklyStoreReports reports,
      ReportMailbox mailbox,
      DayOfWeek day,
      LocalTime time,
      Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.reports = Objects.requireNonNull(reports, "reports");
    this.mailbox = Objects.requireNonNull(mailbox, "mailbox");
    this.day = Objects.requireNonNull(day, "day");
    this.time = Objects.requireNonNull(time, "time");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The latest sending moment at or before {@code now} for a store in {@code zone}. */
  public static ZonedDateTime lastSendingAtOrBefore(
      Instant now, ZoneId zone, DayOfWeek day, LocalTime time) {
    ZonedDateTime local = now.atZone(zone);
    ZonedDateTime candidate =
        local.with(TemporalAdjusters.previousOrSame(day)).with(time).withSecond(0).withNano(0);
    if (candidate.toInstant().isAfter(now)) {
      candidate = candidate.minusWeeks(1);
    }
    return candidate;
  }

  /** Sends every store's report that is due and not sent yet to everyone. */
  public Run sendDue() {
    Instant now = clock.instant();
    int emails = 0;
    List<Long> sentStores = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (StoreZone store : stores()) {
      long storeId = store.id();
      LocalDate sendDay = lastSendingAtOrBefore(now, store.zone(), day, time).toLocalDate();
      Optional<Claim> claimed = claim(storeId, sendDay, now);
      if (claimed.isEmpty()) {
        continue;
      }
      Claim claim = claimed.get();
      List<String> failed = new ArrayList<>();
      try {
        Set<String> had = recipients(claim);
        for (StoreReportEmail email : reports.render(storeId, sendDay)) {
          if (had.contains(email.to())) {
            continue;
          }
          renew(claim);
          try {
            mailbox.send(email);
          } catch (ReportMailbox.Unavailable e) {
            throw e;
          } catch (RuntimeException e) {
            failed.add(email.to());
            failures.add(storeId + ": " + e.getMessage());
            LOG.error(
                "the weekly report of store {} for {} was not sent to {}; tried again at the next"
                    + " check",
                storeId,
                sendDay,
                email.to(),
                e);
            continue;
          }
          recordSent(claim, email.to(), clock.instant());
          had.add(email.to());
          emails++;
        }
        if (failed.isEmpty()) {
          done(claim, had.size(), clock.instant());
          sentStores.add(storeId);
        } else {
          release(claim);
        }
      } catch (ReportMailbox.Unavailable e) {
        release(claim);
        LOG.warn("weekly store reports not sent: {}", e.getMessage());
        return new Run(emails, sentStores, failures, Optional.of(e.getMessage()));
      } catch (LostClaim e) {
        LOG.warn("{}; the server that took it over sends the rest", e.getMessage());
      } catch (RuntimeException e) {
        releaseQuietly(claim);
        failures.add(storeId + ": " + e.getMessage());
        LOG.error(
            "the weekly report of store {} for {} was not sent; tried again at the next check",
            storeId,
            sendDay,
            e);
      }
    }
    if (emails > 0) {
      LOG.info("weekly store reports: {} emails for {} stores", emails, sentStores.size());
    }
    return new Run(emails, sentStores, failures, Optional.empty());
  }

  private record StoreZone(long id, ZoneId zone) {}

  /** A store's week, claimed under {@code token}. */
  record Claim(long storeId, LocalDate sendDay, String token) {}

  /** The claim's lease ran out and another server took the week over. */
  private static final class LostClaim extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LostClaim(Claim claim) {
      super(
          "the claim on the weekly report of store "
              + claim.storeId()
              + " for "
              + claim.sendDay()
              + " ran out");
    }
  }

  private List<StoreZone> stores() {
    List<StoreZone> stores = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("select id, time_zone from store order by id");
        ResultSet rows = s.executeQuery()) {
      while (rows.next()) {
        ZoneId zone;
        try {
          zone = ZoneId.of(rows.getString(2));
        } catch (DateTimeException e) {
          LOG.error(
              "store {} has time zone \"{}\", not a time zone id; its weekly report is sent by UTC",
              rows.getLong(1),
              rows.getString(2));
          zone = ZoneOffset.UTC;
        }
        stores.add(new StoreZone(rows.getLong(1), zone));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the stores could not be read for the weekly reports", e);
    }
    return stores;
  }

  /**
   * Claims a store's week for {@link #LEASE}; empty when it is done, or claimed by a sender whose
   * lease has not run out.
   */
  Optional<Claim> claim(long storeId, LocalDate sendDay, Instant now) {
    Claim claim = new Claim(storeId, sendDay, UUID.randomUUID().toString());
    LocalDateTime at = utc(now);
    try (Connection c = dataSource.getConnection()) {
      // take over a week not done whose lease ran out (or was released)
      try (PreparedStatement takeOver =
          c.prepareStatement(
              "update report_email_week set claimed_by = ?, claimed_at = ?, lease_until = ?"
                  + " where store_id = ? and send_day = ? and done_at is null"
                  + " and (lease_until is null or lease_until <= ?)")) {
        takeOver.setString(1, claim.token());
        takeOver.setObject(2, at);
        takeOver.setObject(3, at.plus(LEASE));
        takeOver.setLong(4, storeId);
        takeOver.setObject(5, sendDay);
        takeOver.setObject(6, at);
        if (takeOver.executeUpdate() == 1) {
          return Optional.of(claim);
        }
      }
      try (PreparedStatement exists =
          c.prepareStatement(
              "select count(*) from report_email_week where store_id = ? and send_day = ?")) {
        exists.setLong(1, storeId);
        exists.setObject(2, sendDay);
        try (ResultSet row = exists.executeQuery()) {
          row.next();
          if (row.getLong(1) > 0) {
            return Optional.empty(); // done, or being sent
          }
        }
      }
      try (PreparedStatement insert =
          c.prepareStatement(
              "insert into report_email_week (store_id, send_day, claimed_at, emails, claimed_by,"
                  + " lease_until) values (?, ?, ?, 0, ?, ?)")) {
        insert.setLong(1, storeId);
        insert.setObject(2, sendDay);
        insert.setObject(3, at);
        insert.setString(4, claim.token());
        insert.setObject(5, at.plus(LEASE));
        insert.executeUpdate();
        return Optional.of(claim);
      } catch (SQLException e) {
        if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
          return Optional.empty(); // another server claimed it first
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "the weekly report of store " + storeId + " for " + sendDay + " could not be claimed", e);
    }
  }

  /** Extends the claim's lease from now; throws {@link LostClaim} when it is no longer ours. */
  private void renew(Claim claim) {
    LocalDateTime now = utc(clock.instant());
    int renewed =
        update(
            "update report_email_week set lease_until = ?"
                + " where store_id = ? and send_day = ? and claimed_by = ? and done_at is null",
            now.plus(LEASE),
            claim.storeId(),
            claim.sendDay(),
            claim.token());
    if (renewed == 0) {
      throw new LostClaim(claim);
    }
  }

  /** Who had the week's email already. */
  private Set<String> recipients(Claim claim) {
    Set<String> had = new HashSet<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select recipient from report_email_sent where store_id = ? and send_day = ?")) {
      s.setLong(1, claim.storeId());
      s.setObject(2, claim.sendDay());
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          had.add(rows.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("report_email_sent could not be read", e);
    }
    return had;
  }

  private void recordSent(Claim claim, String recipient, Instant at) {
    update(
        "insert into report_email_sent (store_id, send_day, recipient, sent_at)"
            + " values (?, ?, ?, ?)",
        claim.storeId(),
        claim.sendDay(),
        recipient,
        utc(at));
  }

  private void done(Claim claim, int emails, Instant at) {
    update(
        "update report_email_week set emails = ?, done_at = ?, lease_until = null"
            + " where store_id = ? and send_day = ? and claimed_by = ?",
        emails,
        utc(at),
        claim.storeId(),
        claim.sendDay(),
        claim.token());
  }

  /**
   * Gives the week up for the next check: removed when nobody had it yet (so an unclaimed week
   * looks as before any attempt), else its lease cleared.
   */
  private void release(Claim claim) {
    int removed =
        update(
            "delete from report_email_week where store_id = ? and send_day = ? and claimed_by = ?"
                + " and not exists (select 1 from report_email_sent s"
                + " where s.store_id = ? and s.send_day = ?)",
            claim.storeId(),
            claim.sendDay(),
            claim.token(),
            claim.storeId(),
            claim.sendDay());
    if (removed == 0) {
      update(
          "update report_email_week set claimed_by = null, lease_until = null"
              + " where store_id = ? and send_day = ? and claimed_by = ?",
          claim.storeId(),
          claim.sendDay(),
          claim.token());
    }
  }

  private void releaseQuietly(Claim claim) {
    try {
      release(claim);
    } catch (RuntimeException e) {
      LOG.warn("the claim could not be released; it runs out after {}: {}", LEASE, e.toString());
    }
  }

  private int update(String sql, Object... values) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        s.setObject(i + 1, values[i]);
      }
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("the weekly report emails could not be recorded: " + sql, e);
    }
  }

  private static LocalDateTime utc(Instant at) {
    return LocalDateTime.ofInstant(at, ZoneOffset.UTC);
  }

  /**
   * What one check did.
   *
   * @param emails emails sent
   * @param stores stores whose week was sent
   * @param failures stores whose report failed, with why (tried again at the next check)
   * @param notSent why nothing could be sent (no email channel plugin), when so
   */
  public record Run(
      int emails, List<Long> stores, List<String> failures, Optional<String> notSent) {
    public Run {
      stores = List.copyOf(stores);
      failures = List.copyOf(failures);
    }
  }
}
