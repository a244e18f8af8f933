package org.tailor.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.access.StoreScope;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;
import org.tailor.server.shopper.RfmCutPoints;

class ReportRollupTest {

  private static final LocalDate LAST_DAY = ReportFixture.FIRST_DAY.plusDays(9);

  @TempDir static Path dir;
  private static Database database;
  private static DataSource data;

  @BeforeAll
  static void open() {
    database = Database.open(TestDatabases.h2(dir));
    data = database.dataSource();
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @BeforeEach
  void empty() throws SQLException {
    ReportFixture.deleteAll(data);
  }

  private ReportRollup rollup(LocalDateTime now) {
    return new ReportRollup(
        data,
        Duration.ofDays(14),
        () -> RfmCutPoints.NONE,
        Clock.fixed(now.toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
  }

  private ReportQueries queries() {
    return new ReportQueries(data, 0.95, 50);
  }

  @Test
  void reportTotalsEqualCountsOverTheRawRows() throws SQLException {
    ReportFixture chain = ReportFixture.write(data, 10, 20);
    rollup(LocalDateTime.of(2026, 4, 30, 0, 0)).refresh(ReportFixture.FIRST_DAY);

    Uplift total =
        queries()
            .total(
                new ReportFilter(
                    ReportFixture.FIRST_DAY, LAST_DAY, Optional.empty(), StoreScope.all()));

    assertThat(total.treatment().presentations() + total.holdout().presentations()).isEqualTo(600);
    assertThat(total.holdout().presentations())
        .isEqualTo(count("select count(*) from presentation where holdout = true"));
    assertThat(total.treatment().responders())
        .isEqualTo(
            count(
                "select count(*) from presentation p join presentation_outcome o"
                    + " on o.presentation_id = p.id where p.holdout = false and o.responded"));
    assertThat(total.treatment().redemptions()).isEqualTo(count("select count(*) from redemption"));
    assertThat(total.treatment().discountSum())
        .isEqualTo(2.0 * count("select count(*) from redemption"));
    assertThat(total.responseRate()).isPresent();

    ComparedRow coffee =
        queries()
            .offer(
                new ReportFilter(
                    ReportFixture.FIRST_DAY, LAST_DAY, Optional.empty(), StoreScope.all()),
                chain.coffee)
            .orElseThrow();
    assertThat(coffee.uplift().treatment().presentations())
        .isEqualTo(
            count("select count(*) from presentation_offer where offer_id = " + chain.coffee));
    // the offer's holdout is its campaign's holdout
    assertThat(coffee.uplift().holdout().presentations())
        .isEqualTo(
            count(
                "select count(*) from presentation where holdout = true and campaign_id = "
                    + chain.spring));
    ComparedRow wine =
        queries()
            .offer(
                new ReportFilter(
                    ReportFixture.FIRST_DAY, LAST_DAY, Optional.empty(), StoreScope.all()),
                chain.wine)
            .orElseThrow();
    assertThat(wine.uplift().warnings()).contains(UpliftWarning.NO_HOLDOUT);
  }

  @Test
  void aStoreManagerSeesOnlyTheirStores() throws SQLException {
    ReportFixture chain = ReportFixture.write(data, 5, 10);
    rollup(LocalDateTime.of(2026, 4, 30, 0, 0)).refresh(ReportFixture.FIRST_DAY);
    StoreScope northOne = StoreScope.of(Set.of(chain.northOne));
    ReportFilter filter =
        new ReportFilter(ReportFixture.FIRST_DAY, LAST_DAY, Optional.empty(), northOne);

    Uplift total = queries().total(filter);
    Page<ComparedRow> stores = queries().stores(filter, 1, 25);

    assertThat(total.treatment().presentations() + total.holdout().presentations())
        .isEqualTo(count("select count(*) from presentation where store_id = " + chain.northOne));
    assertThat(stores.rows()).extracting(ComparedRow::code).containsExactly("north-1");
    assertThat(queries().visibleStores(northOne, 100))
        .extracting(s -> s[1])
        .containsExactly("north-1");
    assertThat(
            queries()
                .total(
                    new ReportFilter(
                        ReportFixture.FIRST_DAY,
                        LAST_DAY,
                        Optional.empty(),
                        StoreScope.of(Set.of())))
                .treatment()
                .presentations())
        .isZero();
  }

  @Test
  void chainWideAndStoreRollUpsGiveTheSameFigures() throws SQLException {
    ReportFixture chain = ReportFixture.write(data, 10, 20);
    rollup(LocalDateTime.of(2026, 4, 30, 0, 0)).refresh(ReportFixture.FIRST_DAY);
    ReportFilter everyStore =
        new ReportFilter(ReportFixture.FIRST_DAY, LAST_DAY, Optional.empty(), StoreScope.all());
    // the same stores, named one by one: read from report_store_day, not report_chain_day
    ReportFilter named =
        new ReportFilter(
            ReportFixture.FIRST_DAY,
            LAST_DAY,
            Optional.empty(),
            StoreScope.of(Set.of(chain.northOne, chain.northTwo, chain.southOne)));
    assertThat(ReportQueries.days(everyStore)).isEqualTo("report_chain_day");
    assertThat(ReportQueries.days(named)).isEqualTo("report_store_day");

    assertThat(queries().total(named)).isEqualTo(queries().total(everyStore));
    assertThat(queries().byDay(named)).isEqualTo(queries().byDay(everyStore));
    assertThat(queries().tiers(named)).isEqualTo(queries().tiers(everyStore));
    assertThat(queries().campaigns(named, 1, 25)).isEqualTo(queries().campaigns(everyStore, 1, 25));
    assertThat(queries().offers(named, OfferOrder.SHOWN, 1, 25))
        .isEqualTo(queries().offers(everyStore, OfferOrder.SHOWN, 1, 25));
    assertThat(queries().offerByDay(named, chain.coffee))
        .isEqualTo(queries().offerByDay(everyStore, chain.coffee));
    long storeRows = count("select sum(presentations) from report_store_arm_day");
    assertThat(storeRows).isEqualTo(600);
    assertThat(count("select sum(presentations) from report_terminal_day"))
        .isEqualTo(count("select count(*) from presentation where terminal_id is not null"));
  }

  @Test
  void anIncrementalRefreshCountsOnlyWhatIsNew() throws SQLException {
    ReportFixture chain = ReportFixture.write(data, 10, 20);
    ReportRollup rollup = rollup(LocalDateTime.of(2026, 4, 30, 0, 0));
    ReportFilter everyStore =
        new ReportFilter(ReportFixture.FIRST_DAY, LAST_DAY, Optional.empty(), StoreScope.all());

    // the first refresh has seen nothing yet: every day
    assertThat(rollup.refreshRecent().daysTouched()).isEqualTo(10);
    assertThat(rollup.refreshRecent().daysTouched())
        .as("rows within the late-commit margin are looked at again, but are counted already")
        .isZero();
    Uplift before = queries().total(everyStore);

    // a late presentation on the third day and a redemption of it
    LocalDateTime third = ReportFixture.FIRST_DAY.plusDays(2).atTime(15, 0);
    try (Connection c = data.getConnection()) {
      presentation(c, null, chain.southOne, third, false);
      long presentation = count("select max(id) from presentation");
      try (PreparedStatement s =
          c.prepareStatement(
              "insert into redemption (message_id, presentation_id, offer_id, store_id,"
                  + " redeemed_at, basket_amount, discount_amount)"
                  + " values ('late', ?, ?, ?, ?, 10, 2)")) {
        s.setLong(1, presentation);
        s.setLong(2, chain.coffee);
        s.setLong(3, chain.southOne);
        s.setTimestamp(4, Timestamp.valueOf(third.plusMinutes(5)));
        s.executeUpdate();
      }
    }
    ReportRollup.RollupResult result = rollup.refreshRecent();

    assertThat(result.from()).isBeforeOrEqualTo(third.toLocalDate());
    Uplift after = queries().total(everyStore);
    assertThat(after.treatment().presentations()).isEqualTo(before.treatment().presentations() + 1);
    assertThat(after.treatment().redemptions()).isEqualTo(before.treatment().redemptions() + 1);
    // what the incremental refresh built equals a full rebuild
    rollup.refresh(ReportFixture.FIRST_DAY);
    assertThat(queries().total(everyStore)).isEqualTo(after);
    assertThat(queries().byDay(everyStore))
        .filteredOn(row -> row.key().equals(third.toLocalDate().toString()))
        .singleElement()
        .satisfies(
            row ->
                assertThat(row.uplift().treatment().redemptions())
                    .isEqualTo(
                        count(
                            "select count(*) from redemption r join presentation p"
                                + " on p.id = r.presentation_id where cast(p.shown_at as date)"
                                + " = date '"
                                + third.toLocalDate()
                                + "'")));
  }

  @Test
  void terminalsThatStoppedReportingComeFirst() throws SQLException {
    ReportFixture chain = ReportFixture.write(data, 2, 4);
    rollup(LocalDateTime.of(2026, 4, 30, 0, 0)).refresh(ReportFixture.FIRST_DAY);
    Page<TerminalHealth> terminals =
        queries()
            .terminals(
                new ReportFilter(
                    ReportFixture.FIRST_DAY,
                    LAST_DAY,
                    Optional.of(chain.southOne),
                    StoreScope.all()),
                java.time.Instant.now().minus(Duration.ofHours(24)),
                1,
                10);
    assertThat(terminals.rows()).extracting(TerminalHealth::code).containsExactly("t2b", "t2a");
    assertThat(terminals.rows()).extracting(TerminalHealth::stale).containsExactly(true, false);
    assertThat(terminals.rows().get(0).presentations()).isEqualTo(4);
  }

  @Test
  void measuresPurchasesWithinTheAttributionWindowForBothArms() throws SQLException {
    long store;
    long shopperA;
    long shopperB;
    LocalDateTime shown = LocalDateTime.of(2026, 3, 1, 10, 0);
    try (Connection c = data.getConnection()) {
      store =
          id(
              c,
              "insert into store (code, name, time_zone, created_at, updated_at)"
                  + " values ('s', 'S', 'UTC', current_timestamp, current_timestamp)");
      shopperA =
          id(
              c,
              "insert into shopper (loyalty_id, language, created_at, updated_at)"
                  + " values ('a', 'en', current_timestamp, current_timestamp)");
      shopperB =
          id(
              c,
              "insert into shopper (loyalty_id, language, created_at, updated_at)"
                  + " values ('b', 'en', current_timestamp, current_timestamp)");
      presentation(c, shopperA, store, shown, false);
      presentation(c, shopperB, store, shown, true);
      // shown two days before "now": its window is still open
      presentation(c, shopperA, store, LocalDateTime.of(2026, 4, 28, 10, 0), false);
      purchase(c, store, "r1", shopperA, shown.plusDays(3), "30.00", false);
      purchase(c, store, "r2", shopperA, shown.plusDays(5), "-10.00", true);
      purchase(c, store, "r3", shopperB, shown.plusDays(20), "50.00", false);
      purchase(c, store, "r4", shopperB, shown.minusDays(1), "70.00", false);
    }

    ReportRollup.RollupResult result =
        rollup(LocalDateTime.of(2026, 4, 30, 10, 0)).refresh(LocalDate.of(2026, 3, 1));

    assertThat(result.outcomesMeasured()).isEqualTo(2);
    assertThat(
            count(
                "select count(*) from presentation_outcome o join presentation p"
                    + " on p.id = o.presentation_id where o.responded and o.revenue_amount = 30"
                    + " and p.shopper_id = "
                    + shopperA))
        .isEqualTo(1);
    assertThat(
            count(
                "select count(*) from presentation_outcome o join presentation p"
                    + " on p.id = o.presentation_id where not o.responded"
                    + " and o.revenue_amount = 0 and p.shopper_id = "
                    + shopperB))
        .isEqualTo(1);
    // running again measures nothing twice
    assertThat(
            rollup(LocalDateTime.of(2026, 4, 30, 10, 0))
                .refresh(LocalDate.of(2026, 3, 1))
                .outcomesMeasured())
        .isZero();
    Uplift total =
        queries()
            .total(
                new ReportFilter(
                    LocalDate.of(2026, 3, 1),
                    LocalDate.of(2026, 4, 30),
                    Optional.empty(),
                    StoreScope.all()));
    assertThat(total.treatment().presentations()).isEqualTo(2);
    assertThat(total.treatment().measured()).isEqualTo(1);
    assertThat(total.holdout().measured()).isEqualTo(1);
    assertThat(total.treatment().revenueSum()).isEqualTo(30.0);
  }

  private long count(String sql) throws SQLException {
    try (Connection c = data.getConnection();
        PreparedStatement s = c.prepareStatement(sql);
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }

  private static long id(Connection c, String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql, java.sql.Statement.RETURN_GENERATED_KEYS)) {
      s.executeUpdate();
      try (ResultSet keys = s.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  private static void presentation(
      Connection c, Long shopper, long store, LocalDateTime at, boolean holdout)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "insert into presentation (shopper_id, store_id, channel, shown_at, holdout)"
                + " values (?, ?, 'kiosk', ?, ?)")) {
      s.setObject(1, shopper);
      s.setLong(2, store);
      s.setTimestamp(3, Timestamp.valueOf(at));
      s.setBoolean(4, holdout);
      s.executeUpdate();
    }
  }

  private static void purchase(
      Connection c,
      long store,
      String receipt,
      long shopper,
      LocalDateTime at,
      String amount,
      boolean isReturn)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "insert into purchase (store_id, receipt_number, shopper_id, purchased_at,"
                + " total_amount, is_return, currency) values (?, ?, ?, ?, ?, ?, 'EUR')")) {
      s.setLong(1, store);
      s.setString(2, receipt);
      s.setLong(3, shopper);
      s.setTimestamp(4, Timestamp.valueOf(at));
      s.setBigDecimal(5, new java.math.BigDecimal(amount));
      s.setBoolean(6, isReturn);
      s.executeUpdate();
    }
  }
}
