package org.tailor.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tailor.server.access.StoreScope;
import org.tailor.server.persistence.BothDatabases;
import org.tailor.server.persistence.IdBlocks;
import org.tailor.server.shopper.RfmCutPoints;

/**
 * The incremental roll-up against presentation ids handed out in blocks: a quiet server's (or an
 * import's) presentations commit with ids far below those a busier server committed before the last
 * refresh, and must still be counted — once. On H2 and on MariaDB.
 */
class RollupLateCommitTest {

  private static final LocalDate LAST_DAY = ReportFixture.FIRST_DAY.plusDays(4);

  @TempDir static Path dir;
  private static BothDatabases both;

  @BeforeAll
  static void databasesIn() {
    both = new BothDatabases(dir);
  }

  static Stream<String> databases() {
    return BothDatabases.kinds();
  }

  private static DataSource open(String kind) {
    return both.dataSource(kind);
  }

  @AfterAll
  static void close() {
    both.close();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void presentationsCommittedWithIdsBelowTheWatermarkAreCountedOnce(String kind)
      throws SQLException {
    DataSource data = open(kind);
    ReportFixture.deleteAll(data);
    ReportFixture chain = ReportFixture.write(data, 5, 10);
    ReportRollup rollup =
        new ReportRollup(
            data,
            Duration.ofDays(14),
            () -> RfmCutPoints.NONE,
            Clock.fixed(
                LocalDateTime.of(2026, 4, 30, 0, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
    ReportFilter everyStore =
        new ReportFilter(ReportFixture.FIRST_DAY, LAST_DAY, Optional.empty(), StoreScope.all());
    ReportQueries queries = new ReportQueries(data, 0.95, 50);
    LocalDateTime third = ReportFixture.FIRST_DAY.plusDays(2).atTime(15, 0);
    LocalDateTime fifth = ReportFixture.FIRST_DAY.plusDays(4).atTime(15, 0);

    // a quiet server reserved a block long ago; a busy one reserved blocks after it (many servers,
    // an import) and wrote with ids far above the quiet server's
    IdBlocks.Block quiet = IdBlocks.take(data, "presentation", 50_000);
    IdBlocks.Block busy = IdBlocks.take(data, "presentation", 1_000);
    presentation(data, busy.first(), chain.southOne, fifth);
    redemption(data, 5_000_000, "busy", busy.first(), chain.coffee, chain.southOne, fifth);
    rollup.refreshRecent();
    Uplift before = queries.total(everyStore);

    // the quiet server's presentation of another day commits now, its id 50,000 below the highest
    // seen, and is redeemed under a redemption id far below the highest seen
    presentation(data, quiet.first(), chain.southOne, third);
    redemption(data, 1_000, "quiet", quiet.first(), chain.coffee, chain.southOne, third);
    rollup.refreshRecent();

    Uplift after = queries.total(everyStore);
    assertThat(after.treatment().presentations())
        .as("the late presentation is counted")
        .isEqualTo(before.treatment().presentations() + 1);
    assertThat(after.treatment().redemptions())
        .as("its redemption is counted")
        .isEqualTo(before.treatment().redemptions() + 1);
    assertThat(after.treatment().presentations() + after.holdout().presentations())
        .isEqualTo(count(data, "select count(*) from presentation"));

    // refreshing again counts nothing twice, and equals a full rebuild
    rollup.refreshRecent();
    assertThat(queries.total(everyStore)).isEqualTo(after);
    rollup.refresh(ReportFixture.FIRST_DAY);
    assertThat(queries.total(everyStore)).isEqualTo(after);
    assertThat(count(data, "select sum(presentations) from report_terminal_day"))
        .isEqualTo(count(data, "select count(*) from presentation where terminal_id is not null"));
  }

  private static void presentation(DataSource data, long id, long store, LocalDateTime at)
      throws SQLException {
    try (Connection c = data.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "insert into presentation (id, store_id, channel, shown_at, holdout)"
                    + " values (?, ?, 'kiosk', ?, false)")) {
      s.setLong(1, id);
      s.setLong(2, store);
      s.setTimestamp(3, Timestamp.valueOf(at));
      s.executeUpdate();
    }
  }

  private static void redemption(
      DataSource data,
      long id,
      String message,
      long presentation,
      long offer,
      long store,
      LocalDateTime at)
      throws SQLException {
    try (Connection c = data.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "insert into redemption (id, message_id, presentation_id, offer_id, store_id,"
                    + " redeemed_at, basket_amount, discount_amount)"
                    + " values (?, ?, ?, ?, ?, ?, 10, 2)")) {
      s.setLong(1, id);
      s.setString(2, message);
      s.setLong(3, presentation);
      s.setLong(4, offer);
      s.setLong(5, store);
      s.setTimestamp(6, Timestamp.valueOf(at.plusMinutes(5)));
      s.executeUpdate();
    }
  }

  private static long count(DataSource data, String sql) throws SQLException {
    try (Connection c = data.getConnection();
        Statement s = c.createStatement();
        ResultSet row = s.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }
}
