package org.tailor.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import org.tailor.server.persistence.TestDatabases;
import org.tailor.server.shopper.RfmCutPoints;

/**
 * How long the report refresh takes on a large day, on a fresh MariaDB database (dropped after):
 * {@code -Dtailor.rollup.timing=300000} presentations today and a third as many eight days ago
 * (whose outcomes the refresh measures), 50,000 shoppers with purchases; a full refresh, the first
 * incremental refresh, then 2,000 new presentations and 100 redemptions and the incremental refresh
 * timed, then one with nothing new. The generated rows are written (written_at) when they were
 * shown, as the decision pipeline writes them, not all within the refresh's late-commit margin.
 * Prints the figures and asserts only that every presentation is counted once. Uses nothing but
 * {@link ReportRollup}'s public methods, so that it runs against earlier versions of the roll-up
 * too.
 */
@EnabledIfSystemProperty(named = "tailor.rollup.timing", matches = "\\d+")
class RollupRefreshTiming {

  @Test
  void timesTheRefreshOfALargeDay() throws SQLException {
    int presentations = Integer.parseInt(System.getProperty("tailor.rollup.timing"));
    DatabaseSettings settings = TestDatabases.freshMariaDb();
    try (Database database = Database.open(settings)) {
      DataSource data = database.dataSource();
      LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
      LocalDate today = now.toLocalDate();
      long started = System.nanoTime();
      ReportFixture chain = ReportFixture.write(data, 0, 0);
      long firstShopper;
      long firstTerminal;
      try (Connection c = data.getConnection();
          Statement s = c.createStatement()) {
        s.executeUpdate(
            "insert into shopper (loyalty_id, language, created_at, updated_at)"
                + " select concat('h', seq), 'en', now(), now() from seq_1_to_50000");
        firstShopper = single(c, "select min(id) from shopper");
        firstTerminal = single(c, "select min(id) from terminal");
        s.executeUpdate(
            "insert into purchase (store_id, receipt_number, shopper_id, purchased_at,"
                + " total_amount, is_return, currency) select "
                + chain.northOne
                + ", concat('r', seq), "
                + firstShopper
                + " + seq mod 50000, utc_timestamp() - interval (seq mod 40) day,"
                + " (seq mod 97) + 0.5, false, 'EUR' from seq_1_to_100000");
      }
      // today's presentations before now, and a third as many eight days ago
      long secondsToday = Duration.between(today.atStartOfDay(), now).toSeconds();
      presentations(
          data,
          presentations,
          today.atStartOfDay(),
          secondsToday,
          firstShopper,
          firstTerminal,
          chain,
          true);
      presentations(
          data,
          presentations / 3,
          today.minusDays(8).atStartOfDay(),
          86_000,
          firstShopper,
          firstTerminal,
          chain,
          true);
      try (Connection c = data.getConnection();
          Statement s = c.createStatement()) {
        // statistics of the freshly written tables, as a server that has run for a while has them
        s.execute(
            "analyze table shopper, purchase, presentation, presentation_offer, redemption,"
                + " presentation_outcome");
      }
      print(
          "generate", started, "presentations=" + count(data, "select count(*) from presentation"));

      ReportRollup rollup =
          new ReportRollup(data, Duration.ofDays(7), () -> RfmCutPoints.NONE, Clock.systemUTC());
      started = System.nanoTime();
      Object result = rollup.refresh(today.minusDays(9));
      print("full refresh(from)", started, result);
      started = System.nanoTime();
      result = rollup.refreshRecent();
      print("first refreshRecent", started, result);

      long before = count(data, "select max(id) from presentation");
      presentations(
          data, 2_000, now.minusMinutes(15), 15 * 60, firstShopper, firstTerminal, chain, false);
      try (Connection c = data.getConnection();
          Statement s = c.createStatement()) {
        s.executeUpdate(
            "insert into redemption (message_id, presentation_id, offer_id, store_id,"
                + " redeemed_at, basket_amount, discount_amount)"
                + " select concat('new-', p.id), p.id, po.offer_id, p.store_id, p.shown_at, 30, 2"
                + " from presentation p join presentation_offer po on po.presentation_id = p.id"
                + " and po.offer_rank = 1 where p.id > "
                + before
                + " order by p.id limit 100");
      }
      started = System.nanoTime();
      result = rollup.refreshRecent();
      print("refreshRecent after 2,000 presentations and 100 redemptions", started, result);
      started = System.nanoTime();
      result = rollup.refreshRecent();
      print("refreshRecent with nothing new", started, result);

      assertThat(count(data, "select sum(presentations) from report_store_day"))
          .isEqualTo(count(data, "select count(*) from presentation"));
      assertThat(count(data, "select sum(redemptions) from report_store_day"))
          .isEqualTo(count(data, "select count(*) from redemption"));
    } finally {
      TestDatabases.drop(settings);
    }
  }

  /**
   * {@code n} presentations shown from {@code from} over {@code seconds}, with offers. {@code
   * history}: written when shown, and one in 33 redeemed; else written now, as new rows are.
   */
  private static void presentations(
      DataSource data,
      int n,
      LocalDateTime from,
      long seconds,
      long firstShopper,
      long firstTerminal,
      ReportFixture chain,
      boolean history)
      throws SQLException {
    try (Connection c = data.getConnection()) {
      long before = single(c, "select coalesce(max(id), 0) from presentation");
      try (PreparedStatement s =
          c.prepareStatement(
              "insert into presentation (shopper_id, store_id, terminal_id, channel, shown_at,"
                  + " holdout, campaign_id, written_at) select case when seq mod 5 = 0 then null"
                  + " else ? + seq mod 50000 end, t.store_id, t.id, 'kiosk',"
                  + " timestampadd(SECOND, seq mod ?, ?), seq mod 10 = 0, ?,"
                  + " case when ? then least(utc_timestamp(6), timestampadd(SECOND, seq mod ?, ?))"
                  + " else utc_timestamp(6) end"
                  + " from seq_1_to_"
                  + n
                  + " join terminal t on t.id = ? + seq mod 6")) {
        s.setLong(1, firstShopper);
        s.setLong(2, Math.max(1, seconds));
        s.setTimestamp(3, Timestamp.valueOf(from));
        s.setLong(4, chain.spring);
        s.setBoolean(5, history);
        s.setLong(6, Math.max(1, seconds));
        s.setTimestamp(7, Timestamp.valueOf(from));
        s.setLong(8, firstTerminal);
        s.executeUpdate();
      }
      try (Statement s = c.createStatement()) {
        s.executeUpdate(
            "insert into presentation_offer (presentation_id, offer_rank, offer_id, probability,"
                + " explanation) select id, 1, case when id mod 2 = 0 then "
                + chain.coffee
                + " else "
                + chain.bread
                + " end, 0.5, 'timing' from presentation where holdout = false and id > "
                + before);
        s.executeUpdate(
            "insert into presentation_offer (presentation_id, offer_rank, offer_id, probability,"
                + " explanation) select id, 2, "
                + chain.wine
                + ", 0.5, 'timing' from presentation where holdout = false and id mod 4 = 1"
                + " and id > "
                + before);
        if (!history) {
          return;
        }
        s.executeUpdate(
            "insert into redemption (message_id, presentation_id, offer_id, store_id,"
                + " redeemed_at, basket_amount, discount_amount, written_at)"
                + " select concat('m', p.id), p.id, po.offer_id, p.store_id, p.shown_at, 30, 2,"
                + " p.written_at"
                + " from presentation p join presentation_offer po on po.presentation_id = p.id"
                + " and po.offer_rank = 1 where p.id mod 33 = 0 and p.id > "
                + before);
      }
    }
  }

  private static void print(String what, long started, Object result) {
    System.out.printf(
        "rollup-timing: %s: %.2f s (%s)%n", what, (System.nanoTime() - started) / 1e9, result);
  }

  private static long count(DataSource data, String sql) throws SQLException {
    try (Connection c = data.getConnection()) {
      return single(c, sql);
    }
  }

  private static long single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet row = s.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }
}
