package org.tailor.server.reports;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.sql.DataSource;
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
 *   <li><b>Roll-ups.</b> The days from a given date on are recomputed into {@code report_day} and
 *       {@code report_offer_day} (delete and insert in one transaction), with counts, sums and sums
 *       of squares so that rates, means and Welch intervals follow without the raw rows.
 * </ol>
 *
 * The SQL is shown in {@code docs/reports.md}; it runs on MariaDB and on H2 in MariaDB mode.
 */
public final class ReportRollup {

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

  private static final String REDEMPTIONS_BY_PRESENTATION =
      "(select presentation_id, count(*) n, sum(basket_amount) basket,"
          + " sum(discount_amount) discount from redemption"
          + " where presentation_id is not null and redeemed_at >= ? group by presentation_id)";

  private static final String OUTCOME_SUMS =
      " count(o.presentation_id), sum(case when o.responded then 1 else 0 end),"
          + " coalesce(sum(o.revenue_amount), 0),"
          + " coalesce(sum(o.revenue_amount * o.revenue_amount), 0),"
          + " coalesce(sum(o.revenue_amount - coalesce(r.discount, 0)), 0),"
          + " coalesce(sum((o.revenue_amount - coalesce(r.discount, 0))"
          + " * (o.revenue_amount - coalesce(r.discount, 0))), 0),";

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
   * Measures the outcomes whose window has closed and recomputes the roll-ups of the days a fresh
   * measurement or a new presentation can have changed: from one window (plus a day) ago.
   */
  public RollupResult refreshRecent() {
    LocalDate from =
        LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(attributionDays() + 1);
    return refresh(from);
  }

  /** Measures outcomes of presentations shown on or after {@code from} and rebuilds its days. */
  public RollupResult refresh(LocalDate from) {
    Instant now = clock.instant();
    Timestamp fromTs = Timestamp.valueOf(from.atStartOfDay());
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        long measured;
        try (PreparedStatement s = connection.prepareStatement(OUTCOMES)) {
          s.setTimestamp(1, Timestamp.valueOf(LocalDateTime.ofInstant(now, ZoneOffset.UTC)));
          s.setLong(2, attributionDays());
          s.setTimestamp(3, fromTs);
          s.setTimestamp(
              4,
              Timestamp.valueOf(
                  LocalDateTime.ofInstant(now.minus(attributionWindow), ZoneOffset.UTC)));
          measured = s.executeUpdate();
        }
        connection.commit();
        int days = rebuildDays(connection, from, fromTs);
        int offerDays = rebuildOfferDays(connection, from, fromTs);
        connection.commit();
        return new RollupResult(from, measured, days, offerDays);
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the report roll-up from " + from + " failed", e);
    }
  }

  private int rebuildDays(Connection connection, LocalDate from, Timestamp fromTs)
      throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement("delete from report_day where report_date >= ?")) {
      s.setObject(1, from);
      s.executeUpdate();
    }
    List<BigDecimal> bounds = cutPoints.get().netSpendBounds();
    String tier = tierExpression(bounds);
    String sql =
        "insert into report_day (report_date, store_id, terminal_id, campaign_id, holdout,"
            + " value_tier, presentations, measured, responders, revenue_sum, revenue_sq_sum,"
            + " net_sum, net_sq_sum, redemptions, redeemed_basket_sum, discount_sum)"
            + " select cast(p.shown_at as date), p.store_id, p.terminal_id, p.campaign_id,"
            + " p.holdout, coalesce(t.tier, 0), count(*),"
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
            + " where shopper_id in (select shopper_id from presentation where shown_at >= ?)"
            + " group by shopper_id) t on t.shopper_id = p.shopper_id"
            + " where p.shown_at >= ?"
            + " group by cast(p.shown_at as date), p.store_id, p.terminal_id, p.campaign_id,"
            + " p.holdout, coalesce(t.tier, 0)";
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      int i = 1;
      s.setTimestamp(i++, fromTs);
      for (BigDecimal bound : bounds) {
        s.setBigDecimal(i++, bound);
      }
      s.setTimestamp(i++, fromTs);
      s.setTimestamp(i++, fromTs);
      return s.executeUpdate();
    }
  }

  private static int rebuildOfferDays(Connection connection, LocalDate from, Timestamp fromTs)
      throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement("delete from report_offer_day where report_date >= ?")) {
      s.setObject(1, from);
      s.executeUpdate();
    }
    String sql =
        "insert into report_offer_day (report_date, store_id, offer_id, campaign_id, shown,"
            + " measured, responders, revenue_sum, revenue_sq_sum, net_sum, net_sq_sum,"
            + " redemptions, redeemed_basket_sum, discount_sum)"
            + " select cast(p.shown_at as date), p.store_id, po.offer_id, f.campaign_id, count(*),"
            + OUTCOME_SUMS
            + " coalesce(sum(ro.n), 0), coalesce(sum(ro.basket), 0),"
            + " coalesce(sum(ro.discount), 0)"
            + " from presentation p"
            + " join presentation_offer po on po.presentation_id = p.id"
            + " join offer f on f.id = po.offer_id"
            + " left join presentation_outcome o on o.presentation_id = p.id"
            + " left join "
            + REDEMPTIONS_BY_PRESENTATION
            + " r on r.presentation_id = p.id"
            + " left join (select presentation_id, offer_id, count(*) n, sum(basket_amount) basket,"
            + " sum(discount_amount) discount from redemption"
            + " where presentation_id is not null and redeemed_at >= ?"
            + " group by presentation_id, offer_id) ro"
            + " on ro.presentation_id = p.id and ro.offer_id = po.offer_id"
            + " where p.shown_at >= ?"
            + " group by cast(p.shown_at as date), p.store_id, po.offer_id, f.campaign_id";
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      s.setTimestamp(1, fromTs);
      s.setTimestamp(2, fromTs);
      s.setTimestamp(3, fromTs);
      return s.executeUpdate();
    }
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
   * @param from the first day rebuilt
   * @param outcomesMeasured presentations whose outcome was measured now
   * @param dayRows rows written to {@code report_day}
   * @param offerDayRows rows written to {@code report_offer_day}
   */
  public record RollupResult(
      LocalDate from, long outcomesMeasured, int dayRows, int offerDayRows) {}
}
