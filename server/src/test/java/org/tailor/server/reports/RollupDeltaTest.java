package org.tailor.server.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tailor.server.MovingClock;
import org.tailor.server.persistence.BothDatabases;
import org.tailor.server.shopper.RfmCutPoints;

/**
 * The roll-up counts what is new: random interleavings of presentations, redemptions (several on
 * one presentation, some after its outcome was counted), outcomes (imported and measured by the
 * roll-up) and refreshes end with roll-ups equal to sums over the raw rows and to a full rebuild; a
 * refresh with nothing new writes nothing; a refresh counts only the new rows; a batch that fails
 * part-way counts nothing, and the next refresh counts it once. On H2 and on MariaDB.
 */
class RollupDeltaTest {

  private static final LocalDateTime START = LocalDateTime.of(2026, 3, 1, 6, 0);

  /** How far back a {@link World#settlingRollup} world redeems and imports outcomes. */
  private static final Duration RECENT = Duration.ofHours(30);

  /** Monetary tier bounds: spend up to 20 is tier 1, over 200 tier 5. */
  private static final RfmCutPoints CUT_POINTS =
      new RfmCutPoints(
          Instant.EPOCH,
          10,
          List.of(),
          List.of(),
          List.of(
              new BigDecimal("20.00"),
              new BigDecimal("50.00"),
              new BigDecimal("100.00"),
              new BigDecimal("200.00")));

  @TempDir static Path dir;
  private static BothDatabases both;

  @BeforeAll
  static void databasesIn() {
    both = new BothDatabases(dir);
  }

  static Stream<String> databases() {
    return BothDatabases.kinds();
  }

  static Stream<Arguments> seeds() {
    return databases().flatMap(kind -> Stream.of(1L, 2L, 3L).map(seed -> Arguments.of(kind, seed)));
  }

  private static DataSource open(String kind) {
    return both.dataSource(kind);
  }

  @AfterAll
  static void close() {
    both.close();
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("seeds")
  void randomInterleavingsEndWithTheSumsOfTheRawRowsAndOfAFullRebuild(String kind, long seed)
      throws SQLException {
    World world = World.create(open(kind), seed);
    ReportRollup rollup = world.rollup(world.data);
    long presentationsCounted = 0;
    for (int step = 0; step < 160; step++) {
      world.clock.advance(Duration.ofMinutes(40));
      double r = world.random.nextDouble();
      if (r < 0.45) {
        world.presentation();
      } else if (r < 0.7) {
        world.redemption();
      } else if (r < 0.85) {
        world.experimentOutcome();
      } else {
        presentationsCounted += rollup.refreshRecent().presentationsCounted();
      }
    }
    presentationsCounted += rollup.refreshRecent().presentationsCounted();

    assertThat(presentationsCounted)
        .as("every presentation counted once")
        .isEqualTo(world.count("select count(*) from presentation"));
    assertThat(world.count("select count(*) from presentation_outcome"))
        .as("the roll-up measured outcomes too")
        .isGreaterThan(world.count("select count(*) from presentation_outcome where source = 'e'"));
    Map<String, Map<List<Object>, double[]>> counted = world.rollups();
    world.assertEqual(world.expected(), counted, "incremental against the raw rows");
    assertThat(rollup.refresh(START.toLocalDate().minusDays(1)).outcomesMeasured()).isZero();
    world.assertEqual(counted, world.rollups(), "incremental against a full rebuild");
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aRefreshWithNothingNewWritesNothing(String kind) throws SQLException {
    World world = World.create(open(kind), 7);
    ReportRollup rollup = world.rollup(world.data);
    world.some(40);
    rollup.refreshRecent();
    Map<String, Map<List<Object>, double[]>> before = world.rollups();
    List<Long> ids = world.rowIds();

    ReportRollup.RollupResult again = rollup.refreshRecent();

    assertThat(again.presentationsCounted()).isZero();
    assertThat(again.redemptionsCounted()).isZero();
    assertThat(again.outcomesCounted()).isZero();
    assertThat(again.daysTouched()).isZero();
    assertThat(again.rowsWritten()).isZero();
    world.assertEqual(before, world.rollups(), "unchanged");
    assertThat(world.rowIds()).isEqualTo(ids);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aRefreshCountsOnlyWhatIsNew(String kind) throws SQLException {
    World world = World.create(open(kind), 11);
    ReportRollup rollup = world.rollup(world.data);
    world.some(60);
    assertThat(rollup.refreshRecent().presentationsCounted()).isEqualTo(world.presentations());

    world.clock.advance(Duration.ofMinutes(15));
    long first = world.presentation();
    long second = world.presentation();
    world.redemptionOf(first);
    world.redemptionOf(first);
    world.redemptionOf(second);
    long outcomes = world.experimentOutcome() ? 1 : 0;
    ReportRollup.RollupResult result = rollup.refreshRecent();

    assertThat(result.presentationsCounted()).isEqualTo(2);
    assertThat(result.redemptionsCounted()).isEqualTo(3);
    assertThat(result.outcomesCounted()).isEqualTo(outcomes + result.outcomesMeasured());
    // a new row changes at most eight roll-up rows (one per table, two offers shown)
    assertThat(result.rowsWritten())
        .isPositive()
        .isLessThanOrEqualTo(8 * (2 + 3 + (int) result.outcomesCounted()));
    world.assertEqual(world.expected(), world.rollups(), "after the delta");
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aBatchThatFailsPartWayCountsNothingAndTheNextCountsItOnce(String kind) throws SQLException {
    DataSource data = open(kind);
    // how many statements a whole refresh prepares
    World probe = World.create(data, 5);
    probe.some(30);
    probe.rollup(data).refreshRecent();
    probe.more();
    AtomicInteger prepared = new AtomicInteger();
    probe.rollup(failingOn(data, prepared, Integer.MAX_VALUE)).refreshRecent();
    int statements = prepared.get();
    assertThat(statements).isGreaterThan(10);

    for (int failAt = 1; failAt <= statements; failAt += kind.equals("h2") ? 1 : 3) {
      World world = World.create(data, 5);
      world.some(30);
      world.rollup(data).refreshRecent();
      world.more();
      DataSource failing = failingOn(data, new AtomicInteger(), failAt);
      assertThatThrownBy(() -> world.rollup(failing).refreshRecent())
          .as("failing at statement %d", failAt)
          .isInstanceOf(IllegalStateException.class);
      world.rollup(data).refreshRecent();
      world.assertEqual(world.expected(), world.rollups(), "failed at statement " + failAt);
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void theTierIsPinnedWhenThePresentationIsFirstCounted(String kind) throws SQLException {
    World world = World.create(open(kind), 13);
    ReportRollup rollup = world.rollup(world.data);
    long shopper = world.shopperWithoutPurchases();
    long presentation = world.presentationOf(shopper);
    rollup.refreshRecent();
    assertThat(world.tierOf(presentation)).isZero();

    // the shopper becomes a big spender; a redemption of the earlier presentation arrives
    world.purchase(shopper, "500.00");
    world.clock.advance(Duration.ofMinutes(15));
    world.redemptionOf(presentation);
    rollup.refreshRecent();

    assertThat(
            world.count(
                "select sum(redemptions) from report_store_day where value_tier = 0"
                    + " and report_date = date '"
                    + world.dayOf(presentation)
                    + "'"))
        .as("the redemption lands in the tier its presentation was counted in")
        .isEqualTo(
            world.count("select count(*) from redemption where presentation_id = " + presentation));
    assertThat(world.count("select count(*) from report_store_day where value_tier = 5")).isZero();

    // a full rebuild counts again with the tiers of now
    rollup.refresh(world.dayOf(presentation));
    assertThat(world.tierOf(presentation)).isEqualTo(5);
    assertThat(world.count("select sum(presentations) from report_store_day where value_tier = 5"))
        .isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aBatchOfMoreShoppersThanOneTierQueryCountsEachPresentationInItsShoppersTier(String kind)
      throws SQLException {
    World world = World.create(open(kind), 17);
    ReportRollup rollup = world.rollup(world.data);
    rollup.refreshRecent();
    // more shoppers than two of the roll-up's tier queries read, with net spends in every tier
    // (returns deducted), some without purchases, and presentations without a shopper
    String[] spends = {"0.00", "20.00", "20.01", "49.99", "75.00", "100.00", "150.00", "250.00"};
    int shoppers = 2 * ReportRollup.TIER_CHUNK + 37;
    Map<Long, Integer> expectedTier = new HashMap<>();
    for (int i = 0; i < shoppers; i++) {
      long shopper = world.shopperWithoutPurchases();
      int tier = 0;
      if (i % 9 != 0) {
        BigDecimal spend = new BigDecimal(spends[i % spends.length]);
        world.purchase(shopper, spend.add(new BigDecimal("30.00")).toPlainString());
        world.refund(shopper, "30.00");
        tier = CUT_POINTS.monetaryScore(spend);
      }
      for (int k = 0; k <= i % 2; k++) {
        expectedTier.put(world.presentationOf(shopper), tier);
      }
      if (i % 50 == 0) {
        expectedTier.put(world.presentationOf(null), 0);
      }
    }
    world.clock.advance(Duration.ofMinutes(15));

    assertThat(rollup.refreshRecent().presentationsCounted()).isEqualTo(expectedTier.size());

    Map<Long, Integer> pinned = new HashMap<>();
    world.query(
        "select presentation_id, value_tier from report_presentation_state",
        r -> pinned.put(r.getLong(1), r.getInt(2)));
    assertThat(pinned).containsAllEntriesOf(expectedTier);
    assertThat(pinned.values()).contains(0, 1, 2, 3, 4, 5);
    world.assertEqual(world.expected(), world.rollups(), "tiers of many shoppers in one batch");
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("seeds")
  void randomInterleavingsWithSettledDaysPrunedEndWithTheSumsOfTheRawRowsAndOfAFullRebuild(
      String kind, long seed) throws SQLException {
    World world = World.create(open(kind), seed);
    ReportRollup rollup = world.settlingRollup(world.data);
    long presentationsCounted = 0;
    long pruned = 0;
    // six and a half days: the first four settle and are pruned on the way
    for (int step = 0; step < 240; step++) {
      world.clock.advance(Duration.ofMinutes(40));
      double r = world.random.nextDouble();
      if (r < 0.45) {
        world.presentation();
      } else if (r < 0.7) {
        world.redemption();
      } else if (r < 0.85) {
        world.experimentOutcome();
      } else {
        ReportRollup.RollupResult result = rollup.refreshRecent();
        presentationsCounted += result.presentationsCounted();
        pruned += result.countedRowsPruned();
        assertThat(result.redemptionsOfSettledDays()).isZero();
      }
    }
    ReportRollup.RollupResult last = rollup.refreshRecent();
    presentationsCounted += last.presentationsCounted();
    pruned += last.countedRowsPruned();

    assertThat(presentationsCounted)
        .as("every presentation counted once")
        .isEqualTo(world.count("select count(*) from presentation"));
    LocalDate settledBefore = world.clock.now().toLocalDate().minusDays(2);
    assertThat(pruned)
        .as("state rows and markers deleted")
        .isEqualTo(
            world.count(
                    "select count(*) from presentation where shown_at < date '"
                        + settledBefore
                        + "'")
                + world.count(
                    "select count(*) from redemption r join presentation p"
                        + " on p.id = r.presentation_id where p.shown_at < date '"
                        + settledBefore
                        + "'"))
        .isPositive();
    assertThat(
            world.count(
                "select count(*) from report_presentation_state where report_date < date '"
                    + settledBefore
                    + "'"))
        .as("no state rows of settled days left")
        .isZero();
    assertThat(world.count("select count(*) from report_presentation_state"))
        .isLessThan(world.count("select count(*) from presentation"));
    Map<String, Map<List<Object>, double[]>> counted = world.rollups();
    world.assertEqual(world.expected(), counted, "incremental and pruned against the raw rows");
    rollup.refresh(START.toLocalDate().minusDays(1));
    world.assertEqual(counted, world.rollups(), "incremental and pruned against a full rebuild");
    // the rebuild wrote state rows of settled days again; the next refresh prunes them
    rollup.refreshRecent();
    world.assertEqual(counted, world.rollups(), "pruned again after the rebuild");
    assertThat(
            world.count(
                "select count(*) from report_presentation_state where report_date < date '"
                    + settledBefore
                    + "'"))
        .isZero();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aRefreshThatFailsWhileMeasuringOrPruningCountsNothingAndTheNextCountsItOnce(String kind)
      throws SQLException {
    DataSource data = open(kind);
    AtomicInteger prepared = new AtomicInteger();
    World probe = settlingWorld(data);
    probe.settlingRollup(failingOn(data, prepared, Integer.MAX_VALUE)).refreshRecent();
    int statements = prepared.get();
    assertThat(statements).isGreaterThan(15);

    for (int failAt = 1; failAt <= statements; failAt += kind.equals("h2") ? 1 : 3) {
      World world = settlingWorld(data);
      DataSource failing = failingOn(data, new AtomicInteger(), failAt);
      assertThatThrownBy(() -> world.settlingRollup(failing).refreshRecent())
          .as("failing at statement %d", failAt)
          .isInstanceOf(IllegalStateException.class);
      ReportRollup.RollupResult next = world.settlingRollup(data).refreshRecent();
      world.assertEqual(world.expected(), world.rollups(), "failed at statement " + failAt);
      assertThat(
              world.count(
                  "select count(*) from presentation p where p.shopper_id is not null"
                      + " and p.shown_at < timestamp '"
                      + Timestamp.valueOf(world.clock.now().minusDays(1))
                      + "' and p.shown_at >= date '"
                      + world.clock.now().toLocalDate().minusDays(2)
                      + "' and not exists (select 1 from presentation_outcome o"
                      + " where o.presentation_id = p.id)"))
          .as("failed at statement %d: every outcome due measured", failAt)
          .isZero();
      assertThat(
              world.count(
                  "select count(*) from report_presentation_state where report_date < date '"
                      + world.clock.now().toLocalDate().minusDays(2)
                      + "'"))
          .as("failed at statement %d: settled days pruned by the next refresh", failAt)
          .isZero();
      assertThat(next.redemptionsOfSettledDays()).isZero();
    }
  }

  /**
   * A world counted on its first day and a day later, with new rows since: its next refresh
   * measures outcomes, counts, and prunes the first day.
   */
  private static World settlingWorld(DataSource data) throws SQLException {
    World world = World.create(data, 5);
    ReportRollup rollup = world.settlingRollup(data);
    world.some(30);
    rollup.refreshRecent();
    world.clock.advance(Duration.ofDays(1));
    world.more();
    rollup.refreshRecent();
    world.clock.advance(Duration.ofDays(1));
    world.more();
    return world;
  }

  @ParameterizedTest
  @MethodSource("databases")
  void theOutcomeStepReadsOnlyPresentationsWhoseWindowClosedOrThatWereWrittenSince(String kind)
      throws SQLException {
    World world = World.create(open(kind), 17);
    ReportRollup rollup = world.rollup(world.data);
    long shopper = world.shoppers.get(3);
    long shown = world.presentationOf(shopper);
    rollup.refreshRecent();
    world.clock.advance(Duration.ofDays(1).plusHours(12));
    assertThat(rollup.refreshRecent().outcomesMeasured())
        .as("the window of the first presentation closed since")
        .isEqualTo(1);
    assertThat(world.hasOutcome(shown)).isTrue();

    // shown before the last refresh's window end: one written before that refresh's watermark
    // less the margin (which a refresh cannot have missed: planted here to show that the step does
    // not read it), one written now (committed late)
    LocalDateTime closedEarlier = START.minusHours(1);
    long outside = world.plantedPresentation(shopper, closedEarlier, closedEarlier);
    long late = world.plantedPresentation(shopper, closedEarlier, world.clock.now());
    world.clock.advance(Duration.ofMinutes(15));
    ReportRollup.RollupResult bounded = rollup.refreshRecent();

    assertThat(bounded.outcomesMeasured()).as("only the late one").isEqualTo(1);
    assertThat(world.hasOutcome(late)).isTrue();
    assertThat(world.hasOutcome(outside)).as("not read: outside the window").isFalse();

    // the first refresh after the upgrade (no watermarks yet) reads every presentation due
    world.execute(
        "update report_rollup_batch set outcomes_closed_before = null,"
            + " outcomes_written_to = null");
    assertThat(rollup.refreshRecent().outcomesMeasured()).isEqualTo(1);
    assertThat(world.hasOutcome(outside)).isTrue();
    // the planted presentation was written before the counting's watermark too: a rebuild counts it
    rollup.refresh(START.toLocalDate().minusDays(1));
    world.assertEqual(world.expected(), world.rollups(), "after the outcomes");
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aRedemptionOfASettledDayIsReportedAndCountedByARebuild(String kind) throws SQLException {
    World world = World.create(open(kind), 19);
    ReportRollup rollup = world.settlingRollup(world.data);
    long presentation = world.presentationOf(world.shoppers.get(2));
    rollup.refreshRecent();
    world.clock.advance(Duration.ofDays(3));
    world.presentation();
    assertThat(rollup.refreshRecent().countedRowsPruned()).isEqualTo(1);
    Map<String, Map<List<Object>, double[]>> before = world.rollups();

    world.clock.advance(Duration.ofMinutes(15));
    world.redemptionOf(presentation);
    ReportRollup.RollupResult late = rollup.refreshRecent();

    assertThat(late.redemptionsOfSettledDays()).isEqualTo(1);
    assertThat(late.redemptionsCounted()).isZero();
    world.assertEqual(before, world.rollups(), "the late redemption is not counted");
    rollup.refresh(world.dayOf(presentation));
    world.assertEqual(world.expected(), world.rollups(), "counted by the rebuild");
  }

  /** Throws on the {@code failAt}-th statement prepared through it, counting them in {@code n}. */
  private static DataSource failingOn(DataSource data, AtomicInteger n, int failAt) {
    return (DataSource)
        Proxy.newProxyInstance(
            RollupDeltaTest.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(data, method, args);
              if (!method.getName().equals("getConnection")) {
                return result;
              }
              Connection connection = (Connection) result;
              return Proxy.newProxyInstance(
                  RollupDeltaTest.class.getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (p, m, a) -> {
                    if (m.getName().startsWith("prepare") && n.incrementAndGet() == failAt) {
                      throw new SQLException("failing on purpose at statement " + failAt);
                    }
                    return invoke(connection, m, a);
                  });
            });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** The chain, shoppers with fixed purchases, and the random rows a test writes. */
  private static final class World {
    private final DataSource data;
    private final Random random;
    private final MovingClock clock = new MovingClock(START.toInstant(ZoneOffset.UTC));
    private final ReportFixture chain;
    private final long[] stores;
    private final Map<Long, List<Long>> terminalsOfStore = new HashMap<>();
    private final List<Long> shoppers = new ArrayList<>();
    private final List<Long> presentationIds = new ArrayList<>();
    private final Map<Long, List<Long>> offersOf = new HashMap<>();
    private final Map<Long, Long> storeOf = new HashMap<>();
    private final Map<Long, LocalDateTime> shownAt = new HashMap<>();

    /**
     * Redemptions and imported outcomes only of presentations shown within {@link #RECENT}, so that
     * none arrives for a day that has settled (with no settling period, two days back).
     */
    private boolean recentOnly;

    private int messages;
    private int receipts;

    private World(DataSource data, long seed) throws SQLException {
      this.data = data;
      this.random = new Random(seed);
      ReportFixture.deleteAll(data);
      chain = ReportFixture.write(data, 0, 0);
      stores = new long[] {chain.northOne, chain.northTwo, chain.southOne};
      try (Connection c = data.getConnection();
          Statement s = c.createStatement();
          ResultSet rows = s.executeQuery("select id, store_id from terminal")) {
        while (rows.next()) {
          terminalsOfStore
              .computeIfAbsent(rows.getLong(2), k -> new ArrayList<>())
              .add(rows.getLong(1));
        }
      }
      for (int i = 0; i < 8; i++) {
        long shopper = shopper("s" + i);
        shoppers.add(shopper);
        // fixed purchases, some before and some within the attribution windows
        for (int k = 0; k < i; k++) {
          purchaseAt(
              shopper,
              START.plusHours(random.nextInt(96)),
              BigDecimal.valueOf(random.nextInt(6000), 2).toPlainString());
        }
      }
    }

    static World create(DataSource data, long seed) throws SQLException {
      return new World(data, seed);
    }

    ReportRollup rollup(DataSource source) {
      return new ReportRollup(source, Duration.ofDays(1), () -> CUT_POINTS, clock);
    }

    /**
     * A roll-up whose days settle as soon as no refresh measures their outcomes (two days back),
     * with redemptions and outcomes written only for presentations of days not settled.
     */
    ReportRollup settlingRollup(DataSource source) {
      recentOnly = true;
      return new ReportRollup(source, Duration.ofDays(1), Duration.ZERO, () -> CUT_POINTS, clock);
    }

    /** Writes {@code n} random rows. */
    void some(int n) throws SQLException {
      for (int i = 0; i < n; i++) {
        clock.advance(Duration.ofMinutes(20));
        double r = random.nextDouble();
        if (r < 0.6) {
          presentation();
        } else if (r < 0.85) {
          redemption();
        } else {
          experimentOutcome();
        }
      }
    }

    /** Some new presentations, redemptions (of new and old ones) and outcomes. */
    void more() throws SQLException {
      clock.advance(Duration.ofHours(9));
      for (int i = 0; i < 3; i++) {
        redemptionOf(presentation());
        redemption();
        experimentOutcome();
      }
    }

    int presentations() {
      return presentationIds.size();
    }

    long presentation() throws SQLException {
      Long shopper =
          random.nextDouble() < 0.2 ? null : shoppers.get(random.nextInt(shoppers.size()));
      return presentationOf(shopper);
    }

    long presentationOf(Long shopper) throws SQLException {
      long store = stores[random.nextInt(stores.length)];
      List<Long> terminals = terminalsOfStore.get(store);
      Long terminal =
          random.nextDouble() < 0.2 ? null : terminals.get(random.nextInt(terminals.size()));
      boolean holdout = random.nextDouble() < 0.2;
      List<Long> offers = new ArrayList<>();
      if (!holdout) {
        offers.add(random.nextBoolean() ? chain.coffee : chain.bread);
        if (random.nextDouble() < 0.3) {
          offers.add(chain.wine);
        }
      }
      Long campaign = offers.contains(chain.wine) ? null : chain.spring;
      LocalDateTime shown = clock.now().minusMinutes(random.nextInt(600));
      long id;
      try (Connection c = data.getConnection()) {
        try (PreparedStatement s =
            c.prepareStatement(
                "insert into presentation (shopper_id, store_id, terminal_id, channel, shown_at,"
                    + " holdout, campaign_id, written_at) values (?, ?, ?, 'kiosk', ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
          s.setObject(1, shopper);
          s.setLong(2, store);
          s.setObject(3, terminal);
          s.setTimestamp(4, Timestamp.valueOf(shown));
          s.setBoolean(5, holdout);
          s.setObject(6, campaign);
          s.setTimestamp(7, Timestamp.valueOf(clock.now()));
          s.executeUpdate();
          try (ResultSet keys = s.getGeneratedKeys()) {
            keys.next();
            id = keys.getLong(1);
          }
        }
        for (int rank = 0; rank < offers.size(); rank++) {
          try (PreparedStatement s =
              c.prepareStatement(
                  "insert into presentation_offer (presentation_id, offer_rank, offer_id,"
                      + " probability, explanation) values (?, ?, ?, 0.5, 'test')")) {
            s.setLong(1, id);
            s.setInt(2, rank + 1);
            s.setLong(3, offers.get(rank));
            s.executeUpdate();
          }
        }
      }
      presentationIds.add(id);
      shownAt.put(id, shown);
      offersOf.put(id, offers);
      storeOf.put(id, store);
      return id;
    }

    void redemption() throws SQLException {
      List<Long> candidates = recentOnly ? recent() : presentationIds;
      if (!candidates.isEmpty()) {
        redemptionOf(candidates.get(random.nextInt(candidates.size())));
      }
    }

    /** The presentations shown within {@link #RECENT}, on days that have not settled. */
    private List<Long> recent() {
      LocalDateTime from = clock.now().minus(RECENT);
      return presentationIds.stream().filter(id -> shownAt.get(id).isAfter(from)).toList();
    }

    /** A redemption of one of the presentation's offers (now and then of another offer). */
    void redemptionOf(long presentation) throws SQLException {
      List<Long> offers = offersOf.get(presentation);
      long offer =
          offers.isEmpty() || random.nextDouble() < 0.1
              ? chain.wine
              : offers.get(random.nextInt(offers.size()));
      try (Connection c = data.getConnection();
          PreparedStatement s =
              c.prepareStatement(
                  "insert into redemption (message_id, presentation_id, offer_id, store_id,"
                      + " redeemed_at, basket_amount, discount_amount, written_at)"
                      + " values (?, ?, ?, ?, ?, ?, ?, ?)")) {
        s.setString(1, "m" + messages++);
        s.setLong(2, presentation);
        s.setLong(3, offer);
        s.setLong(4, storeOf.get(presentation));
        s.setTimestamp(5, Timestamp.valueOf(clock.now()));
        s.setBigDecimal(6, BigDecimal.valueOf(500 + random.nextInt(9000), 2));
        s.setBigDecimal(7, BigDecimal.valueOf(1 + random.nextInt(900), 2));
        s.setTimestamp(8, Timestamp.valueOf(clock.now()));
        s.executeUpdate();
      }
    }

    /** An imported outcome for a presentation without one; false when there was none left. */
    boolean experimentOutcome() throws SQLException {
      List<Long> candidates = new ArrayList<>();
      try (Connection c = data.getConnection();
          Statement s = c.createStatement();
          ResultSet rows =
              s.executeQuery(
                  "select p.id from presentation p where not exists (select 1"
                      + " from presentation_outcome o where o.presentation_id = p.id)"
                      + " order by p.id")) {
        while (rows.next()) {
          candidates.add(rows.getLong(1));
        }
      }
      if (recentOnly) {
        candidates.retainAll(recent());
      }
      if (candidates.isEmpty()) {
        return false;
      }
      boolean responded = random.nextBoolean();
      try (Connection c = data.getConnection();
          PreparedStatement s =
              c.prepareStatement(
                  "insert into presentation_outcome (presentation_id, responded,"
                      + " revenue_amount, source, measured_at) values (?, ?, ?, 'e', ?)")) {
        s.setLong(1, candidates.get(random.nextInt(candidates.size())));
        s.setBoolean(2, responded);
        s.setBigDecimal(
            3, responded ? BigDecimal.valueOf(random.nextInt(12000), 2) : BigDecimal.ZERO);
        s.setTimestamp(4, Timestamp.valueOf(clock.now()));
        s.executeUpdate();
      }
      return true;
    }

    long shopperWithoutPurchases() throws SQLException {
      return shopper("new-" + messages++);
    }

    private long shopper(String loyaltyId) throws SQLException {
      try (Connection c = data.getConnection();
          PreparedStatement s =
              c.prepareStatement(
                  "insert into shopper (loyalty_id, language, created_at, updated_at)"
                      + " values (?, 'en', current_timestamp, current_timestamp)",
                  Statement.RETURN_GENERATED_KEYS)) {
        s.setString(1, loyaltyId);
        s.executeUpdate();
        try (ResultSet keys = s.getGeneratedKeys()) {
          keys.next();
          return keys.getLong(1);
        }
      }
    }

    void purchase(long shopper, String amount) throws SQLException {
      purchaseAt(shopper, clock.now(), amount);
    }

    /** A return of {@code amount} (a receipt of minus that, {@code is_return}). */
    void refund(long shopper, String amount) throws SQLException {
      try (Connection c = data.getConnection();
          PreparedStatement s =
              c.prepareStatement(
                  "insert into purchase (store_id, receipt_number, shopper_id, purchased_at,"
                      + " total_amount, is_return, currency) values (?, ?, ?, ?, ?, true, 'EUR')")) {
        s.setLong(1, stores[0]);
        s.setString(2, "r" + receipts++);
        s.setLong(3, shopper);
        s.setTimestamp(4, Timestamp.valueOf(clock.now()));
        s.setBigDecimal(5, new BigDecimal(amount).negate());
        s.executeUpdate();
      }
    }

    private void purchaseAt(long shopper, LocalDateTime at, String amount) throws SQLException {
      try (Connection c = data.getConnection();
          PreparedStatement s =
              c.prepareStatement(
                  "insert into purchase (store_id, receipt_number, shopper_id, purchased_at,"
                      + " total_amount, is_return, currency) values (?, ?, ?, ?, ?, false, 'EUR')")) {
        s.setLong(1, stores[0]);
        s.setString(2, "r" + receipts++);
        s.setLong(3, shopper);
        s.setTimestamp(4, Timestamp.valueOf(at));
        s.setBigDecimal(5, new BigDecimal(amount));
        s.executeUpdate();
      }
    }

    /** A presentation without offers shown and written at the given times. */
    long plantedPresentation(long shopper, LocalDateTime shown, LocalDateTime written)
        throws SQLException {
      long store = stores[0];
      try (Connection c = data.getConnection();
          PreparedStatement s =
              c.prepareStatement(
                  "insert into presentation (shopper_id, store_id, channel, shown_at, holdout,"
                      + " written_at) values (?, ?, 'kiosk', ?, false, ?)",
                  Statement.RETURN_GENERATED_KEYS)) {
        s.setLong(1, shopper);
        s.setLong(2, store);
        s.setTimestamp(3, Timestamp.valueOf(shown));
        s.setTimestamp(4, Timestamp.valueOf(written));
        s.executeUpdate();
        try (ResultSet keys = s.getGeneratedKeys()) {
          keys.next();
          long id = keys.getLong(1);
          presentationIds.add(id);
          shownAt.put(id, shown);
          offersOf.put(id, List.of());
          storeOf.put(id, store);
          return id;
        }
      }
    }

    boolean hasOutcome(long presentation) throws SQLException {
      return count(
              "select count(*) from presentation_outcome where presentation_id = " + presentation)
          > 0;
    }

    void execute(String sql) throws SQLException {
      try (Connection c = data.getConnection();
          Statement s = c.createStatement()) {
        s.executeUpdate(sql);
      }
    }

    int tierOf(long presentation) throws SQLException {
      return (int)
          count(
              "select value_tier from report_presentation_state where presentation_id = "
                  + presentation);
    }

    LocalDate dayOf(long presentation) throws SQLException {
      try (Connection c = data.getConnection();
          Statement s = c.createStatement();
          ResultSet row =
              s.executeQuery("select shown_at from presentation where id = " + presentation)) {
        row.next();
        return row.getTimestamp(1).toLocalDateTime().toLocalDate();
      }
    }

    long count(String sql) throws SQLException {
      try (Connection c = data.getConnection();
          Statement s = c.createStatement();
          ResultSet row = s.executeQuery(sql)) {
        row.next();
        return row.getLong(1);
      }
    }

    /** The ids of every store-day and terminal-day row, which a refresh that writes keeps. */
    List<Long> rowIds() throws SQLException {
      List<Long> ids = new ArrayList<>();
      for (String table : List.of("report_store_day", "report_chain_day", "report_terminal_day")) {
        try (Connection c = data.getConnection();
            Statement s = c.createStatement();
            ResultSet rows = s.executeQuery("select id from " + table + " order by id")) {
          while (rows.next()) {
            ids.add(rows.getLong(1));
          }
        }
      }
      return ids;
    }

    /** Every roll-up table's sums per key, as the pages read them (summed per key). */
    Map<String, Map<List<Object>, double[]>> rollups() throws SQLException {
      Map<String, Map<List<Object>, double[]>> tables = new TreeMap<>();
      for (Table table : Table.values()) {
        Map<List<Object>, double[]> rows = new HashMap<>();
        String sums =
            String.join(", ", table.sums.stream().map(column -> "sum(" + column + ")").toList());
        String keys = String.join(", ", table.keys);
        try (Connection c = data.getConnection();
            Statement s = c.createStatement();
            ResultSet result =
                s.executeQuery(
                    "select "
                        + keys
                        + ", "
                        + sums
                        + " from "
                        + table.table
                        + " group by "
                        + keys)) {
          while (result.next()) {
            List<Object> key = new ArrayList<>();
            for (int i = 1; i <= table.keys.size(); i++) {
              key.add(normal(result.getObject(i)));
            }
            double[] values = new double[table.sums.size()];
            for (int i = 0; i < values.length; i++) {
              values[i] = result.getDouble(table.keys.size() + 1 + i);
            }
            rows.put(key, values);
          }
        }
        tables.put(table.table, rows);
      }
      return tables;
    }

    /** The same, computed here from the raw rows. */
    Map<String, Map<List<Object>, double[]>> expected() throws SQLException {
      Map<Long, BigDecimal> spend = new HashMap<>();
      query(
          "select shopper_id, sum(total_amount) from purchase group by shopper_id",
          r -> spend.put(r.getLong(1), r.getBigDecimal(2)));
      Map<Long, Object[]> outcomes = new HashMap<>();
      query(
          "select presentation_id, responded, revenue_amount from presentation_outcome",
          r -> outcomes.put(r.getLong(1), new Object[] {r.getBoolean(2), r.getBigDecimal(3)}));
      Map<Long, List<Object[]>> redemptions = new HashMap<>();
      query(
          "select presentation_id, offer_id, basket_amount, discount_amount from redemption",
          r ->
              redemptions
                  .computeIfAbsent(r.getLong(1), k -> new ArrayList<>())
                  .add(new Object[] {r.getLong(2), r.getBigDecimal(3), r.getBigDecimal(4)}));
      Map<Long, Long> campaignOfOffer = new HashMap<>();
      query(
          "select id, campaign_id from offer",
          r -> campaignOfOffer.put(r.getLong(1), (Long) normal(r.getObject(2))));
      Map<Long, List<Long>> shownOffers = new HashMap<>();
      query(
          "select presentation_id, offer_id from presentation_offer",
          r -> shownOffers.computeIfAbsent(r.getLong(1), k -> new ArrayList<>()).add(r.getLong(2)));
      Map<String, Map<List<Object>, double[]>> tables = new TreeMap<>();
      for (Table table : Table.values()) {
        tables.put(table.table, new HashMap<>());
      }
      query(
          "select id, shown_at, store_id, terminal_id, campaign_id, holdout, shopper_id"
              + " from presentation",
          r -> {
            long id = r.getLong(1);
            LocalDate day = r.getTimestamp(2).toLocalDateTime().toLocalDate();
            Long store = r.getLong(3);
            Object terminal = normal(r.getObject(4));
            Object campaign = normal(r.getObject(5));
            boolean holdout = r.getBoolean(6);
            Object shopper = normal(r.getObject(7));
            long tier =
                shopper == null || !spend.containsKey(shopper)
                    ? 0
                    : CUT_POINTS.monetaryScore(spend.get(shopper));
            List<Object[]> redeemed = redemptions.getOrDefault(id, List.of());
            BigDecimal discount =
                redeemed.stream()
                    .map(x -> (BigDecimal) x[2])
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal basket =
                redeemed.stream()
                    .map(x -> (BigDecimal) x[1])
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            double[] outcome = outcomeSums(outcomes.get(id), discount);
            double[] sums =
                concat(
                    new double[] {1},
                    outcome,
                    new double[] {redeemed.size(), basket.doubleValue(), discount.doubleValue()});
            add(
                tables,
                Table.STORE_DAY,
                List.of(day, store, nullable(campaign), holdout, tier),
                sums);
            add(tables, Table.CHAIN_DAY, List.of(day, nullable(campaign), holdout, tier), sums);
            add(tables, Table.STORE_ARM_DAY, List.of(day, store, holdout), sums);
            if (terminal != null) {
              add(
                  tables,
                  Table.TERMINAL_DAY,
                  List.of(day, store, terminal),
                  new double[] {1, redeemed.size()});
            }
            for (long offer : shownOffers.getOrDefault(id, List.of())) {
              BigDecimal offerBasket = BigDecimal.ZERO;
              BigDecimal offerDiscount = BigDecimal.ZERO;
              int n = 0;
              for (Object[] x : redeemed) {
                if ((Long) x[0] == offer) {
                  n++;
                  offerBasket = offerBasket.add((BigDecimal) x[1]);
                  offerDiscount = offerDiscount.add((BigDecimal) x[2]);
                }
              }
              double[] offerSums =
                  concat(
                      new double[] {1},
                      outcome,
                      new double[] {n, offerBasket.doubleValue(), offerDiscount.doubleValue()});
              Object offerCampaign = nullable(campaignOfOffer.get(offer));
              add(tables, Table.OFFER_DAY, List.of(day, store, offer, offerCampaign), offerSums);
              add(tables, Table.OFFER_CHAIN_DAY, List.of(day, offer, offerCampaign), offerSums);
            }
          });
      // List.of refuses nulls: keys were built with a placeholder
      Map<String, Map<List<Object>, double[]>> withNulls = new TreeMap<>();
      tables.forEach(
          (name, rows) -> {
            Map<List<Object>, double[]> copy = new HashMap<>();
            rows.forEach(
                (key, value) ->
                    copy.put(
                        new ArrayList<>(key.stream().map(k -> k == NULL ? null : k).toList()),
                        value));
            withNulls.put(name, copy);
          });
      return withNulls;
    }

    private static final Object NULL = "null";

    private static Object nullable(Object value) {
      return value == null ? NULL : value;
    }

    private static double[] outcomeSums(Object[] outcome, BigDecimal discount) {
      if (outcome == null) {
        return new double[6];
      }
      BigDecimal revenue = (BigDecimal) outcome[1];
      BigDecimal net = revenue.subtract(discount);
      return new double[] {
        1,
        (Boolean) outcome[0] ? 1 : 0,
        revenue.doubleValue(),
        revenue.multiply(revenue).doubleValue(),
        net.doubleValue(),
        net.multiply(net).doubleValue()
      };
    }

    private static double[] concat(double[]... parts) {
      return Arrays.stream(parts).flatMapToDouble(Arrays::stream).toArray();
    }

    private static void add(
        Map<String, Map<List<Object>, double[]>> tables,
        Table table,
        List<Object> key,
        double[] sums) {
      double[] row = tables.get(table.table).computeIfAbsent(key, k -> new double[sums.length]);
      for (int i = 0; i < sums.length; i++) {
        row[i] += sums[i];
      }
    }

    /** Numbers as longs (ids, tiers), dates as dates, so that keys compare across drivers. */
    private static Object normal(Object value) {
      if (value instanceof Number number) {
        return number.longValue();
      }
      if (value instanceof java.sql.Date date) {
        return date.toLocalDate();
      }
      return value;
    }

    void assertEqual(
        Map<String, Map<List<Object>, double[]>> expected,
        Map<String, Map<List<Object>, double[]>> actual,
        String what) {
      assertThat(actual.keySet()).isEqualTo(expected.keySet());
      for (String table : expected.keySet()) {
        Map<List<Object>, double[]> want = expected.get(table);
        Map<List<Object>, double[]> got = actual.get(table);
        assertThat(got.keySet()).as("%s: rows of %s", what, table).isEqualTo(want.keySet());
        for (List<Object> key : want.keySet()) {
          double[] w = want.get(key);
          double[] g = got.get(key);
          for (int i = 0; i < w.length; i++) {
            assertThat(round(g[i]))
                .as("%s: %s %s column %d", what, table, key, i)
                .isEqualTo(round(w[i]));
          }
        }
      }
    }

    /** Sums of squares pass through doubles; ten significant digits are compared. */
    private static BigDecimal round(double value) {
      return new BigDecimal(value)
          .round(new java.math.MathContext(10, RoundingMode.HALF_EVEN))
          .stripTrailingZeros();
    }

    @FunctionalInterface
    private interface Row {
      void read(ResultSet row) throws SQLException;
    }

    private void query(String sql, Row reader) throws SQLException {
      try (Connection c = data.getConnection();
          Statement s = c.createStatement();
          ResultSet rows = s.executeQuery(sql)) {
        while (rows.next()) {
          reader.read(rows);
        }
      }
    }
  }

  /** The roll-up tables, their keys and their sums. */
  private enum Table {
    STORE_DAY(
        "report_store_day",
        List.of("report_date", "store_id", "campaign_id", "holdout", "value_tier"),
        "presentations"),
    CHAIN_DAY(
        "report_chain_day",
        List.of("report_date", "campaign_id", "holdout", "value_tier"),
        "presentations"),
    STORE_ARM_DAY(
        "report_store_arm_day", List.of("report_date", "store_id", "holdout"), "presentations"),
    TERMINAL_DAY(
        "report_terminal_day",
        List.of("report_date", "store_id", "terminal_id"),
        List.of("presentations", "redemptions")),
    OFFER_DAY(
        "report_offer_day", List.of("report_date", "store_id", "offer_id", "campaign_id"), "shown"),
    OFFER_CHAIN_DAY(
        "report_offer_chain_day", List.of("report_date", "offer_id", "campaign_id"), "shown");

    private final String table;
    private final List<String> keys;
    private final List<String> sums;

    Table(String table, List<String> keys, String count) {
      this(table, keys, withSums(count));
    }

    Table(String table, List<String> keys, List<String> sums) {
      this.table = table;
      this.keys = keys;
      this.sums = sums;
    }

    private static List<String> withSums(String count) {
      List<String> sums = new ArrayList<>();
      sums.add(count);
      sums.addAll(RollupDeltas.SUM_COLUMNS);
      return sums;
    }
  }
}
