package org.tailor.server.reports;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one roll-up batch adds to the roll-up tables: sums per row of {@code report_store_day},
 * {@code report_offer_day} and {@code report_terminal_day}, read from grouped delta queries, from
 * which the coarser tables' deltas follow by summing ({@code report_chain_day}, {@code
 * report_store_arm_day}, {@code report_offer_chain_day}), as a full rebuild derives them.
 *
 * <p>A delta is applied by adding it to the row it belongs to, or inserting that row when there is
 * none: {@code update ... set x = x + ?}, which runs alike on MariaDB and H2. Batched updates on
 * MariaDB's bulk protocol do not tell how many rows each matched, so the keys already there are
 * read first (a query per table and day) and the updates and the inserts then go in JDBC batches:
 * one statement at a time, a refresh spent some 20 s of round trips on the 27,000 rows a day of 200
 * stores touches. The deltas of a batch are grouped, so a refresh writes a row per group touched,
 * not per presentation.
 */
final class RollupDeltas {

  /**
   * The sum columns of every roll-up table, in the order of every delta query's sums, of {@link
   * Sums} and of {@link ArmTotals}' fields after the count ({@link ArmTotals#sums}).
   */
  static final List<String> SUM_COLUMNS =
      List.of(
          "measured",
          "responders",
          "revenue_sum",
          "revenue_sq_sum",
          "net_sum",
          "net_sq_sum",
          "redemptions",
          "redeemed_basket_sum",
          "discount_sum");

  private final Map<List<Object>, Sums> storeDay = new LinkedHashMap<>();
  private final Map<List<Object>, Sums> offerDay = new LinkedHashMap<>();
  private final Map<List<Object>, long[]> terminalDay = new LinkedHashMap<>();

  /**
   * Adds the rows of a store-day delta query: report_date, store_id, campaign_id, holdout,
   * value_tier, presentations, then the {@link #SUM_COLUMNS}.
   */
  void addStoreDay(ResultSet rows) throws SQLException {
    while (rows.next()) {
      List<Object> key =
          Arrays.asList(
              rows.getObject(1, LocalDate.class),
              rows.getLong(2),
              nullableLong(rows, 3),
              rows.getBoolean(4),
              rows.getInt(5));
      storeDay.computeIfAbsent(key, k -> new Sums()).add(rows, 6);
    }
  }

  /**
   * Adds the rows of an offer-day delta query: report_date, store_id, offer_id, shown, then the
   * {@link #SUM_COLUMNS}.
   */
  void addOfferDay(ResultSet rows) throws SQLException {
    while (rows.next()) {
      List<Object> key =
          Arrays.asList(rows.getObject(1, LocalDate.class), rows.getLong(2), rows.getLong(3));
      offerDay.computeIfAbsent(key, k -> new Sums()).add(rows, 4);
    }
  }

  /**
   * Adds the rows of a terminal-day delta query: report_date, store_id, terminal_id, presentations,
   * redemptions.
   */
  void addTerminalDay(ResultSet rows) throws SQLException {
    while (rows.next()) {
      List<Object> key =
          Arrays.asList(rows.getObject(1, LocalDate.class), rows.getLong(2), rows.getLong(3));
      long[] sums = terminalDay.computeIfAbsent(key, k -> new long[2]);
      sums[0] += rows.getLong(4);
      sums[1] += rows.getLong(5);
    }
  }

  /** The outcomes counted: the sum of the store-day deltas' {@code measured}. */
  long measured() {
    return storeDay.values().stream().mapToLong(s -> s.measured).sum();
  }

  /** The days with a delta that is not zero. */
  Set<LocalDate> days() {
    Set<LocalDate> days = new TreeSet<>();
    storeDay.forEach((key, sums) -> addDay(days, key, !sums.isZero()));
    offerDay.forEach((key, sums) -> addDay(days, key, !sums.isZero()));
    terminalDay.forEach((key, sums) -> addDay(days, key, sums[0] != 0 || sums[1] != 0));
    return days;
  }

  private static void addDay(Set<LocalDate> days, List<Object> key, boolean changed) {
    if (changed) {
      days.add((LocalDate) key.get(0));
    }
  }

  /**
   * Adds every delta to its row in the six roll-up tables; returns the rows written. An offer row
   * carries the offer's campaign (the campaign it has now, as a full rebuild would write).
   */
  int apply(Connection connection) throws SQLException {
    Map<List<Object>, Sums> offerDayWithCampaigns = withCampaigns(connection);
    Map<List<Object>, Sums> chainDay = new LinkedHashMap<>();
    Map<List<Object>, Sums> storeArmDay = new LinkedHashMap<>();
    storeDay.forEach(
        (k, sums) -> {
          chainDay
              .computeIfAbsent(
                  Arrays.asList(k.get(0), k.get(2), k.get(3), k.get(4)), x -> new Sums())
              .add(sums);
          storeArmDay
              .computeIfAbsent(Arrays.asList(k.get(0), k.get(1), k.get(3)), x -> new Sums())
              .add(sums);
        });
    Map<List<Object>, Sums> offerChainDay = new LinkedHashMap<>();
    offerDayWithCampaigns.forEach(
        (k, sums) ->
            offerChainDay
                .computeIfAbsent(Arrays.asList(k.get(0), k.get(2), k.get(3)), x -> new Sums())
                .add(sums));
    int written = 0;
    written +=
        applySums(
            connection,
            "report_store_day",
            List.of("report_date", "store_id", "campaign_id", "holdout", "value_tier"),
            5,
            "presentations",
            storeDay);
    written +=
        applySums(
            connection,
            "report_chain_day",
            List.of("report_date", "campaign_id", "holdout", "value_tier"),
            4,
            "presentations",
            chainDay);
    written +=
        applySums(
            connection,
            "report_store_arm_day",
            List.of("report_date", "store_id", "holdout"),
            3,
            "presentations",
            storeArmDay);
    // a store's offer row is one per day (its primary key); the campaign is the offer's
    written +=
        applySums(
            connection,
            "report_offer_day",
            List.of("report_date", "store_id", "offer_id", "campaign_id"),
            3,
            "shown",
            offerDayWithCampaigns);
    written +=
        applySums(
            connection,
            "report_offer_chain_day",
            List.of("report_date", "offer_id", "campaign_id"),
            3,
            "shown",
            offerChainDay);
    Map<List<Object>, List<Object>> terminalRows = new LinkedHashMap<>();
    for (Map.Entry<List<Object>, long[]> delta : terminalDay.entrySet()) {
      long[] sums = delta.getValue();
      if (sums[0] != 0 || sums[1] != 0) {
        terminalRows.put(delta.getKey(), List.of(sums[0], sums[1]));
      }
    }
    written +=
        applyRows(
            connection,
            "report_terminal_day",
            List.of("report_date", "store_id", "terminal_id"),
            3,
            List.of("presentations", "redemptions"),
            terminalRows);
    return written;
  }

  /** The offer-day deltas keyed by report_date, store_id, offer_id and the offer's campaign_id. */
  private Map<List<Object>, Sums> withCampaigns(Connection connection) throws SQLException {
    Map<List<Object>, Sums> keyed = new LinkedHashMap<>();
    if (offerDay.isEmpty()) {
      return keyed;
    }
    Map<Long, Long> campaigns = new HashMap<>();
    try (PreparedStatement s = connection.prepareStatement("select id, campaign_id from offer");
        ResultSet rows = s.executeQuery()) {
      while (rows.next()) {
        campaigns.put(rows.getLong(1), nullableLong(rows, 2));
      }
    }
    offerDay.forEach(
        (k, sums) ->
            keyed.put(Arrays.asList(k.get(0), k.get(1), k.get(2), campaigns.get(k.get(2))), sums));
    return keyed;
  }

  private static int applySums(
      Connection connection,
      String table,
      List<String> keyColumns,
      int matchedColumns,
      String countColumn,
      Map<List<Object>, Sums> deltas)
      throws SQLException {
    List<String> columns = new ArrayList<>();
    columns.add(countColumn);
    columns.addAll(SUM_COLUMNS);
    Map<List<Object>, List<Object>> rows = new LinkedHashMap<>();
    deltas.forEach(
        (key, sums) -> {
          if (!sums.isZero()) {
            rows.put(key, sums.values());
          }
        });
    return applyRows(connection, table, keyColumns, matchedColumns, columns, rows);
  }

  /** Statements sent in one JDBC batch by {@link #applyRows}. */
  private static final int BATCH = 1_000;

  /**
   * Adds each row's {@code values} to the row of {@code table} whose first {@code matchedColumns}
   * key columns equal its key's (null matching null), or inserts the row; returns the rows written.
   * The keys already there are read first, a query per day (the first key column is {@code
   * report_date}), so that the updates and the inserts go in JDBC batches: the caller holds the
   * lock of {@code report_rollup_batch}, under which alone the roll-up rows are written.
   */
  private static int applyRows(
      Connection connection,
      String table,
      List<String> keyColumns,
      int matchedColumns,
      List<String> columns,
      Map<List<Object>, List<Object>> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return 0;
    }
    Set<List<Object>> existing = existingKeys(connection, table, keyColumns, matchedColumns, rows);
    StringBuilder set = new StringBuilder("update ").append(table).append(" set ");
    for (int i = 0; i < columns.size(); i++) {
      set.append(i == 0 ? "" : ", ").append(columns.get(i)).append(" = ");
      set.append(columns.get(i)).append(" + ?");
    }
    Map<String, List<List<Object>>> updates = new LinkedHashMap<>();
    List<List<Object>> inserts = new ArrayList<>();
    for (Map.Entry<List<Object>, List<Object>> row : rows.entrySet()) {
      List<Object> key = row.getKey();
      if (!existing.contains(new ArrayList<>(key.subList(0, matchedColumns)))) {
        List<Object> values = new ArrayList<>(key);
        values.addAll(row.getValue());
        inserts.add(values);
        continue;
      }
      // the same for every row but for the keys that are null
      StringBuilder update = new StringBuilder(set);
      List<Object> values = new ArrayList<>(row.getValue());
      for (int i = 0; i < matchedColumns; i++) {
        update.append(i == 0 ? " where " : " and ").append(keyColumns.get(i));
        if (key.get(i) == null) {
          update.append(" is null");
        } else {
          update.append(" = ?");
          values.add(key.get(i));
        }
      }
      updates.computeIfAbsent(update.toString(), k -> new ArrayList<>()).add(values);
    }
    for (Map.Entry<String, List<List<Object>>> update : updates.entrySet()) {
      executeBatches(connection, update.getKey(), update.getValue());
    }
    List<String> all = new ArrayList<>(keyColumns);
    all.addAll(columns);
    executeBatches(
        connection,
        "insert into "
            + table
            + " ("
            + String.join(", ", all)
            + ") values ("
            + String.join(", ", Collections.nCopies(all.size(), "?"))
            + ")",
        inserts);
    return rows.size();
  }

  /**
   * The first {@code matchedColumns} key columns of the rows of {@code table} on the days of {@code
   * rows}' keys, each read as the type of the keys' values in that column.
   */
  private static Set<List<Object>> existingKeys(
      Connection connection,
      String table,
      List<String> keyColumns,
      int matchedColumns,
      Map<List<Object>, List<Object>> rows)
      throws SQLException {
    List<Class<?>> types = new ArrayList<>(Collections.nCopies(matchedColumns, null));
    Set<Object> days = new TreeSet<>();
    for (List<Object> key : rows.keySet()) {
      days.add(key.get(0));
      for (int i = 0; i < matchedColumns; i++) {
        if (types.get(i) == null && key.get(i) != null) {
          types.set(i, key.get(i).getClass());
        }
      }
    }
    Set<List<Object>> existing = new HashSet<>();
    String sql =
        "select "
            + String.join(", ", keyColumns.subList(0, matchedColumns))
            + " from "
            + table
            + " where report_date = ?";
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      for (Object day : days) {
        s.setObject(1, day);
        try (ResultSet found = s.executeQuery()) {
          while (found.next()) {
            List<Object> key = new ArrayList<>(matchedColumns);
            for (int i = 0; i < matchedColumns; i++) {
              Class<?> type = types.get(i);
              Object value = type == null ? found.getObject(i + 1) : found.getObject(i + 1, type);
              // a column whose keys are all null matches only null
              key.add(type == null && value != null ? NOT_A_KEY : value);
            }
            existing.add(key);
          }
        }
      }
    }
    return existing;
  }

  /** What a value stands for in a column whose keys are all null. */
  private static final Object NOT_A_KEY = new Object();

  private static void executeBatches(Connection connection, String sql, List<List<Object>> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      int pending = 0;
      for (List<Object> values : rows) {
        for (int i = 0; i < values.size(); i++) {
          s.setObject(i + 1, values.get(i));
        }
        s.addBatch();
        if (++pending == BATCH) {
          s.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        s.executeBatch();
      }
    }
  }

  private static Long nullableLong(ResultSet rows, int column) throws SQLException {
    long value = rows.getLong(column);
    return rows.wasNull() ? null : value;
  }

  /**
   * The sums of one roll-up row's delta. Sums of squares are kept exact (decimal) until written to
   * their {@code double} columns.
   */
  private static final class Sums {
    private long count;
    private long measured;
    private long responders;
    private BigDecimal revenue = BigDecimal.ZERO;
    private BigDecimal revenueSquares = BigDecimal.ZERO;
    private BigDecimal net = BigDecimal.ZERO;
    private BigDecimal netSquares = BigDecimal.ZERO;
    private long redemptions;
    private BigDecimal basket = BigDecimal.ZERO;
    private BigDecimal discount = BigDecimal.ZERO;

    /** Adds the count and the sum columns of the current row, from column {@code first} on. */
    void add(ResultSet row, int first) throws SQLException {
      int i = first;
      count += row.getLong(i++);
      measured += row.getLong(i++);
      responders += row.getLong(i++);
      revenue = revenue.add(decimal(row, i++));
      revenueSquares = revenueSquares.add(decimal(row, i++));
      net = net.add(decimal(row, i++));
      netSquares = netSquares.add(decimal(row, i++));
      redemptions += row.getLong(i++);
      basket = basket.add(decimal(row, i++));
      discount = discount.add(decimal(row, i));
    }

    void add(Sums other) {
      count += other.count;
      measured += other.measured;
      responders += other.responders;
      revenue = revenue.add(other.revenue);
      revenueSquares = revenueSquares.add(other.revenueSquares);
      net = net.add(other.net);
      netSquares = netSquares.add(other.netSquares);
      redemptions += other.redemptions;
      basket = basket.add(other.basket);
      discount = discount.add(other.discount);
    }

    boolean isZero() {
      return count == 0
          && measured == 0
          && responders == 0
          && revenue.signum() == 0
          && revenueSquares.signum() == 0
          && net.signum() == 0
          && netSquares.signum() == 0
          && redemptions == 0
          && basket.signum() == 0
          && discount.signum() == 0;
    }

    /** The count, then the {@link #SUM_COLUMNS}' values. */
    List<Object> values() {
      return List.of(
          count,
          measured,
          responders,
          revenue,
          revenueSquares.doubleValue(),
          net,
          netSquares.doubleValue(),
          redemptions,
          basket,
          discount);
    }

    private static BigDecimal decimal(ResultSet row, int column) throws SQLException {
      BigDecimal value = row.getBigDecimal(column);
      return value == null ? BigDecimal.ZERO : value;
    }
  }
}
