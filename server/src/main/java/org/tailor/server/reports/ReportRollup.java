package org.tailor.server.reports;

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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.server.persistence.Jdbc;
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
 *   <li><b>Roll-ups, by what is new.</b> Roll-ups of decreasing grain, each page reading the
 *       coarsest one that answers it: {@code report_store_day} (day × store × campaign × arm ×
 *       value tier), {@code report_chain_day} and {@code report_store_arm_day} (the same summed),
 *       {@code report_terminal_day} (presentations and redemptions per terminal), {@code
 *       report_offer_day} (day × store × offer) and {@code report_offer_chain_day} (summed from
 *       it). Counts, sums and sums of squares are kept so that rates, means and Welch intervals
 *       follow without the raw rows.
 * </ol>
 *
 * <p>A refresh adds to the roll-up rows the sums of what it has not counted yet, so that its cost
 * follows what is new, not the size of the day (rebuilding "today" every 15 minutes read millions
 * of presentations and stalled the till coupons' queries on MariaDB). What is counted is kept
 * beside the roll-ups: a row in {@code report_presentation_state} per presentation counted, with
 * the value tier it was counted in, whether its outcome is counted and the discounts of its
 * redemptions counted so far, and a row in {@code report_counted_redemption} per redemption
 * counted. One batch, in one transaction, in this order:
 *
 * <ol>
 *   <li><b>New presentations</b> (no state row): their state rows, with the shopper's value tier
 *       now, and their counts, with their outcome if it is already there.
 *   <li><b>New redemptions</b> of counted presentations: their counts and sums, in their
 *       presentation's tier; where the presentation's outcome is counted, its net (revenue minus
 *       discounts) and the net's square are corrected by the new discounts, summed per presentation
 *       first so that several redemptions in one batch are right.
 *   <li><b>New outcomes</b> of counted presentations: measured, responders, revenue and net (less
 *       the discounts counted so far) with their squares.
 * </ol>
 *
 * Each step reads its deltas grouped by roll-up row with one query per roll-up (the coarser
 * roll-ups' deltas are summed from the finer ones), and adds them to the rows ({@link
 * RollupDeltas}). The state, the markers, the additions (and for {@link #refreshRecent()} the
 * watermarks) commit together, so a batch that fails leaves nothing counted twice or lost: it rolls
 * back whole and the next refresh finds the same rows new again. Every batch first locks the single
 * row of {@code report_rollup_batch} (and takes its batch number there), so that two refreshes, the
 * server's and {@code tailor reports refresh}, never add the same rows at once.
 *
 * <p>Because the tier is pinned when a presentation is first counted, a roll-up row's tier is the
 * shopper's tier when the presentation was first rolled up; a full rebuild ({@link
 * #refresh(LocalDate)}) counts the days again with today's tiers.
 *
 * <p>{@link #refreshRecent()} finds new presentations and redemptions by their {@code written_at}
 * (the database's clock when the row was inserted) from a watermark in {@code report_refresh}, less
 * {@link #LATE_COMMIT_MARGIN}, and new outcomes by {@code measured_at}. The watermarks are times,
 * not ids: presentation ids are handed out in blocks reserved ahead ({@code id_block}), so a
 * presentation of a quiet server, or of an import, can commit long after rows with far higher ids.
 * Rows within the margin looked at again are already counted (they have a state or marker row) and
 * are left alone. The first refresh, and {@link #refresh(LocalDate)}, count day by day instead:
 * each day's roll-up rows, state and markers are deleted and counted again in one transaction.
 *
 * <p>Outcomes are measured only where they can be new: {@link #refreshRecent()} looks at the
 * presentations whose attribution window closed since the last refresh (by {@code shown_at}) and at
 * those written since it (by {@code written_at}, less the margin), from two watermarks on the lock
 * row of {@code report_rollup_batch} that move in the measuring transaction (schema migration 13);
 * the first refresh, and {@link #refresh(LocalDate)}, look at every presentation shown from the day
 * asked for. Every presentation shown in the range and committed in time is in one of the two.
 *
 * <p>The state rows and markers of a day are deleted once the day has <em>settled</em> — no refresh
 * measures its outcomes any more (one window plus a day) and the settling period ({@link
 * #SETTLING_PERIOD}) has passed — and their rows were written before the lower end of every later
 * refresh's scope, where the outcome is counted or absent. A refresh deletes at most {@link
 * #PRUNE_CHUNKS_PER_REFRESH} transactions of {@link #PRUNE_CHUNK} rows after counting. A redemption
 * (or an imported outcome) of a pruned presentation written later is not counted by the incremental
 * refresh: it logs the redemptions and {@link #refresh(LocalDate)} counts them, from the raw rows.
 *
 * <p>The roll-up runs at READ COMMITTED, where InnoDB reads the source rows of {@code insert ...
 * select} and of plain selects as a consistent snapshot without locking them, so it never holds
 * locks on presentations that the decision pipeline is inserting (a deadlock between the two was
 * seen at REPEATABLE READ, which takes shared next-key locks on the rows read). It locks only rows
 * of its own tables. It updates the state by primary key from ids read first: MariaDB 10 plans an
 * {@code update ... where id in (select ...)} as a scan of the whole table.
 *
 * <p>The SQL is described in {@code docs/reports.md}; it runs on MariaDB and on H2 in MariaDB mode.
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

  /**
   * How long after the last day whose outcomes a refresh measures ({@link #refreshRecent()}: the
   * attribution window plus a day) a day settles by default: its state rows and redemption markers
   * are then deleted, and a redemption or imported outcome of its presentations written later is
   * counted only by {@link #refresh(LocalDate)} (the refresh reports it). Redemptions come within
   * days of the offer shown; four weeks leave room for a till that queued them offline.
   */
  public static final Duration SETTLING_PERIOD = Duration.ofDays(28);

  /** State rows (and as many markers) deleted per transaction by the pruning. */
  static final int PRUNE_CHUNK = 5_000;

  /**
   * Transactions of pruning per refresh at most, so that a refresh after an upgrade or a long stop
   * spreads the backlog over several refreshes instead of holding the database for minutes: up to
   * 100,000 state rows per refresh, 9.6 million a day at the default interval.
   */
  static final int PRUNE_CHUNKS_PER_REFRESH = 20;

  /**
   * The outcomes of the presentations that {@code %s} selects (conditions on {@code p}, with the
   * parameters after the first two), among those with a shopper and without an outcome.
   */
  private static final String OUTCOMES =
      "insert into presentation_outcome"
          + " (presentation_id, responded, revenue_amount, source, measured_at)"
          + " select p.id, case when count(pu.id) > 0 then true else false end,"
          + " coalesce(sum(pu.total_amount), 0), 'purchases', ?"
          + " from presentation p"
          + " left join purchase pu on pu.shopper_id = p.shopper_id and pu.is_return = false"
          + " and pu.purchased_at >= p.shown_at"
          + " and pu.purchased_at < timestampadd(DAY, ?, p.shown_at)"
          + " where p.shopper_id is not null and %s"
          + " and not exists (select 1 from presentation_outcome o where o.presentation_id = p.id)"
          + " group by p.id";

  /** Presentations whose window closed in a range of {@code shown_at}. */
  private static final String SHOWN_BETWEEN = "p.shown_at >= ? and p.shown_at < ?";

  /**
   * Presentations written from a time on (by {@code ix_presentation_written}) whose window closed
   * in a range of {@code shown_at}.
   */
  private static final String WRITTEN_SINCE = "p.written_at >= ? and " + SHOWN_BETWEEN;

  /**
   * Measured, responders, revenue, its square, net and its square of the outcomes {@code o} of
   * state rows {@code s}: net is the revenue less the discounts counted so far.
   */
  private static final String OUTCOME_SUMS =
      " count(o.presentation_id), sum(case when o.responded then 1 else 0 end),"
          + " coalesce(sum(o.revenue_amount), 0),"
          + " coalesce(sum(o.revenue_amount * o.revenue_amount), 0),"
          + " coalesce(sum(o.revenue_amount - s.counted_discount), 0),"
          + " coalesce(sum((o.revenue_amount - s.counted_discount)"
          + " * (o.revenue_amount - s.counted_discount)), 0)";

  private static final String NO_REDEMPTIONS = ", 0, 0, 0";

  private static final String STORE_DAY_KEY =
      "s.report_date, p.store_id, p.campaign_id, p.holdout, s.value_tier";

  /**
   * The offer's campaign is looked up when the deltas are applied ({@link RollupDeltas#apply}):
   * joined to the small {@code offer} table here, MariaDB read the presentations' offers offer by
   * offer, all of them (seconds for a few thousand new rows of a large day).
   */
  private static final String OFFER_DAY_KEY = "s.report_date, p.store_id, po.offer_id";

  private static final String TERMINAL_DAY_KEY = "s.report_date, p.store_id, p.terminal_id";

  /** Every roll-up table, each with a {@code report_date} column. */
  static final List<String> TABLES =
      List.of(
          "report_store_day",
          "report_chain_day",
          "report_store_arm_day",
          "report_terminal_day",
          "report_offer_day",
          "report_offer_chain_day");

  /** The tables that say what is counted, each with the {@code report_date} of the presentation. */
  private static final List<String> COUNTED =
      List.of("report_counted_redemption", "report_presentation_state");

  private final DataSource dataSource;
  private final Duration attributionWindow;
  private final Duration settlingPeriod;
  private final Supplier<RfmCutPoints> cutPoints;
  private final Clock clock;

  /**
   * A roll-up whose days settle after the {@link #SETTLING_PERIOD}.
   *
   * @param attributionWindow how long after a presentation a purchase counts as its outcome
   * @param cutPoints the RFM cut points that place shoppers in value tiers
   */
  public ReportRollup(
      DataSource dataSource,
      Duration attributionWindow,
      Supplier<RfmCutPoints> cutPoints,
      Clock clock) {
    this(dataSource, attributionWindow, SETTLING_PERIOD, cutPoints, clock);
  }

  /**
   * @param attributionWindow how long after a presentation a purchase counts as its outcome
   * @param settlingPeriod how long after the last day whose outcomes are measured a day settles
   *     (whole days, zero or more): what says its presentations and redemptions are counted is then
   *     deleted
   * @param cutPoints the RFM cut points that place shoppers in value tiers
   */
  public ReportRollup(
      DataSource dataSource,
      Duration attributionWindow,
      Duration settlingPeriod,
      Supplier<RfmCutPoints> cutPoints,
      Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.attributionWindow = Objects.requireNonNull(attributionWindow, "attributionWindow");
    this.settlingPeriod = Objects.requireNonNull(settlingPeriod, "settlingPeriod");
    this.cutPoints = Objects.requireNonNull(cutPoints, "cutPoints");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (attributionWindow.toDays() < 1) {
      throw new IllegalArgumentException(
          "the attribution window is at least one day: " + attributionWindow);
    }
    if (settlingPeriod.isNegative()) {
      throw new IllegalArgumentException(
          "the settling period is zero days or more: " + settlingPeriod);
    }
  }

  /** The attribution window in whole days. */
  public long attributionDays() {
    return attributionWindow.toDays();
  }

  /**
   * Measures the outcomes whose window has closed since the last call (presentations shown from one
   * window plus a day ago), counts, in one batch, the presentations and redemptions written since
   * the watermarks (less {@link #LATE_COMMIT_MARGIN}), whatever their ids, and the outcomes
   * measured or imported since the last call, that are not counted yet, then deletes what says
   * settled days are counted. The first call counts every day, day by day.
   */
  public RollupResult refreshRecent() {
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    LocalDate outcomesFrom = today.minusDays(attributionDays() + 1);
    try (Connection connection = open()) {
      Watermarks seen = watermarks(connection);
      long measured = measureNewOutcomes(connection, outcomesFrom, now, seen.first());
      connection.commit();
      Tally tally;
      Watermarks saved;
      if (seen.first()) {
        // read before counting, so that a row committed meanwhile is counted now or next time
        LocalDateTime presentationsWritten =
            latest(connection, "select max(written_at) from presentation");
        LocalDateTime redemptionsWritten =
            latest(connection, "select max(written_at) from redemption");
        connection.commit();
        tally = recountDays(connection, days(connection, null));
        saved =
            new Watermarks(
                presentationsWritten,
                redemptionsWritten,
                LocalDateTime.ofInstant(now, ZoneOffset.UTC),
                false);
        try {
          saveWatermarks(connection, saved, now);
          connection.commit();
        } catch (SQLException | RuntimeException e) {
          connection.rollback();
          throw e;
        }
      } else {
        tally = new Tally();
        try {
          long batch = lockBatch(connection);
          LocalDateTime presentationsWritten =
              latest(connection, "select max(written_at) from presentation");
          LocalDateTime redemptionsWritten =
              latest(connection, "select max(written_at) from redemption");
          Scope scope =
              Scope.since(
                  seen.presentationsWritten().minus(LATE_COMMIT_MARGIN),
                  seen.redemptionsWritten().minus(LATE_COMMIT_MARGIN),
                  seen.outcomesMeasuredFrom().minus(LATE_COMMIT_MARGIN));
          count(connection, batch, scope, tally);
          tally.redemptionsOfSettledDays =
              redemptionsOfSettledDays(connection, scope, settledBefore(today));
          saved =
              new Watermarks(
                  later(seen.presentationsWritten(), presentationsWritten),
                  later(seen.redemptionsWritten(), redemptionsWritten),
                  LocalDateTime.ofInstant(now, ZoneOffset.UTC),
                  false);
          saveWatermarks(connection, saved, now);
          connection.commit();
        } catch (SQLException | RuntimeException e) {
          connection.rollback();
          throw e;
        }
        LOG.debug(
            "report roll-up: {} presentations, {} redemptions, {} outcomes counted in {} days",
            tally.presentations,
            tally.redemptions,
            tally.outcomes,
            tally.days.size());
      }
      // no later refresh looks at rows written before these again
      tally.pruned =
          prune(
              connection,
              saved.presentationsWritten().minus(LATE_COMMIT_MARGIN),
              saved.redemptionsWritten().minus(LATE_COMMIT_MARGIN),
              settledBefore(today));
      return tally.result(measured, today);
    } catch (SQLException e) {
      throw new IllegalStateException("the incremental report roll-up failed", e);
    }
  }

  /**
   * The first day that has not settled: before it, no refresh measures outcomes ({@link
   * #refreshRecent()} measures from one window plus a day ago), and the settling period has passed.
   */
  private LocalDate settledBefore(LocalDate today) {
    return today.minusDays(attributionDays() + 1 + settlingPeriod.toDays());
  }

  /**
   * Measures outcomes of presentations shown on or after {@code from} and counts every day from
   * {@code from} to the last day with presentations or roll-up rows again, each day in a
   * transaction of its own: its roll-up rows and what says it is counted are deleted, and its
   * presentations, redemptions and outcomes counted as new, with the shoppers' value tiers of now.
   * Leaves the watermarks of {@link #refreshRecent()} as they are.
   */
  public RollupResult refresh(LocalDate from) {
    Instant now = clock.instant();
    try (Connection connection = open()) {
      long measured = measureOutcomes(connection, from, now);
      connection.commit();
      Tally tally = recountDays(connection, days(connection, from));
      return tally.result(measured, from);
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

  /** Measures the outcomes of every presentation shown from {@code from} whose window closed. */
  private long measureOutcomes(Connection connection, LocalDate from, Instant now)
      throws SQLException {
    try {
      return measure(connection, now, from.atStartOfDay(), closedBefore(now), Optional.empty());
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
  }

  /**
   * Measures the outcomes that can be new since the last call, of presentations shown from {@code
   * from}: those whose window closed since, and those written since (less the {@link
   * #LATE_COMMIT_MARGIN}) whose window has closed. A presentation in neither was shown before the
   * last call's window end and committed before it, so the last call measured it. Moves the
   * watermarks in the same transaction (the caller commits). The first call, and one with {@code
   * everything} (the refresh that counts every day, its watermarks gone), looks at every
   * presentation shown from {@code from} and starts the watermarks afresh.
   */
  private long measureNewOutcomes(
      Connection connection, LocalDate from, Instant now, boolean everything) throws SQLException {
    try {
      OutcomeWatermarks last = lockOutcomeWatermarks(connection);
      // read before measuring, so that a row committed meanwhile is looked at next time
      LocalDateTime written = latest(connection, "select max(written_at) from presentation");
      LocalDateTime start = from.atStartOfDay();
      LocalDateTime closedBefore = closedBefore(now);
      long measured;
      boolean afresh = everything || last.closedBefore() == null || last.writtenTo() == null;
      if (afresh) {
        measured = measure(connection, now, start, closedBefore, Optional.empty());
      } else {
        // the presentations whose window closed since (ix_presentation_time)
        measured =
            measure(
                connection, now, later(start, last.closedBefore()), closedBefore, Optional.empty());
        // and those written since, e.g. committed late or imported (ix_presentation_written)
        measured +=
            measure(
                connection,
                now,
                start,
                closedBefore,
                Optional.of(last.writtenTo().minus(LATE_COMMIT_MARGIN)));
      }
      try (PreparedStatement s =
          connection.prepareStatement(
              "update report_rollup_batch set outcomes_closed_before = ?,"
                  + " outcomes_written_to = ? where id = 1")) {
        s.setTimestamp(
            1, Timestamp.valueOf(afresh ? closedBefore : later(last.closedBefore(), closedBefore)));
        s.setTimestamp(2, Timestamp.valueOf(afresh ? written : later(last.writtenTo(), written)));
        s.executeUpdate();
      }
      return measured;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
  }

  /** When the window of the presentations shown before it has closed: now less the window. */
  private LocalDateTime closedBefore(Instant now) {
    return LocalDateTime.ofInstant(now.minus(attributionWindow), ZoneOffset.UTC);
  }

  /**
   * Inserts the outcomes of the presentations shown from {@code shownFrom} to before {@code
   * shownBefore} (and written from {@code writtenFrom} on, where given).
   */
  private long measure(
      Connection connection,
      Instant now,
      LocalDateTime shownFrom,
      LocalDateTime shownBefore,
      Optional<LocalDateTime> writtenFrom)
      throws SQLException {
    if (!shownFrom.isBefore(shownBefore)) {
      return 0;
    }
    String condition = writtenFrom.isPresent() ? WRITTEN_SINCE : SHOWN_BETWEEN;
    try (PreparedStatement s = connection.prepareStatement(String.format(OUTCOMES, condition))) {
      int i = 1;
      s.setTimestamp(i++, Timestamp.valueOf(LocalDateTime.ofInstant(now, ZoneOffset.UTC)));
      s.setLong(i++, attributionDays());
      if (writtenFrom.isPresent()) {
        s.setTimestamp(i++, Timestamp.valueOf(writtenFrom.get()));
      }
      s.setTimestamp(i++, Timestamp.valueOf(shownFrom));
      s.setTimestamp(i, Timestamp.valueOf(shownBefore));
      return s.executeUpdate();
    }
  }

  /**
   * Locks the roll-up's batch row until the transaction ends and reads the watermarks of the
   * outcomes measured (schema migration 13).
   */
  private static OutcomeWatermarks lockOutcomeWatermarks(Connection connection)
      throws SQLException {
    try (PreparedStatement s =
            connection.prepareStatement(
                "select outcomes_closed_before, outcomes_written_to from report_rollup_batch"
                    + " where id = 1 for update");
        ResultSet row = s.executeQuery()) {
      if (!row.next()) {
        throw new SQLException("report_rollup_batch has no row 1 (schema migration 10)");
      }
      return new OutcomeWatermarks(
          row.getObject(1, LocalDateTime.class), row.getObject(2, LocalDateTime.class));
    }
  }

  /**
   * Where the last measurement of new outcomes stopped: every presentation shown before {@code
   * closedBefore} and committed by then was measured; {@code writtenTo} is the latest {@code
   * written_at} it had seen. Both null before the first.
   */
  private record OutcomeWatermarks(LocalDateTime closedBefore, LocalDateTime writtenTo) {}

  /**
   * The days with presentations, roll-up rows or counted presentations, from {@code from} (every
   * day when null).
   */
  private static TreeSet<LocalDate> days(Connection connection, LocalDate from)
      throws SQLException {
    TreeSet<LocalDate> days = new TreeSet<>();
    String since = from == null ? "" : " where shown_at >= ?";
    days.addAll(
        dates(
            connection,
            "select distinct cast(shown_at as date) from presentation" + since,
            from == null ? null : Timestamp.valueOf(from.atStartOfDay())));
    List<String> tables = new ArrayList<>(TABLES);
    tables.add("report_presentation_state");
    for (String table : tables) {
      days.addAll(
          dates(
              connection,
              "select distinct report_date from "
                  + table
                  + (from == null ? "" : " where report_date >= ?"),
              from));
    }
    connection.commit();
    return days;
  }

  /** Counts each day again as a whole, in a transaction per day. */
  private Tally recountDays(Connection connection, Set<LocalDate> days) throws SQLException {
    Tally tally = new Tally();
    for (LocalDate day : days) {
      try {
        long batch = lockBatch(connection);
        for (String table : TABLES) {
          deleteDay(connection, table, day);
        }
        for (String table : COUNTED) {
          deleteDay(connection, table, day);
        }
        count(connection, batch, Scope.day(day), tally);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
      tally.days.add(day);
    }
    LOG.debug("report roll-up: {} days counted again", days.size());
    return tally;
  }

  private static void deleteDay(Connection connection, String table, LocalDate day)
      throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement("delete from " + table + " where report_date = ?")) {
      s.setObject(1, day);
      s.executeUpdate();
    }
  }

  /**
   * Deletes the state rows and redemption markers of the days before {@code settledBefore} that no
   * refresh will look at again: of presentations written before {@code presentationsBefore} (and
   * redemptions before {@code redemptionsBefore}), the lower ends of every later refresh's scope,
   * whose outcome is counted or not there. The roll-ups keep what they counted; a full rebuild of a
   * day ({@link #refresh(LocalDate)}) reads the raw rows, not these. In transactions of up to
   * {@link #PRUNE_CHUNK} rows of each table, each holding the batch row's lock; returns the rows
   * deleted.
   */
  private static long prune(
      Connection connection,
      LocalDateTime presentationsBefore,
      LocalDateTime redemptionsBefore,
      LocalDate settledBefore)
      throws SQLException {
    long pruned = 0;
    for (int chunk = 0; chunk < PRUNE_CHUNKS_PER_REFRESH; chunk++) {
      List<Object[]> states;
      List<Object[]> markers;
      try {
        lockBatchRow(connection);
        states =
            Jdbc.list(
                connection,
                "select s.presentation_id from report_presentation_state s"
                    + " join presentation p on p.id = s.presentation_id"
                    + " where s.report_date < ? and p.written_at < ?"
                    + " and (s.outcome_batch is not null or not exists (select 1"
                    + " from presentation_outcome o where o.presentation_id = s.presentation_id))"
                    + " limit "
                    + PRUNE_CHUNK,
                ReportRollup::firstId,
                settledBefore,
                Timestamp.valueOf(presentationsBefore));
        markers =
            Jdbc.list(
                connection,
                "select m.redemption_id from report_counted_redemption m"
                    + " join redemption r on r.id = m.redemption_id"
                    + " where m.report_date < ? and r.written_at < ?"
                    + " limit "
                    + PRUNE_CHUNK,
                ReportRollup::firstId,
                settledBefore,
                Timestamp.valueOf(redemptionsBefore));
        updateState(
            connection, "delete from report_presentation_state where presentation_id = ?", states);
        updateState(
            connection, "delete from report_counted_redemption where redemption_id = ?", markers);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
      pruned += states.size() + markers.size();
      if (states.size() < PRUNE_CHUNK && markers.size() < PRUNE_CHUNK) {
        break;
      }
    }
    if (pruned > 0) {
      LOG.debug(
          "report roll-up: {} state rows and markers of days before {} deleted",
          pruned,
          settledBefore);
    }
    return pruned;
  }

  /** The id in a row's first column, as the one value of a row for {@link #updateState}. */
  private static Object[] firstId(ResultSet row) throws SQLException {
    return new Object[] {row.getLong(1)};
  }

  /**
   * The redemptions of {@code scope} not counted whose presentation, shown before {@code
   * settledBefore}, has no state row (it was pruned, or committed too late to be counted): the
   * incremental refresh cannot count them; {@code reports refresh --from} the day can. Logged.
   */
  private static long redemptionsOfSettledDays(
      Connection connection, Scope scope, LocalDate settledBefore) throws SQLException {
    long[] found = new long[1];
    LocalDate[] firstDay = new LocalDate[1];
    List<Object> values = new ArrayList<>(scope.redemptionValues());
    values.add(Timestamp.valueOf(settledBefore.atStartOfDay()));
    query(
        connection,
        "select count(*), min(rp.shown_at) from "
            + scope.redemptionSource()
            + (scope.redemptionSource().contains(" rp ")
                ? ""
                : " join presentation rp on rp.id = r.presentation_id")
            + " where "
            + scope.redemptions()
            + " and rp.shown_at < ?"
            + " and not exists (select 1 from report_counted_redemption m"
            + " where m.redemption_id = r.id)"
            + " and not exists (select 1 from report_presentation_state s"
            + " where s.presentation_id = r.presentation_id)",
        rows -> {
          if (rows.next()) {
            found[0] = rows.getLong(1);
            Timestamp first = rows.getTimestamp(2);
            firstDay[0] = first == null ? null : first.toLocalDateTime().toLocalDate();
          }
        },
        values.toArray());
    if (found[0] > 0) {
      LOG.warn(
          "report roll-up: {} redemptions of presentations shown on settled days (from {}) are"
              + " not counted; `tailor reports refresh --from {}` counts them",
          found[0],
          firstDay[0],
          firstDay[0]);
    }
    return found[0];
  }

  /** Locks the roll-up's batch row until the transaction ends. */
  private static void lockBatchRow(Connection connection) throws SQLException {
    try (PreparedStatement s =
            connection.prepareStatement(
                "select last_batch from report_rollup_batch where id = 1 for update");
        ResultSet row = s.executeQuery()) {
      if (!row.next()) {
        throw new SQLException("report_rollup_batch has no row 1 (schema migration 10)");
      }
    }
  }

  /**
   * Locks the roll-up's batch row until the transaction ends and takes the next three batch
   * numbers: {@code batch} for the presentations, {@code batch + 1} the redemptions and {@code
   * batch + 2} the outcomes counted in it.
   */
  private static long lockBatch(Connection connection) throws SQLException {
    long last;
    try (PreparedStatement s =
            connection.prepareStatement(
                "select last_batch from report_rollup_batch where id = 1 for update");
        ResultSet row = s.executeQuery()) {
      if (!row.next()) {
        throw new SQLException("report_rollup_batch has no row 1 (schema migration 10)");
      }
      last = row.getLong(1);
    }
    try (PreparedStatement s =
        connection.prepareStatement("update report_rollup_batch set last_batch = ? where id = 1")) {
      s.setLong(1, last + 3);
      s.executeUpdate();
    }
    return last + 1;
  }

  /**
   * Counts the presentations, redemptions and outcomes of {@code scope} not counted yet, in the
   * connection's transaction (the caller commits).
   */
  private void count(Connection connection, long batch, Scope scope, Tally tally)
      throws SQLException {
    RollupDeltas deltas = new RollupDeltas();
    tally.presentations += countPresentations(connection, batch, scope, deltas);
    tally.redemptions += countRedemptions(connection, batch + 1, scope, deltas);
    countOutcomes(connection, batch + 2, scope, deltas);
    tally.outcomes += deltas.measured();
    tally.rows += deltas.apply(connection);
    tally.days.addAll(deltas.days());
  }

  /**
   * Step 1: state rows for the new presentations, and their counts (with their outcomes). The state
   * rows are inserted in tier 0 and then moved to their shopper's tier ({@link #pinTiers}), so that
   * the one statement over the new presentations reads nothing but them and their state and outcome
   * rows by key: with the purchases grouped in the same statement, MariaDB read every purchase of
   * the chain (or grouped a shopper's purchases once per presentation) in every refresh.
   */
  private int countPresentations(
      Connection connection, long batch, Scope scope, RollupDeltas deltas) throws SQLException {
    // outcome_batch: the batch where the outcome is there, else null (o.presentation_id is null)
    String sql =
        "insert into report_presentation_state (presentation_id, report_date, value_tier,"
            + " counted_batch, outcome_batch, counted_discount)"
            + " select p.id, cast(p.shown_at as date), 0, ?,"
            + " o.presentation_id - o.presentation_id + ?, 0"
            + " from presentation p"
            + " left join report_presentation_state s on s.presentation_id = p.id"
            + " left join presentation_outcome o on o.presentation_id = p.id"
            + " where "
            + scope.presentations("p")
            + " and s.presentation_id is null";
    int counted;
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      int i = 1;
      s.setLong(i++, batch);
      s.setLong(i++, batch);
      for (Object value : scope.presentationValues()) {
        s.setObject(i++, value);
      }
      counted = s.executeUpdate();
    }
    if (counted == 0) {
      return 0;
    }
    pinTiers(connection, batch, cutPoints.get());
    String counts = " count(*),";
    String newRows =
        " from report_presentation_state s join presentation p on p.id = s.presentation_id";
    String theirOutcomes =
        " left join presentation_outcome o on o.presentation_id = s.presentation_id"
            + " and s.outcome_batch = s.counted_batch";
    String ofBatch = " where s.counted_batch = ?";
    query(
        connection,
        "select "
            + STORE_DAY_KEY
            + ","
            + counts
            + OUTCOME_SUMS
            + NO_REDEMPTIONS
            + newRows
            + theirOutcomes
            + ofBatch
            + " group by "
            + STORE_DAY_KEY,
        deltas::addStoreDay,
        batch);
    query(
        connection,
        "select "
            + OFFER_DAY_KEY
            + ","
            + counts
            + OUTCOME_SUMS
            + NO_REDEMPTIONS
            + newRows
            + " join presentation_offer po on po.presentation_id = s.presentation_id"
            + theirOutcomes
            + ofBatch
            + " group by "
            + OFFER_DAY_KEY,
        deltas::addOfferDay,
        batch);
    query(
        connection,
        "select "
            + TERMINAL_DAY_KEY
            + ", count(*), 0"
            + newRows
            + ofBatch
            + " and p.terminal_id is not null group by "
            + TERMINAL_DAY_KEY,
        deltas::addTerminalDay,
        batch);
    return counted;
  }

  /**
   * Step 2: markers for the new redemptions of counted presentations, their counts and sums, the
   * correction of their presentations' counted net, and the discounts counted per presentation.
   */
  private static int countRedemptions(
      Connection connection, long batch, Scope scope, RollupDeltas deltas) throws SQLException {
    int counted;
    try (PreparedStatement s =
        connection.prepareStatement(
            "insert into report_counted_redemption (redemption_id, presentation_id, report_date,"
                + " counted_batch) select r.id, r.presentation_id, s.report_date, ? from "
                + scope.redemptionSource()
                + " join report_presentation_state s on s.presentation_id = r.presentation_id"
                + " where "
                + scope.redemptions()
                + " and not exists (select 1 from report_counted_redemption m"
                + " where m.redemption_id = r.id)")) {
      int i = 1;
      s.setLong(i++, batch);
      for (Object value : scope.redemptionValues()) {
        s.setObject(i++, value);
      }
      counted = s.executeUpdate();
    }
    if (counted == 0) {
      return 0;
    }
    String perPresentation =
        "(select m.presentation_id, count(*) n, sum(r.basket_amount) basket,"
            + " sum(r.discount_amount) discount from report_counted_redemption m"
            + " join redemption r on r.id = m.redemption_id where m.counted_batch = ?"
            + " group by m.presentation_id) x";
    String theirPresentations =
        " join report_presentation_state s on s.presentation_id = x.presentation_id"
            + " join presentation p on p.id = x.presentation_id";
    // where the outcome is counted, its net was revenue - D (D: the discounts counted before);
    // now it is revenue - D - x.discount
    String netCorrection =
        " coalesce(sum(case when s.outcome_batch is null then 0 else 0 - x.discount end), 0),"
            + " coalesce(sum(case when s.outcome_batch is null then 0 else"
            + " (o.revenue_amount - s.counted_discount - x.discount)"
            + " * (o.revenue_amount - s.counted_discount - x.discount)"
            + " - (o.revenue_amount - s.counted_discount)"
            + " * (o.revenue_amount - s.counted_discount) end), 0),";
    String theirOutcomes =
        " left join presentation_outcome o on o.presentation_id = x.presentation_id";
    query(
        connection,
        "select "
            + STORE_DAY_KEY
            + ", 0, 0, 0, 0, 0,"
            + netCorrection
            + " sum(x.n), sum(x.basket), sum(x.discount) from "
            + perPresentation
            + theirPresentations
            + theirOutcomes
            + " group by "
            + STORE_DAY_KEY,
        deltas::addStoreDay,
        batch);
    // an offer row counts the redemptions of that offer, and the net of every presentation that
    // showed it
    query(
        connection,
        "select "
            + OFFER_DAY_KEY
            + ", 0, 0, 0, 0, 0,"
            + netCorrection
            + " coalesce(sum(xo.n), 0), coalesce(sum(xo.basket), 0),"
            + " coalesce(sum(xo.discount), 0) from "
            + perPresentation
            + theirPresentations
            + " join presentation_offer po on po.presentation_id = x.presentation_id"
            + " left join (select m.presentation_id, r.offer_id, count(*) n,"
            + " sum(r.basket_amount) basket, sum(r.discount_amount) discount"
            + " from report_counted_redemption m join redemption r on r.id = m.redemption_id"
            + " where m.counted_batch = ? group by m.presentation_id, r.offer_id) xo"
            + " on xo.presentation_id = po.presentation_id and xo.offer_id = po.offer_id"
            + theirOutcomes
            + " group by "
            + OFFER_DAY_KEY,
        deltas::addOfferDay,
        batch,
        batch);
    query(
        connection,
        "select "
            + TERMINAL_DAY_KEY
            + ", 0, sum(x.n) from "
            + perPresentation
            + theirPresentations
            + " where p.terminal_id is not null group by "
            + TERMINAL_DAY_KEY,
        deltas::addTerminalDay,
        batch);
    List<Object[]> discounts = new ArrayList<>();
    query(
        connection,
        "select m.presentation_id, sum(r.discount_amount) from report_counted_redemption m"
            + " join redemption r on r.id = m.redemption_id where m.counted_batch = ?"
            + " group by m.presentation_id",
        rows -> {
          while (rows.next()) {
            discounts.add(new Object[] {rows.getBigDecimal(2), rows.getLong(1)});
          }
        },
        batch);
    updateState(
        connection,
        "update report_presentation_state set counted_discount = counted_discount + ?"
            + " where presentation_id = ?",
        discounts);
    return counted;
  }

  /** Step 3: the outcomes of counted presentations that are not counted yet. */
  private static void countOutcomes(
      Connection connection, long batch, Scope scope, RollupDeltas deltas) throws SQLException {
    List<Object[]> found = new ArrayList<>();
    query(
        connection,
        scope.outcomes(),
        rows -> {
          while (rows.next()) {
            found.add(new Object[] {batch, rows.getLong(1)});
          }
        },
        scope.outcomeValues().toArray());
    if (found.isEmpty()) {
      return;
    }
    updateState(
        connection,
        "update report_presentation_state set outcome_batch = ?"
            + " where presentation_id = ? and outcome_batch is null",
        found);
    String counted =
        " from report_presentation_state s join presentation p on p.id = s.presentation_id"
            + " join presentation_outcome o on o.presentation_id = s.presentation_id";
    String ofBatch = " where s.outcome_batch = ?";
    query(
        connection,
        "select "
            + STORE_DAY_KEY
            + ", 0,"
            + OUTCOME_SUMS
            + NO_REDEMPTIONS
            + counted
            + ofBatch
            + " group by "
            + STORE_DAY_KEY,
        deltas::addStoreDay,
        batch);
    query(
        connection,
        "select "
            + OFFER_DAY_KEY
            + ", 0,"
            + OUTCOME_SUMS
            + NO_REDEMPTIONS
            + counted
            + " join presentation_offer po on po.presentation_id = s.presentation_id"
            + ofBatch
            + " group by "
            + OFFER_DAY_KEY,
        deltas::addOfferDay,
        batch);
  }

  /**
   * Runs {@code sql} (a batched update or delete of the roll-up's own rows by id) once per row of
   * values.
   */
  private static void updateState(Connection connection, String sql, List<Object[]> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      int pending = 0;
      for (Object[] values : rows) {
        for (int i = 0; i < values.length; i++) {
          s.setObject(i + 1, values[i]);
        }
        s.addBatch();
        if (++pending == 1_000) {
          s.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        s.executeBatch();
      }
    }
  }

  /** What reads a query's rows. */
  @FunctionalInterface
  private interface Rows {
    void read(ResultSet rows) throws SQLException;
  }

  private static void query(Connection connection, String sql, Rows reader, Object... values)
      throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        s.setObject(i + 1, values[i]);
      }
      try (ResultSet rows = s.executeQuery()) {
        reader.read(rows);
      }
    }
  }

  /**
   * Where a batch looks for new rows: SQL conditions on the presentations (given their alias), on
   * the redemptions {@code r} (from {@link #redemptionSource()}), and the query of the counted
   * presentations whose outcome is there but not counted, with their parameter values.
   */
  private record Scope(
      String presentationCondition,
      List<Object> presentationValues,
      String redemptionSource,
      String redemptions,
      List<Object> redemptionValues,
      String outcomes,
      List<Object> outcomeValues) {

    /** Rows written (or outcomes measured) from the given times on. */
    static Scope since(
        LocalDateTime presentations, LocalDateTime redemptions, LocalDateTime outcomes) {
      return new Scope(
          "%s.written_at >= ?",
          List.of(Timestamp.valueOf(presentations)),
          "redemption r",
          "r.written_at >= ?",
          List.of(Timestamp.valueOf(redemptions)),
          "select o.presentation_id from presentation_outcome o"
              + " join report_presentation_state s on s.presentation_id = o.presentation_id"
              + " where o.measured_at >= ? and s.outcome_batch is null",
          List.of(Timestamp.valueOf(outcomes)));
    }

    /** The presentations shown on a day, with their redemptions and outcomes. */
    static Scope day(LocalDate day) {
      Timestamp start = Timestamp.valueOf(day.atStartOfDay());
      Timestamp end = Timestamp.valueOf(day.plusDays(1).atStartOfDay());
      return new Scope(
          "%1$s.shown_at >= ? and %1$s.shown_at < ?",
          List.of(start, end),
          "redemption r join presentation rp on rp.id = r.presentation_id",
          "rp.shown_at >= ? and rp.shown_at < ?",
          List.of(start, end),
          "select s.presentation_id from report_presentation_state s"
              + " join presentation_outcome o on o.presentation_id = s.presentation_id"
              + " where s.report_date = ? and s.outcome_batch is null",
          List.of(day));
    }

    String presentations(String alias) {
      return String.format(presentationCondition, alias);
    }
  }

  /** What the batches of one refresh counted. */
  private static final class Tally {
    private long presentations;
    private long redemptions;
    private long outcomes;
    private int rows;
    private long pruned;
    private long redemptionsOfSettledDays;
    private final TreeSet<LocalDate> days = new TreeSet<>();

    /** The result, from the first day counted or {@code otherwise} when none was. */
    RollupResult result(long measured, LocalDate otherwise) {
      return new RollupResult(
          days.isEmpty() ? otherwise : days.first(),
          measured,
          presentations,
          redemptions,
          outcomes,
          days.size(),
          rows,
          pruned,
          redemptionsOfSettledDays);
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

  /**
   * Shoppers whose purchases one query of {@link #pinTiers} sums, and state rows one update moves.
   */
  static final int TIER_CHUNK = 500;

  /**
   * Moves the state rows of {@code batch} (inserted in tier 0) to their shopper's value tier now:
   * the RFM monetary quintile of the shopper's net spend, every purchase with returns deducted
   * ({@link RfmCutPoints#monetaryScore}); 0 for a presentation without a shopper, a shopper without
   * purchases, and everyone before cut points exist. Reads the batch's presentations by its state
   * rows, then the purchases of its distinct shoppers by {@code ix_purchase_shopper_time}, {@link
   * #TIER_CHUNK} shoppers a query, and updates the state rows by key, a chunk of one tier a
   * statement.
   */
  private static void pinTiers(Connection connection, long batch, RfmCutPoints cutPoints)
      throws SQLException {
    if (cutPoints.netSpendBounds().isEmpty()) {
      return;
    }
    Map<Long, List<Long>> presentationsByShopper = new HashMap<>();
    query(
        connection,
        "select s.presentation_id, p.shopper_id from report_presentation_state s"
            + " join presentation p on p.id = s.presentation_id"
            + " where s.counted_batch = ? and p.shopper_id is not null",
        rows -> {
          while (rows.next()) {
            presentationsByShopper
                .computeIfAbsent(rows.getLong(2), k -> new ArrayList<>())
                .add(rows.getLong(1));
          }
        },
        batch);
    List<Long> shoppers = new ArrayList<>(presentationsByShopper.keySet());
    Map<Integer, List<Long>> presentationsByTier = new TreeMap<>();
    for (int from = 0; from < shoppers.size(); from += TIER_CHUNK) {
      List<Long> chunk = shoppers.subList(from, Math.min(shoppers.size(), from + TIER_CHUNK));
      query(
          connection,
          "select shopper_id, sum(total_amount) from purchase where shopper_id in ("
              + placeholders(chunk.size())
              + ") group by shopper_id",
          rows -> {
            while (rows.next()) {
              int tier = cutPoints.monetaryScore(rows.getBigDecimal(2));
              presentationsByTier
                  .computeIfAbsent(tier, k -> new ArrayList<>())
                  .addAll(presentationsByShopper.get(rows.getLong(1)));
            }
          },
          chunk.toArray());
    }
    for (Map.Entry<Integer, List<Long>> tier : presentationsByTier.entrySet()) {
      List<Long> ids = tier.getValue();
      for (int from = 0; from < ids.size(); from += TIER_CHUNK) {
        List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + TIER_CHUNK));
        try (PreparedStatement s =
            connection.prepareStatement(
                "update report_presentation_state set value_tier = ? where presentation_id in ("
                    + placeholders(chunk.size())
                    + ")")) {
          s.setInt(1, tier.getKey());
          for (int i = 0; i < chunk.size(); i++) {
            s.setLong(i + 2, chunk.get(i));
          }
          s.executeUpdate();
        }
      }
    }
  }

  private static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  /**
   * What one refresh did.
   *
   * @param from the first day with something counted (when none was: today for {@link
   *     #refreshRecent()}, the day asked for by {@link #refresh(LocalDate)})
   * @param outcomesMeasured presentations whose outcome was measured now
   * @param presentationsCounted presentations counted now (new, or of days counted again)
   * @param redemptionsCounted redemptions counted now
   * @param outcomesCounted outcomes counted now
   * @param daysTouched days whose roll-up rows changed (or were counted again)
   * @param rowsWritten roll-up rows added to or inserted, in all six tables
   * @param countedRowsPruned state rows and redemption markers of settled days deleted
   * @param redemptionsOfSettledDays redemptions written since the last refresh that it could not
   *     count because their presentation's day had settled (logged; {@code reports refresh --from}
   *     counts them)
   */
  public record RollupResult(
      LocalDate from,
      long outcomesMeasured,
      long presentationsCounted,
      long redemptionsCounted,
      long outcomesCounted,
      int daysTouched,
      int rowsWritten,
      long countedRowsPruned,
      long redemptionsOfSettledDays) {}
}
