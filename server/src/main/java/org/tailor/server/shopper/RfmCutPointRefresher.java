package org.tailor.server.shopper;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.tailor.server.persistence.Database;

/**
 * Measures the RFM quintiles of all shoppers with aggregate queries and keeps the latest {@link
 * RfmCutPoints} in memory, so that scoring one shopper needs only that shopper's rows. Run {@link
 * #refresh()} at start-up and after each import; until then everyone scores against {@link
 * RfmCutPoints#NONE}. Thread-safe.
 */
public final class RfmCutPointRefresher {

  /** Per shopper who bought at least once: {@code %s} is the measure. */
  private static final String QUINTILE_MAXIMA =
      "SELECT tile, MAX(v), COUNT(*) FROM ("
          + " SELECT NTILE(5) OVER (ORDER BY v) AS tile, v FROM ("
          + "  SELECT %s AS v FROM purchase WHERE shopper_id IS NOT NULL GROUP BY shopper_id"
          + "  HAVING SUM(CASE WHEN is_return THEN 0 ELSE 1 END) > 0) s) t"
          + " GROUP BY tile ORDER BY tile";

  private static final String LAST_PURCHASE =
      "MAX(CASE WHEN is_return THEN NULL ELSE purchased_at END)";
  private static final String PURCHASE_COUNT = "SUM(CASE WHEN is_return THEN 0 ELSE 1 END)";
  private static final String NET_SPEND = "SUM(total_amount)";

  private final Database database;
  private final Clock clock;
  private final AtomicReference<RfmCutPoints> current = new AtomicReference<>(RfmCutPoints.NONE);

  public RfmCutPointRefresher(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** The cut points last measured, or {@link RfmCutPoints#NONE}. */
  public RfmCutPoints current() {
    return current.get();
  }

  /** Measures the population now (a few seconds per million shoppers) and keeps the result. */
  public RfmCutPoints refresh() {
    Instant now = clock.instant();
    try (Connection connection = database.dataSource().getConnection()) {
      List<Instant> recency = new ArrayList<>();
      long[] shoppers = {0};
      maxima(
          connection,
          LAST_PURCHASE,
          (rs, count) -> {
            recency.add(rs.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC));
            shoppers[0] += count;
          });
      List<Long> frequency = new ArrayList<>();
      maxima(connection, PURCHASE_COUNT, (rs, count) -> frequency.add(rs.getLong(2)));
      List<BigDecimal> monetary = new ArrayList<>();
      maxima(connection, NET_SPEND, (rs, count) -> monetary.add(rs.getBigDecimal(2)));
      RfmCutPoints measured =
          new RfmCutPoints(
              now, shoppers[0], withoutTop(recency), withoutTop(frequency), withoutTop(monetary));
      current.set(measured);
      return measured;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot measure the RFM quintiles of the shoppers", e);
    }
  }

  private interface TileReader {
    void read(ResultSet rs, long count) throws SQLException;
  }

  private static void maxima(Connection connection, String measure, TileReader reader)
      throws SQLException {
    try (PreparedStatement statement =
            connection.prepareStatement(String.format(QUINTILE_MAXIMA, measure));
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        reader.read(rs, rs.getLong(3));
      }
    }
  }

  /** The maxima of all quintiles but the highest, whose maximum bounds nothing. */
  private static <T> List<T> withoutTop(List<T> maxima) {
    return maxima.isEmpty() ? maxima : maxima.subList(0, maxima.size() - 1);
  }
}
