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
 * Measures the RFM quintiles of all shoppers with one aggregate query and keeps the latest {@link
 * RfmCutPoints} in memory, so that scoring one shopper needs only that shopper's rows. Run {@link
 * #refresh()} at start-up and after each import (in the background: it reads every purchase); until
 * then everyone scores against {@link RfmCutPoints#NONE}. Thread-safe.
 */
public final class RfmCutPointRefresher {

  private static final int QUINTILES = 5;

  /**
   * One pass over the purchases: per shopper who bought at least once, the last purchase, the
   * number of purchases and the net spend, each split into quintiles by {@code NTILE(5)}; then the
   * largest value of each quintile of each measure.
   */
  private static final String QUINTILE_MAXIMA;

  static {
    StringBuilder select = new StringBuilder("SELECT COUNT(*)");
    for (String measure : List.of("last_at", "purchases", "net_spend")) {
      for (int q = 1; q <= QUINTILES; q++) {
        select.append(", MAX(CASE WHEN q_").append(measure).append(" = ").append(q);
        select.append(" THEN ").append(measure).append(" END)");
      }
    }
    QUINTILE_MAXIMA =
        select
            + " FROM (SELECT last_at, purchases, net_spend,"
            + " NTILE(5) OVER (ORDER BY last_at) AS q_last_at,"
            + " NTILE(5) OVER (ORDER BY purchases) AS q_purchases,"
            + " NTILE(5) OVER (ORDER BY net_spend) AS q_net_spend"
            + " FROM (SELECT MAX(CASE WHEN is_return THEN NULL ELSE purchased_at END) AS last_at,"
            + " SUM(CASE WHEN is_return THEN 0 ELSE 1 END) AS purchases,"
            + " SUM(total_amount) AS net_spend"
            + " FROM purchase WHERE shopper_id IS NOT NULL GROUP BY shopper_id"
            + " HAVING SUM(CASE WHEN is_return THEN 0 ELSE 1 END) > 0) per_shopper) ranked";
  }

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

  /** Measures the population now and keeps the result. */
  public RfmCutPoints refresh() {
    Instant now = clock.instant();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(QUINTILE_MAXIMA);
        ResultSet rs = statement.executeQuery()) {
      rs.next();
      List<Instant> recency = new ArrayList<>();
      List<Long> frequency = new ArrayList<>();
      List<BigDecimal> monetary = new ArrayList<>();
      for (int q = 1; q <= QUINTILES; q++) {
        LocalDateTime last = rs.getObject(1 + q, LocalDateTime.class);
        if (last != null) {
          recency.add(last.toInstant(ZoneOffset.UTC));
        }
        long purchases = rs.getLong(1 + QUINTILES + q);
        if (!rs.wasNull()) {
          frequency.add(purchases);
        }
        BigDecimal spend = rs.getBigDecimal(1 + 2 * QUINTILES + q);
        if (spend != null) {
          monetary.add(spend);
        }
      }
      RfmCutPoints measured =
          new RfmCutPoints(
              now, rs.getLong(1), withoutTop(recency), withoutTop(frequency), withoutTop(monetary));
      current.set(measured);
      return measured;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot measure the RFM quintiles of the shoppers", e);
    }
  }

  /** The maxima of all quintiles but the highest, whose maximum bounds nothing. */
  private static <T> List<T> withoutTop(List<T> maxima) {
    return maxima.isEmpty() ? maxima : maxima.subList(0, maxima.size() - 1);
  }
}
