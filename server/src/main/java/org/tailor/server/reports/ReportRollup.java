package org.tailor.server.reports;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.server.shopper.RfmCutPoints;

/**
 * Builds what the report pages read, in two steps, both in the database:
 *
 * <ol>
 *   <li><b>Outcomes.</b> Once a presentation's attribution window has closed, what the identified
 *       shopper did in it is recorded in {@code presentation_outcome}: whether they bought anything
 *       (any store, returns excluded) and how much they spent. Treatment and holdout presentations
 *       are measured the same way, which is what makes the comparison fair. Outcomes imported with
 *       an experiment ({@code source = 'experiment'}) are kept as they are.
 *   <li><b>Roll-ups, day by day.</b> A day is rebuilt as a whole (delete and insert, one short
 *       transaction per day) into roll-ups of decreasing grain, each page reading the coarsest one
 *       that answers it: {@code report_store_day} (day × store × campaign × arm × value tier, from
 *       the presentations), {@code report_chain_day} and {@code report_store_arm_day} (summed from
 *       it), {@code report_terminal_day} (presentations and redemptions per terminal), {@code
 *       report_offer_day} (day × store × offer, from the presentations) and {@code
 *       report_offer_chain_day} (summed from it). Counts, sums and sums of squares are kept so that
 *       rates, means and Welch intervals follow without the raw rows.
 * </ol>
 *
 * <p>{@link #refreshRecent()} is incremental: it rebuilds only the days with a presentation,
 * redemption or outcome it has not seen (watermarks on the presentations' and redemptions' {@code
 * written_at}, the database's clock when the row was inserted, and the outcome's {@code
 * measured_at}, in {@code report_refresh}). {@link #refresh(LocalDate)} rebuilds every day from a
 * date.
 *
 * <p>The watermarks are times, not ids: presentation ids are handed out in blocks reserved ahead
 * ({@code id_block}), so a presentation of a quiet server, or of an import, can commit long after
 * rows with far higher ids. Rebuilding a day twice changes nothing (a day is deleted and inserted
 * as a whole), so rows within the margin being looked at again is harmless.
 *
 * <p>The roll-up runs at READ COMMITTED, where InnoDB reads the source rows of {@code insert ...
 * select} as a consistent snapshot without locking them, so it never holds locks on presentations
 * that the decision pipeline is inserting (a deadlock between the two was seen at REPEATABLE READ,
 * which takes shared next-key locks on the rows read).
 *
 * <p>The SQL is shown in {@code docs/reports.md}; it runs on MariaDB and on H2 in MariaDB mode.
 */
public final class ReportRollup {

  private static final Logger LOG = LoggerFactory.getLogger(ReportRollup.class);

  /**
   * How far before the latest {@code written_at} seen the next refresh looks again: a presentation
   * or redemption whose transaction commits after rows written later ({@code written_at} is the
   * time of the insert, not of the commit) is still found if its transaction committed within this
   * long of its insert. The presentation writer's and the redemptions' transactions last
   * milliseconds, an experiment import seconds.
   */
  static final Duration LATE_COMMIT_MARGIN = Duration.ofMinutes(10);

  private static final String OUTCOMES =
      "insert into presentation_outcome"
          + " (presentation_id, responded, revenue_amount, source, measured_at)"
          + " select p.id, case when count(pu.id) > 0 then true else false end,"
          + " coalesce(sum(pu.total_amount), 0), 'purchases', ?"
          + " from presentation p"
          + " left join purchase pu on pu.shopper_id = p.shopper_id and pu.is_return = false"
          + " and pu.purchased_at >= p.shown_at"
          + " and pu.purchased_at < timestampadd(DAY, ?, p.shown_at)"
          + " where p.shopper_id is not null and p.shown_at >= ? and p.shown_at < ?"
          + " and not exists (select 1 from presentation_outcome o where o.presentation_id = p.id)"
          + " group by p.id";

  /** Redemptions per presentation shown on the day ({@code ?, ?} = start, end of the day). */
  private static final String REDEMPTIONS_BY_PRESENTATION =
      "(select r.presentation_id, count(*) n, sum(r.basket_amount) basket,"
          + " sum(r.discount_amount) discount from redemption r"
          + " join presentation rp on rp.id = r.presentation_id"
          + " where rp.shown_at >= ? and rp.shown_at < ? group by r.presentation_id)";

  private static final String OUTCOME_SUMS =
      " count(o.presentation_id), sum(case when o.responded then 1 else 0 end),"
          + " coalesce(sum(o.revenue_amount), 0),"
          + " coalesce(sum(o.revenue_amount * o.revenue_amount), 0),"
          + " coalesce(sum(o.revenue_amount - coalesce(r.discount, 0)), 0),"
          + " coalesce(sum((o.revenue_amount - coalesce(r.discount, 0))"
          + " * (o.revenue_amount - coalesce(r.discount, 0))), 0),";

  private static final String SUM_COLUMNS =
      " measured, responders, revenue_sum, revenue_sq_sum, net_sum, net_sq_sum, redemptions,"
          + " redeemed_basket_sum, discount_sum";

  private static final String SUMMED =
      " sum(measured), sum(responders), sum(revenue_sum), sum(revenue_sq_sum), sum(net_sum),"
          + " sum(net_sq_sum), sum(redemptions), sum(redeemed_basket_sum), sum(discount_sum)";

  /** Every roll-up table, each with a {@code report_date} column. */
  static final List<String> TABLES =
      List.of(
          "report_store_day",
          "report_chain_day",
          "report_store_arm_day",
          "report_terminal_day",
          "report_offer_day",
          "report_offer_chain_day");

  private final DataSource dataSource;
  private final Duration attributionWindow;
  private final Supplier<RfmCutPoints> cutPoints;
  private final Clock clock;

  /**
   * @param attributionWindow how long after a presentation a purchase counts as its outcome
   * @param cutPoints the RFM cut points that place shoppers in value tiers
   */
  public ReportRollup(
      DataSource dataSource,
      Duration attributionWindow,
      Supplier<RfmCutPoints> cutPoints,
      Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.attributionWindow = Objects.requireNonNull(attributionWindow, "attributionWindow");
    this.cutPoints = Objects.requireNonNull(cutPoints, "cutPoints");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (attributionWindow.toDays() < 1) {
      throw new IllegalArgumentException(
          "the attribution window is at least one day: " + attributionWindow);
    }
  }

  /** The attribution window in whole days. */
  public long attributionDays() {
    return attributionWindow.toDays();
  }

  /**
   * Measures the outcomes whose window has closed (presentations shown from one window plus a day
   * ago) and rebuilds the days that changed since the last call: days of presentations and
   * redemptions written since the watermarks (less {@link #LATE_COMMIT_MARGIN}), whatever their
   * ids, and of outcomes measured or imported since the last call. The first call rebuilds every
   * day.
   */
  public RollupResult refreshRecent() {
    Instant now = clock.instant();
    LocalDate outcomesFrom =
        LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(attributionDays() + 1);
    try (Connection connection = open()) {
      Watermarks seen = watermarks(connection);
      long measured = measureOutcomes(connection, outcomesFrom, now);
      // read before the days, so that a row committed meanwhile is found now or next time
      LocalDateTime presentationsWritten =
          latest(connection, "select max(written_at) from presentation");
      LocalDateTime redemptionsWritten =
          latest(connection, "select max(written_at) from redemption");
      connection.commit();
      TreeSet<LocalDate> days = new TreeSet<>();
      if (seen.first()) {
        // nothing seen yet: every day with a presentation (its redemptions and outcomes with it)
        days.addAll(
            dates(connection, "select distinct cast(shown_at as date) from presentation", null));
      } else {
        days.addAll(
            dates(
                connection,
                "select distinct cast(shown_at as date) from presentation where written_at >= ?",
                seen.presentationsWritten().minus(LATE_COMMIT_MARGIN)));
        days.addAll(
            dates(
                connection,
                "select distinct cast(p.shown_at as date) from redemption r"
                    + " join presentation p on p.id = r.presentation_id where r.written_at >= ?",
                seen.redemptionsWritten().minus(LATE_COMMIT_MARGIN)));
        days.addAll(
            dates(
                connection,
                "select distinct cast(p.shown_at as date) from presentation_outcome o"
                    + " join presentation p on p.id = o.presentation_id where o.measured_at >= ?",
                Timestamp.valueOf(seen.outcomesMeasuredFrom())));
      }
      connection.commit();
      Counts counts = rebuild(connection, days);
      saveWatermarks(
          connection,
          new Watermarks(
              later(seen.presentationsWritten(), presentationsWritten),
              later(seen.redemptionsWritten(), redemptionsWritten),
              LocalDateTime.ofInstant(now, ZoneOffset.UTC),
              false),
          now);
      connection.commit();
      LocalDate from = days.isEmpty() ? LocalDate.ofInstant(now, ZoneOffset.UTC) : days.first();
      LOG.debug("report roll-up: {} days rebuilt from {}", days.size(), from);
      return new RollupResult(from, measured, days.size(), counts.dayRows, counts.offerDayRows);
    } catch (SQLException e) {
      throw new IllegalStateException("the incremental report roll-up failed", e);
    }
  }

  /**
   * Measures outcomes of presentations shown on or after {@code from} and rebuilds every day from
   * {@code from} to the last day with presentations or roll-up rows. Leaves the watermarks of
   * {@link #refreshRecent()} as they are.
   */
  public RollupResult refresh(LocalDate from) {
    Instant now = clock.instant();
    try (Connection connection = open()) {
      long measured = measureOutcomes(connection, from, now);
      connection.commit();
      TreeSet<LocalDate> days = new TreeSet<>();
      Timestamp fromTs = Timestamp.valueOf(from.atStartOfDay());
      days.addAll(
          dates(
              connection,
              "select distinct cast(shown_at as date) from presentation where shown_at >= ?",
              fromTs));
      for (String table : TABLES) {
        days.addAll(
            dates(
                connection,
                "select distinct report_date from " + table + " where report_date >= ?",
                from));
      }
      connection.commit();
      Counts counts = rebuild(connection, days);
      return new RollupResult(from, measured, days.size(), counts.dayRows, counts.offerDayRows);
    } catch (SQLException e) {
      throw new IllegalStateException("the report roll-up from " + from + " failed", e);
    }
  }

  private Connection open() throws SQLException {
    Connection connection = dataSource.getConnection();
    try {
      connection.setAutoCommit(false);
      connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      return connection;
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  private long measureOutcomes(Connection connection, LocalDate from, Instant now)
      throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(OUTCOMES)) {
      s.setTimestamp(1, Timestamp.valueOf(LocalDateTime.ofInstant(now, ZoneOffset.UTC)));
      s.setLong(2, attributionDays());
      s.setTimestamp(3, Timestamp.valueOf(from.atStartOfDay()));
      s.setTimestamp(
          4,
          Timestamp.valueOf(LocalDateTime.ofInstant(now.minus(attributionWindow), ZoneOffset.UTC)));
      return s.executeUpdate();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
  }

  /** Rebuilds each day in its own transaction. */
  private Counts rebuild(Connection connection, Iterable<LocalDate> days) throws SQLException {
    Counts counts = new Counts();
    List<BigDecimal> bounds = cutPoints.get().netSpendBounds();
    for (LocalDate day : days) {
      try {
        for (String table : TABLES) {
          try (PreparedStatement s =
              connection.prepareStatement("delete from " + table + " where report_date = ?")) {
            s.setObject(1, day);
            s.executeUpdate();
          }
        }
        counts.dayRows += storeDay(connection, day, bounds);
        summarise(
            connection,
            "insert into report_chain_day (report_date, campaign_id, holdout, value_tier,"
                + " presentations,"
                + SUM_COLUMNS
                + ") select report_date, campaign_id, holdout, value_tier, sum(presentations),"
                + SUMMED
                + " from report_store_day where report_date = ?"
                + " group by report_date, campaign_id, holdout, value_tier",
            day);
        summarise(
            connection,
            "insert into report_store_arm_day (report_date, store_id, holdout, presentations,"
                + SUM_COLUMNS
                + ") select report_date, store_id, holdout, sum(presentations),"
                + SUMMED
                + " from report_store_day where report_date = ?"
                + " group by report_date, store_id, holdout",
            day);
        terminalDay(connection, day);
        counts.offerDayRows += offerDay(connection, day);
        summarise(
            connection,
            "insert into report_offer_chain_day (report_date, offer_id, campaign_id, shown,"
                + SUM_COLUMNS
                + ") select report_date, offer_id, campaign_id, sum(shown),"
                + SUMMED
                + " from report_offer_day where report_date = ?"
                + " group by report_date, offer_id, campaign_id",
            day);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
    return counts;
  }

  private static int summarise(Connection connection, String sql, LocalDate day)
      throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      s.setObject(1, day);
      return s.executeUpdate();
    }
  }

  private static int storeDay(Connection connection, LocalDate day, List<BigDecimal> bounds)
      throws SQLException {
    String tier = tierExpression(bounds);
    String sql =
        "insert into report_store_day (report_date, store_id, campaign_id, holdout,"
            + " value_tier, presentations,"
            + SUM_COLUMNS
            + ") select ?, p.store_id, p.campaign_id, p.holdout, coalesce(t.tier, 0), count(*),"
            + OUTCOME_SUMS
            + " coalesce(sum(r.n), 0), coalesce(sum(r.basket), 0), coalesce(sum(r.discount), 0)"
            + " from presentation p"
            + " left join presentation_outcome o on o.presentation_id = p.id"
            + " left join "
            + REDEMPTIONS_BY_PRESENTATION
            + " r on r.presentation_id = p.id"
            + " left join (select shopper_id, "
            + tier
            + " tier from purchase"
            + " where shopper_id in (select shopper_id from presentation"
            + " where shown_at >= ? and shown_at < ?)"
            + " group by shopper_id) t on t.shopper_id = p.shopper_id"
            + " where p.shown_at >= ? and p.shown_at < ?"
            + " group by p.store_id, p.campaign_id, p.holdout, coalesce(t.tier, 0)";
    Timestamp start = Timestamp.valueOf(day.atStartOfDay());
    Timestamp end = Timestamp.valueOf(day.plusDays(1).atStartOfDay());
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      int i = 1;
      s.setObject(i++, day);
      s.setTimestamp(i++, start);
      s.setTimestamp(i++, end);
      for (BigDecimal bound : bounds) {
        s.setBigDecimal(i++, bound);
      }
      s.setTimestamp(i++, start);
      s.setTimestamp(i++, end);
      s.setTimestamp(i++, start);
      s.setTimestamp(i++, end);
      return s.executeUpdate();
    }
  }

  private static int terminalDay(Connection connection, LocalDate day) throws SQLException {
    String sql =
        "insert into report_terminal_day (report_date, store_id, terminal_id, presentations,"
            + " redemptions) select ?, p.store_id, p.terminal_id, count(*),"
            + " coalesce(sum(r.n), 0) from presentation p"
            + " left join "
            + REDEMPTIONS_BY_PRESENTATION
            + " r on r.presentation_id = p.id"
            + " where p.terminal_id is not null and p.shown_at >= ? and p.shown_at < ?"
            + " group by p.store_id, p.terminal_id";
    Timestamp start = Timestamp.valueOf(day.atStartOfDay());
    Timestamp end = Timestamp.valueOf(day.plusDays(1).atStartOfDay());
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      s.setObject(1, day);
      s.setTimestamp(2, start);
      s.setTimestamp(3, end);
      s.setTimestamp(4, start);
      s.setTimestamp(5, end);
      return s.executeUpdate();
    }
  }

  private static int offerDay(Connection connection, LocalDate day) throws SQLException {
    // grouped first and joined to the offer after, so that the day's presentations drive the join
    String sql =
        "insert into report_offer_day (report_date, store_id, offer_id, campaign_id, shown,"
            + SUM_COLUMNS
            + ") select ?, a.store_id, a.offer_id, f.campaign_id, a.shown, a.measured,"
            + " a.responders, a.revenue_sum, a.revenue_sq_sum, a.net_sum, a.net_sq_sum,"
            + " a.redemptions, a.redeemed_basket_sum, a.discount_sum from (select p.store_id,"
            + " po.offer_id, count(*) shown,"
            + " count(o.presentation_id) measured,"
            + " sum(case when o.responded then 1 else 0 end) responders,"
            + " coalesce(sum(o.revenue_amount), 0) revenue_sum,"
            + " coalesce(sum(o.revenue_amount * o.revenue_amount), 0) revenue_sq_sum,"
            + " coalesce(sum(o.revenue_amount - coalesce(r.discount, 0)), 0) net_sum,"
            + " coalesce(sum((o.revenue_amount - coalesce(r.discount, 0))"
            + " * (o.revenue_amount - coalesce(r.discount, 0))), 0) net_sq_sum,"
            + " coalesce(sum(ro.n), 0) redemptions, coalesce(sum(ro.basket), 0)"
            + " redeemed_basket_sum, coalesce(sum(ro.discount), 0) discount_sum"
            + " from presentation p"
            + " join presentation_offer po on po.presentation_id = p.id"
            + " left join presentation_outcome o on o.presentation_id = p.id"
            + " left join "
            + REDEMPTIONS_BY_PRESENTATION
            + " r on r.presentation_id = p.id"
            + " left join (select r2.presentation_id, r2.offer_id, count(*) n,"
            + " sum(r2.basket_amount) basket, sum(r2.discount_amount) discount from redemption r2"
            + " join presentation rp2 on rp2.id = r2.presentation_id"
            + " where rp2.shown_at >= ? and rp2.shown_at < ?"
            + " group by r2.presentation_id, r2.offer_id) ro"
            + " on ro.presentation_id = p.id and ro.offer_id = po.offer_id"
            + " where p.shown_at >= ? and p.shown_at < ?"
            + " group by p.store_id, po.offer_id) a join offer f on f.id = a.offer_id";
    Timestamp start = Timestamp.valueOf(day.atStartOfDay());
    Timestamp end = Timestamp.valueOf(day.plusDays(1).atStartOfDay());
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      s.setObject(1, day);
      for (int i = 2; i <= 7; i += 2) {
        s.setTimestamp(i, start);
        s.setTimestamp(i + 1, end);
      }
      return s.executeUpdate();
    }
  }

  private static Watermarks watermarks(Connection connection) throws SQLException {
    try (PreparedStatement s =
            connection.prepareStatement(
                "select presentations_written_to, redemptions_written_to, outcomes_measured_from"
                    + " from report_refresh where id = 1");
        ResultSet row = s.executeQuery()) {
      if (row.next()) {
        return new Watermarks(
            row.getObject(1, LocalDateTime.class),
            row.getObject(2, LocalDateTime.class),
            row.getTimestamp(3).toLocalDateTime(),
            false);
      }
      return new Watermarks(NOTHING_YET, NOTHING_YET, NOTHING_YET, true);
    }
  }

  private static void saveWatermarks(Connection connection, Watermarks marks, Instant now)
      throws SQLException {
    Timestamp at = Timestamp.valueOf(LocalDateTime.ofInstant(now, ZoneOffset.UTC));
    int updated;
    try (PreparedStatement s =
        connection.prepareStatement(
            "update report_refresh set presentations_written_to = ?, redemptions_written_to = ?,"
                + " outcomes_measured_from = ?, refreshed_at = ? where id = 1")) {
      s.setObject(1, marks.presentationsWritten());
      s.setObject(2, marks.redemptionsWritten());
      s.setTimestamp(3, Timestamp.valueOf(marks.outcomesMeasuredFrom()));
      s.setTimestamp(4, at);
      updated = s.executeUpdate();
    }
    if (updated == 0) {
      try (PreparedStatement s =
          connection.prepareStatement(
              "insert into report_refresh (id, presentations_written_to,"
                  + " redemptions_written_to, outcomes_measured_from, refreshed_at)"
                  + " values (1, ?, ?, ?, ?)")) {
        s.setObject(1, marks.presentationsWritten());
        s.setObject(2, marks.redemptionsWritten());
        s.setTimestamp(3, Timestamp.valueOf(marks.outcomesMeasuredFrom()));
        s.setTimestamp(4, at);
        s.executeUpdate();
      }
    }
  }

  /** The single timestamp {@code sql} selects, {@link #NOTHING_YET} when it is null. */
  private static LocalDateTime latest(Connection connection, String sql) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(sql);
        ResultSet row = s.executeQuery()) {
      row.next();
      LocalDateTime at = row.getObject(1, LocalDateTime.class);
      return at == null ? NOTHING_YET : at;
    }
  }

  private static LocalDateTime later(LocalDateTime a, LocalDateTime b) {
    return a.isAfter(b) ? a : b;
  }

  private static List<LocalDate> dates(Connection connection, String sql, Object parameter)
      throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      if (parameter != null) {
        s.setObject(1, parameter);
      }
      List<LocalDate> days = new ArrayList<>();
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          days.add(rows.getObject(1, LocalDate.class));
        }
      }
      return days;
    }
  }

  /** The watermark before anything was seen. */
  private static final LocalDateTime NOTHING_YET = LocalDateTime.of(1970, 1, 1, 0, 0);

  /**
   * The watermarks of the incremental refresh, as stored in {@code report_refresh}: the latest
   * {@code written_at} of the presentations and of the redemptions seen (the database's clock, UTC)
   * and the {@code measured_at} from which outcomes are new; {@code first} when none are stored
   * yet.
   */
  private record Watermarks(
      LocalDateTime presentationsWritten,
      LocalDateTime redemptionsWritten,
      LocalDateTime outcomesMeasuredFrom,
      boolean first) {}

  private static final class Counts {
    private int dayRows;
    private int offerDayRows;
  }

  /**
   * The RFM monetary quintile of a shopper's net spend, as SQL over their purchases: 1 + the number
   * of cut points below it ({@link RfmCutPoints#monetaryScore}); 0 before cut points exist.
   */
  private static String tierExpression(List<BigDecimal> bounds) {
    if (bounds.isEmpty()) {
      return "0";
    }
    StringBuilder sql = new StringBuilder("(1");
    for (int i = 0; i < bounds.size(); i++) {
      sql.append(" + case when sum(total_amount) > ? then 1 else 0 end");
    }
    return sql.append(")").toString();
  }

  /**
   * What one refresh did.
   *
   * @param from the first day rebuilt (today when none was)
   * @param outcomesMeasured presentations whose outcome was measured now
   * @param daysRebuilt days rebuilt
   * @param dayRows rows written to {@code report_store_day}
   * @param offerDayRows rows written to {@code report_offer_day}
   */
  public record RollupResult(
      LocalDate from, long outcomesMeasured, int daysRebuilt, int dayRows, int offerDayRows) {}
}
