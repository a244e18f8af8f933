package org.tailor.server.reports;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.tailor.server.access.StoreScope;

/**
 * The report figures, each one aggregate query over the coarsest roll-up that answers it and never
 * over the raw presentations: chain-wide pages read {@code report_chain_day} and {@code
 * report_offer_chain_day}, pages limited to some stores {@code report_store_day} and {@code
 * report_offer_day}, the stores page {@code report_store_arm_day} and the terminals table {@code
 * report_terminal_day} (see {@link ReportRollup}). Lists are paginated in the database. The queries
 * are reproduced in {@code docs/reports.md}.
 */
public final class ReportQueries {

  static final String TREATMENT = ArmTotals.sums("presentations", "holdout = false");
  static final String HOLDOUT = ArmTotals.sums("presentations", "holdout = true");
  private static final String Z95 = "1.959963985";

  private final DataSource dataSource;
  private final double confidence;
  private final long minimumHoldout;

  /**
   * @param confidence the level of every interval, such as 0.95
   * @param minimumHoldout measured holdout presentations below which a report warns
   */
  public ReportQueries(DataSource dataSource, double confidence, long minimumHoldout) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.confidence = confidence;
    this.minimumHoldout = minimumHoldout;
  }

  /** The latest day with presentations in the roll-up, among the stores in scope. */
  public Optional<LocalDate> latestDay(StoreScope scope) {
    ReportFilter filter =
        new ReportFilter(
            LocalDate.of(1970, 1, 1), LocalDate.of(9999, 12, 31), Optional.empty(), scope);
    ReportFilter.SqlCondition where = filter.condition("");
    return query(
            "select max(report_date) from "
                + (scope.everyStore() ? "report_chain_day" : "report_store_day")
                + " where "
                + where.sql(),
            where.parameters(),
            row -> Optional.ofNullable(row.getObject(1, LocalDate.class)))
        .get(0);
  }

  /** Everything shown against everything held out. */
  public Uplift total(ReportFilter filter) {
    ReportFilter.SqlCondition where = filter.condition("");
    return query(
            "select "
                + TREATMENT
                + ", "
                + HOLDOUT
                + " from "
                + days(filter)
                + " where "
                + where.sql(),
            where.parameters(),
            row -> compare(ArmTotals.read(row, 1), ArmTotals.read(row, 11)))
        .get(0);
  }

  /** The same, day by day (days without presentations are left out). */
  public List<ComparedRow> byDay(ReportFilter filter) {
    ReportFilter.SqlCondition where = filter.condition("");
    return query(
        "select report_date, "
            + TREATMENT
            + ", "
            + HOLDOUT
            + " from "
            + days(filter)
            + " where "
            + where.sql()
            + " group by report_date order by report_date",
        where.parameters(),
        row -> {
          String day = row.getObject(1, LocalDate.class).toString();
          return new ComparedRow(
              day, day, day, compare(ArmTotals.read(row, 2), ArmTotals.read(row, 12)));
        });
  }

  /** Stores in scope with what their presentations did, by store code. */
  public Page<ComparedRow> stores(ReportFilter filter, int page, int size) {
    ReportFilter.SqlCondition where = filter.condition("d");
    long total =
        query(
                "select count(distinct d.store_id) from report_store_arm_day d where "
                    + where.sql(),
                where.parameters(),
                row -> row.getLong(1))
            .get(0);
    List<Object> parameters = new ArrayList<>(where.parameters());
    Page<ComparedRow> shape = new Page<>(List.of(), page, size, total);
    parameters.add(size);
    parameters.add(shape.offset());
    List<ComparedRow> rows =
        query(
            "select s.id, s.code, s.name, a.* from (select d.store_id, "
                + TREATMENT
                + ", "
                + HOLDOUT
                + " from report_store_arm_day d where "
                + where.sql()
                + " group by d.store_id) a join store s on s.id = a.store_id"
                + " order by s.code limit ? offset ?",
            parameters,
            row ->
                new ComparedRow(
                    String.valueOf(row.getLong(1)),
                    row.getString(2),
                    row.getString(3),
                    compare(ArmTotals.read(row, 5), ArmTotals.read(row, 15))));
    return new Page<>(rows, page, size, total);
  }

  /** The shopper value tiers (RFM monetary quintile, 0 = unknown), tier by tier. */
  public List<ComparedRow> tiers(ReportFilter filter) {
    ReportFilter.SqlCondition where = filter.condition("");
    return query(
        "select value_tier, "
            + TREATMENT
            + ", "
            + HOLDOUT
            + " from "
            + days(filter)
            + " where "
            + where.sql()
            + " group by value_tier order by value_tier desc",
        where.parameters(),
        row -> {
          String tier = String.valueOf(row.getInt(1));
          return new ComparedRow(
              tier, tier, tier, compare(ArmTotals.read(row, 2), ArmTotals.read(row, 12)));
        });
  }

  /** Campaigns with a treatment or holdout in the period, by code. */
  public Page<ComparedRow> campaigns(ReportFilter filter, int page, int size) {
    ReportFilter.SqlCondition where = filter.condition("d");
    String condition = where.sql() + " and d.campaign_id is not null";
    long total =
        query(
                "select count(distinct d.campaign_id) from "
                    + days(filter)
                    + " d where "
                    + condition,
                where.parameters(),
                row -> row.getLong(1))
            .get(0);
    List<Object> parameters = new ArrayList<>(where.parameters());
    Page<ComparedRow> shape = new Page<>(List.of(), page, size, total);
    parameters.add(size);
    parameters.add(shape.offset());
    List<ComparedRow> rows =
        query(
            "select c.id, c.code, c.name, a.* from (select d.campaign_id, "
                + TREATMENT
                + ", "
                + HOLDOUT
                + " from "
                + days(filter)
                + " d where "
                + condition
                + " group by d.campaign_id) a join campaign c on c.id = a.campaign_id"
                + " order by c.code limit ? offset ?",
            parameters,
            row ->
                new ComparedRow(
                    String.valueOf(row.getLong(1)),
                    row.getString(2),
                    row.getString(3),
                    compare(ArmTotals.read(row, 5), ArmTotals.read(row, 15))));
    return new Page<>(rows, page, size, total);
  }

  /**
   * Offers shown in the period, each against its campaign's holdout in the same stores and days.
   */
  public Page<ComparedRow> offers(ReportFilter filter, OfferOrder order, int page, int size) {
    ReportFilter.SqlCondition offerWhere = filter.condition("o");
    long total =
        query(
                "select count(distinct o.offer_id) from "
                    + offerDays(filter)
                    + " o where "
                    + offerWhere.sql(),
                offerWhere.parameters(),
                row -> row.getLong(1))
            .get(0);
    Page<ComparedRow> shape = new Page<>(List.of(), page, size, total);
    String orderBy =
        switch (order) {
          case SHOWN -> "t.a_shown desc, t.code";
          case TOP -> "coalesce(t.lower_bound, -2) desc, t.code";
          case WORST -> "coalesce(t.upper_bound, 2) asc, t.code";
        };
    return new Page<>(
        offerRows(filter, Optional.empty(), orderBy, size, shape.offset()), page, size, total);
  }

  /** One offer against its campaign's holdout; empty when it was not shown in the period. */
  public Optional<ComparedRow> offer(ReportFilter filter, long offerId) {
    List<ComparedRow> rows = offerRows(filter, Optional.of(offerId), "t.code", 1, 0);
    return rows.stream().findFirst();
  }

  /** The code, name and campaign of an offer, whether or not it was shown. */
  public Optional<String[]> offerIdentity(long offerId) {
    return query(
            "select f.code, f.name, c.code from offer f left join campaign c"
                + " on c.id = f.campaign_id where f.id = ?",
            List.of(offerId),
            row -> new String[] {row.getString(1), row.getString(2), row.getString(3)})
        .stream()
        .findFirst();
  }

  /** One offer day by day against its campaign's holdout on the same days. */
  public List<ComparedRow> offerByDay(ReportFilter filter, long offerId) {
    ReportFilter.SqlCondition offerWhere = filter.condition("o");
    ReportFilter.SqlCondition dayWhere = filter.condition("d");
    List<Object> parameters = new ArrayList<>(offerWhere.parameters());
    parameters.add(offerId);
    parameters.addAll(dayWhere.parameters());
    parameters.add(offerId);
    return query(
        "select a.report_date, a.*, h.* from (select o.report_date, "
            + ArmTotals.sums("shown", "1 = 1")
            + " from "
            + offerDays(filter)
            + " o where "
            + offerWhere.sql()
            + " and o.offer_id = ? group by o.report_date) a left join (select d.report_date, "
            + HOLDOUT
            + " from "
            + days(filter)
            + " d where "
            + dayWhere.sql()
            + " and d.campaign_id = (select campaign_id from offer where id = ?)"
            + " group by d.report_date) h on h.report_date = a.report_date"
            + " order by a.report_date",
        parameters,
        row -> {
          String day = row.getObject(1, LocalDate.class).toString();
          ArmTotals holdout = row.getObject(14) == null ? ArmTotals.EMPTY : ArmTotals.read(row, 14);
          return new ComparedRow(day, day, day, compare(ArmTotals.read(row, 3), holdout));
        });
  }

  /**
   * The terminals of the stores in scope (or of one store), those that stopped reporting first.
   *
   * @param staleBefore a terminal not seen since this moment has stopped reporting
   */
  public Page<TerminalHealth> terminals(
      ReportFilter filter, Instant staleBefore, int page, int size) {
    StringBuilder where = new StringBuilder("1 = 1");
    List<Object> parameters = new ArrayList<>();
    if (filter.storeId().isPresent()) {
      where.append(" and t.store_id = ?");
      parameters.add(filter.storeId().get());
    }
    if (!filter.scope().everyStore()) {
      if (filter.scope().storeIds().isEmpty()) {
        where.append(" and 1 = 0");
      } else {
        where.append(" and t.store_id in (");
        boolean first = true;
        for (Long id : filter.scope().storeIds()) {
          where.append(first ? "?" : ", ?");
          parameters.add(id);
          first = false;
        }
        where.append(")");
      }
    }
    long total =
        query("select count(*) from terminal t where " + where, parameters, row -> row.getLong(1))
            .get(0);
    Page<TerminalHealth> shape = new Page<>(List.of(), page, size, total);
    Timestamp stale = Timestamp.valueOf(LocalDateTime.ofInstant(staleBefore, ZoneOffset.UTC));
    List<Object> all = new ArrayList<>();
    all.add(stale);
    all.add(filter.from());
    all.add(filter.to());
    all.addAll(parameters);
    all.add(size);
    all.add(shape.offset());
    List<TerminalHealth> rows =
        query(
            "select t.id, t.code, t.name, t.last_seen_at, t.last_status,"
                + " case when t.last_seen_at is null or t.last_seen_at < ? then 1 else 0 end stale,"
                + " coalesce(d.presentations, 0), coalesce(d.redemptions, 0)"
                + " from terminal t left join (select terminal_id, sum(presentations)"
                + " presentations, sum(redemptions) redemptions from report_terminal_day"
                + " where report_date between ? and ? group by terminal_id) d"
                + " on d.terminal_id = t.id where "
                + where
                + " order by stale desc, t.code limit ? offset ?",
            all,
            row -> {
              Timestamp seen = row.getTimestamp(4);
              return new TerminalHealth(
                  row.getLong(1),
                  row.getString(2),
                  row.getString(3),
                  Optional.ofNullable(seen)
                      .map(ts -> ts.toLocalDateTime().toInstant(ZoneOffset.UTC)),
                  Optional.ofNullable(row.getString(5)),
                  row.getInt(6) == 1,
                  row.getLong(7),
                  row.getLong(8));
            });
    return new Page<>(rows, page, size, total);
  }

  /** The stores a reader may see, by code, as {@code {id, code, name}}. */
  public List<String[]> visibleStores(StoreScope scope, int limit) {
    StringBuilder where = new StringBuilder("1 = 1");
    List<Object> parameters = new ArrayList<>();
    if (!scope.everyStore()) {
      where.append(" and id in (-1");
      for (Long id : scope.storeIds()) {
        where.append(", ?");
        parameters.add(id);
      }
      where.append(")");
    }
    parameters.add(limit);
    return query(
        "select id, code, name from store where " + where + " order by code limit ?",
        parameters,
        row -> new String[] {String.valueOf(row.getLong(1)), row.getString(2), row.getString(3)});
  }

  private List<ComparedRow> offerRows(
      ReportFilter filter, Optional<Long> offerId, String orderBy, int limit, long offset) {
    ReportFilter.SqlCondition offerWhere = filter.condition("o");
    ReportFilter.SqlCondition dayWhere = filter.condition("d");
    List<Object> parameters = new ArrayList<>(offerWhere.parameters());
    offerId.ifPresent(parameters::add);
    parameters.addAll(dayWhere.parameters());
    parameters.add(limit);
    parameters.add(offset);
    String p1 = "(a_responders * 1.0 / a_measured)";
    String p0 = "(h_responders * 1.0 / h_measured)";
    String se =
        "sqrt("
            + p1
            + " * (1 - "
            + p1
            + ") / a_measured + "
            + p0
            + " * (1 - "
            + p0
            + ") / h_measured)";
    String valid = "a_measured >= 2 and h_measured >= 2";
    return query(
        "select t.* from (select f.id, f.code, f.name, a.*, h.*,"
            + " case when "
            + valid
            + " then "
            + p1
            + " - "
            + p0
            + " - "
            + Z95
            + " * "
            + se
            + " end lower_bound,"
            + " case when "
            + valid
            + " then "
            + p1
            + " - "
            + p0
            + " + "
            + Z95
            + " * "
            + se
            + " end upper_bound"
            + " from (select o.offer_id, max(o.campaign_id) campaign_id, "
            + renamed(ArmTotals.sums("shown", "1 = 1"), "a")
            + " from "
            + offerDays(filter)
            + " o where "
            + offerWhere.sql()
            + offerId.map(id -> " and o.offer_id = ?").orElse("")
            + " group by o.offer_id) a join offer f on f.id = a.offer_id"
            + " left join (select d.campaign_id h_campaign_id, "
            + renamed(HOLDOUT, "h")
            + " from "
            + days(filter)
            + " d where "
            + dayWhere.sql()
            + " and d.campaign_id is not null group by d.campaign_id) h"
            + " on h.h_campaign_id = a.campaign_id) t order by "
            + orderBy
            + " limit ? offset ?",
        parameters,
        row -> {
          ArmTotals treatment = ArmTotals.read(row, 6);
          ArmTotals holdout = row.getObject(16) == null ? ArmTotals.EMPTY : ArmTotals.read(row, 17);
          return new ComparedRow(
              String.valueOf(row.getLong(1)),
              row.getString(2),
              row.getString(3),
              compare(treatment, holdout));
        });
  }

  /** Gives the ten sums the names {@code prefix_shown}, {@code prefix_measured}, … */
  private static String renamed(String sums, String prefix) {
    String[] names = {
      "shown",
      "measured",
      "responders",
      "revenue",
      "revenue_sq",
      "net",
      "net_sq",
      "redemptions",
      "basket",
      "discount"
    };
    String[] parts = sums.split(", (?=coalesce)");
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        sql.append(", ");
      }
      sql.append(parts[i]).append(' ').append(prefix).append('_').append(names[i]);
    }
    return sql.toString();
  }

  /**
   * The day roll-up that answers {@code filter}: the chain-wide one when the reader sees every
   * store and chose none, else the one by store.
   */
  static String days(ReportFilter filter) {
    return chainWide(filter) ? "report_chain_day" : "report_store_day";
  }

  /** The offer roll-up that answers {@code filter}, chosen as {@link #days}. */
  static String offerDays(ReportFilter filter) {
    return chainWide(filter) ? "report_offer_chain_day" : "report_offer_day";
  }

  private static boolean chainWide(ReportFilter filter) {
    return filter.scope().everyStore() && filter.storeId().isEmpty();
  }

  private Uplift compare(ArmTotals treatment, ArmTotals holdout) {
    return Uplift.compare(treatment, holdout, confidence, minimumHoldout);
  }

  @FunctionalInterface
  private interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  private <T> List<T> query(String sql, List<Object> parameters, RowMapper<T> mapper) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.size(); i++) {
        statement.setObject(i + 1, parameters.get(i));
      }
      List<T> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(mapper.map(result));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("report query failed: " + sql, e);
    }
  }
}
