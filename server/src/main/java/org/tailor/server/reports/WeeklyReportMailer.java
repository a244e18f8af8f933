package org.tailor.server.reports;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each store's weekly report once its sending moment (a day of the week and a time in the
 * store's time zone, {@code tailor.reports.email.day} and {@code .time}) has come. A store's week
 * is claimed in {@code report_email_week} before sending and released if sending fails, so each
 * report goes out once, across restarts and servers; a server that was down at the moment sends it
 * when it is back, within the week. When no email channel plugin is active nothing is sent, the
 * week stays unclaimed and the log says why.
 */
public final class WeeklyReportMailer {

  private static final Logger LOG = LoggerFactory.getLogger(WeeklyReportMailer.class);

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

  /** Sends every store's report that is due and not sent yet. */
  public Run sendDue() {
    Instant now = clock.instant();
    int emails = 0;
    List<Long> sentStores = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (StoreZone store : stores()) {
      long storeId = store.id();
      LocalDate sendDay = lastSendingAtOrBefore(now, store.zone(), day, time).toLocalDate();
      if (!claim(storeId, sendDay, now)) {
        continue;
      }
      try {
        int sent = reports.send(storeId, sendDay, mailbox);
        record(storeId, sendDay, sent);
        emails += sent;
        sentStores.add(storeId);
      } catch (ReportMailbox.Unavailable e) {
        release(storeId, sendDay);
        LOG.warn("weekly store reports not sent: {}", e.getMessage());
        return new Run(emails, sentStores, failures, Optional.of(e.getMessage()));
      } catch (RuntimeException e) {
        release(storeId, sendDay);
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

  /** Claims a store's week; false when it is claimed (sent or being sent) already. */
  private boolean claim(long storeId, LocalDate sendDay, Instant now) {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement exists =
          c.prepareStatement(
              "select count(*) from report_email_week where store_id = ? and send_day = ?")) {
        exists.setLong(1, storeId);
        exists.setObject(2, sendDay);
        try (ResultSet row = exists.executeQuery()) {
          row.next();
          if (row.getLong(1) > 0) {
            return false;
          }
        }
      }
      try (PreparedStatement insert =
          c.prepareStatement(
              "insert into report_email_week (store_id, send_day, claimed_at, emails)"
                  + " values (?, ?, ?, 0)")) {
        insert.setLong(1, storeId);
        insert.setObject(2, sendDay);
        insert.setTimestamp(3, Timestamp.valueOf(LocalDateTime.ofInstant(now, ZoneOffset.UTC)));
        insert.executeUpdate();
        return true;
      } catch (SQLException e) {
        if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
          return false; // another server claimed it first
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "the weekly report of store " + storeId + " for " + sendDay + " could not be claimed", e);
    }
  }

  private void record(long storeId, LocalDate sendDay, int emails) {
    update(
        "update report_email_week set emails = ? where store_id = ? and send_day = ?",
        emails,
        storeId,
        sendDay);
  }

  private void release(long storeId, LocalDate sendDay) {
    update("delete from report_email_week where store_id = ? and send_day = ?", storeId, sendDay);
  }

  private void update(String sql, Object... values) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        s.setObject(i + 1, values[i]);
      }
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("report_email_week could not be written: " + sql, e);
    }
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
