package org.tailor.server.reports;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Random;
import javax.sql.DataSource;

/**
 * A small chain for report tests, written with plain JDBC: three stores in two regions (two
 * terminals each, one of which stopped reporting), campaign {@code spring} (20 % holdout) with
 * offers {@code coffee-10} and {@code bread-2}, offer {@code wine-5} without a campaign, and {@code
 * days} days of presentations with outcomes recorded as an experiment (treatment responds with
 * probability 0.30, holdout 0.20) and redemptions. Deterministic (seeded).
 */
final class ReportFixture {

  static final LocalDate FIRST_DAY = LocalDate.of(2026, 3, 1);

  final long northOne;
  final long northTwo;
  final long southOne;
  final long coffee;
  final long bread;
  final long wine;
  final long spring;

  private ReportFixture(long[] ids) {
    northOne = ids[0];
    northTwo = ids[1];
    southOne = ids[2];
    coffee = ids[3];
    bread = ids[4];
    wine = ids[5];
    spring = ids[6];
  }

  static ReportFixture write(DataSource dataSource, int days, int presentationsPerStoreDay)
      throws SQLException {
    Timestamp now = Timestamp.valueOf(LocalDateTime.of(2026, 3, 1, 0, 0));
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      long n1 = store(c, "north-1", "Northgate", "North", now);
      long n2 = store(c, "north-2", "Northfield", "North", now);
      long s1 = store(c, "south-1", "Southport", "South", now);
      long[] stores = {n1, n2, s1};
      long[][] terminals = new long[3][2];
      for (int i = 0; i < 3; i++) {
        terminals[i][0] =
            terminal(c, "t" + i + "a", stores[i], Timestamp.valueOf(LocalDateTime.now()), now);
        terminals[i][1] = terminal(c, "t" + i + "b", stores[i], null, now);
      }
      long spring =
          insert(
              c,
              "insert into campaign (code, name, holdout_share, created_at, updated_at)"
                  + " values ('spring', 'Spring savings', 0.2000, ?, ?)",
              now,
              now);
      long coffee = offer(c, "coffee-10", "Coffee 10 % off", spring, now);
      long bread = offer(c, "bread-2", "Bread 2 for 1", spring, now);
      long wine = offer(c, "wine-5", "Wine 5 off", null, now);

      Random random = new Random(42);
      try (PreparedStatement p =
              c.prepareStatement(
                  "insert into presentation (store_id, terminal_id, channel, shown_at, holdout,"
                      + " campaign_id) values (?, ?, 'kiosk', ?, ?, ?)",
                  Statement.RETURN_GENERATED_KEYS);
          PreparedStatement po =
              c.prepareStatement(
                  "insert into presentation_offer (presentation_id, offer_rank, offer_id,"
                      + " probability, explanation) values (?, ?, ?, 0.5, 'fixture')");
          PreparedStatement outcome =
              c.prepareStatement(
                  "insert into presentation_outcome (presentation_id, responded, revenue_amount,"
                      + " source, measured_at) values (?, ?, ?, 'experiment', ?)");
          PreparedStatement redemption =
              c.prepareStatement(
                  "insert into redemption (message_id, presentation_id, offer_id, store_id,"
                      + " terminal_id, redeemed_at, basket_amount, discount_amount)"
                      + " values (?, ?, ?, ?, ?, ?, ?, ?)")) {
        long message = 0;
        for (int day = 0; day < days; day++) {
          for (int s = 0; s < 3; s++) {
            for (int k = 0; k < presentationsPerStoreDay; k++) {
              boolean holdout = random.nextDouble() < 0.2;
              long offer = random.nextBoolean() ? coffee : bread;
              boolean withWine = !holdout && random.nextDouble() < 0.25;
              LocalDateTime at = FIRST_DAY.plusDays(day).atTime(9 + k % 10, k % 60);
              long terminal = terminals[s][k % 2];
              p.setLong(1, stores[s]);
              p.setLong(2, terminal);
              p.setTimestamp(3, Timestamp.valueOf(at));
              p.setBoolean(4, holdout);
              if (withWine) {
                p.setNull(5, java.sql.Types.BIGINT);
              } else {
                p.setLong(5, spring);
              }
              p.executeUpdate();
              long id;
              try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
              }
              if (!holdout) {
                po.setLong(1, id);
                po.setInt(2, 1);
                po.setLong(3, offer);
                po.addBatch();
                if (withWine) {
                  po.setLong(1, id);
                  po.setInt(2, 2);
                  po.setLong(3, wine);
                  po.addBatch();
                }
              }
              boolean responded = random.nextDouble() < (holdout ? 0.20 : 0.30);
              BigDecimal revenue =
                  responded
                      ? BigDecimal.valueOf(20 + random.nextInt(40)).setScale(2)
                      : BigDecimal.ZERO.setScale(2);
              outcome.setLong(1, id);
              outcome.setBoolean(2, responded);
              outcome.setBigDecimal(3, revenue);
              outcome.setTimestamp(4, now);
              outcome.addBatch();
              if (!holdout && responded && random.nextDouble() < 0.5) {
                redemption.setString(1, "m-" + message++);
                redemption.setLong(2, id);
                redemption.setLong(3, offer);
                redemption.setLong(4, stores[s]);
                redemption.setLong(5, terminal);
                redemption.setTimestamp(6, Timestamp.valueOf(at.plusMinutes(30)));
                redemption.setBigDecimal(7, revenue);
                redemption.setBigDecimal(8, new BigDecimal("2.00"));
                redemption.addBatch();
              }
            }
          }
        }
        po.executeBatch();
        outcome.executeBatch();
        redemption.executeBatch();
      }
      c.commit();
      return new ReportFixture(new long[] {n1, n2, s1, coffee, bread, wine, spring});
    }
  }

  /** Empties every table the fixture and the report tests write, children first. */
  static void deleteAll(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      for (String table :
          new String[] {
            "report_offer_day",
            "report_offer_chain_day",
            "report_store_day",
            "report_chain_day",
            "report_store_arm_day",
            "report_terminal_day",
            "report_refresh",
            "report_counted_redemption",
            "report_presentation_state",
            "app_user_store",
            "app_user",
            "redemption",
            "presentation_outcome",
            "presentation_offer",
            "presentation",
            "purchase",
            "shopper",
            "offer",
            "campaign",
            "api_key",
            "terminal",
            "store"
          }) {
        s.executeUpdate("delete from " + table);
      }
    }
  }

  private static long store(Connection c, String code, String name, String region, Timestamp now)
      throws SQLException {
    return insert(
        c,
        "insert into store (code, name, region, country, time_zone, created_at, updated_at)"
            + " values (?, ?, ?, 'GB', 'Europe/London', ?, ?)",
        code,
        name,
        region,
        now,
        now);
  }

  private static long terminal(
      Connection c, String code, long store, Timestamp lastSeen, Timestamp now)
      throws SQLException {
    return insert(
        c,
        "insert into terminal (code, store_id, kind, name, last_seen_at, last_status, created_at,"
            + " updated_at) values (?, ?, 'kiosk', ?, ?, ?, ?, ?)",
        code,
        store,
        "Kiosk " + code,
        lastSeen,
        lastSeen == null ? null : "online",
        now,
        now);
  }

  private static long offer(Connection c, String code, String name, Long campaign, Timestamp now)
      throws SQLException {
    return insert(
        c,
        "insert into offer (code, name, kind, discount_percent, valid_from, valid_until,"
            + " campaign_id, status, version, created_at, updated_at)"
            + " values (?, ?, 'coupon', 10, ?, ?, ?, 'active', 1, ?, ?)",
        code,
        name,
        now,
        Timestamp.valueOf(LocalDateTime.of(2027, 1, 1, 0, 0)),
        campaign,
        now,
        now);
  }

  private static long insert(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
      for (int i = 0; i < values.length; i++) {
        s.setObject(i + 1, values[i]);
      }
      s.executeUpdate();
      try (ResultSet keys = s.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }
}
