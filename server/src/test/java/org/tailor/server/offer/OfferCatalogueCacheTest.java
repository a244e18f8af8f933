package org.tailor.server.offer;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.api.Trigger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.tailor.plugin.host.DecisionListener;
import org.tailor.plugin.host.PresentationEvent;
import org.tailor.plugin.host.RedemptionEvent;
import org.tailor.plugin.host.RedemptionRecord;
import org.tailor.scoring.rules.language.CompiledRule;
import org.tailor.server.MovingClock;
import org.tailor.server.decision.DatabaseDecisionLog;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;
import org.tailor.server.store.StoreDetails;
import org.tailor.server.store.StoreService;

/**
 * The catalogue cache's reloads: what a periodic reload that reads the same offers keeps, that
 * every change, made here or on another server, is seen, and that no decision waits for a periodic
 * reload (held in the database by an H2 trigger on the budgets it reads).
 */
class OfferCatalogueCacheTest {

  private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");
  private static final Duration MAX_AGE = Duration.ofSeconds(10);
  private static final Duration PATIENCE = Duration.ofSeconds(30); // a bound, never a measure

  @TempDir Path root;

  private final MovingClock clock = new MovingClock(START);
  private Database database;
  private OfferCatalogueCache catalogue;
  private OfferService here; // tells this server's catalogue of its changes
  private OfferService elsewhere; // another server's: seen at the next periodic reload

  @BeforeEach
  void setUp() throws SQLException {
    database = Database.open(TestDatabases.h2(root.resolve("db")));
    StoreService stores = new StoreService(database, clock);
    for (String store : List.of("S1", "S2")) {
      stores.createStore(
          new StoreDetails(store, store, Optional.empty(), Optional.empty(), "Europe/Madrid"));
    }
    sql(
        "CREATE TRIGGER hold_next_redemption_read BEFORE SELECT ON redemption CALL \""
            + HoldNextRedemptionRead.class.getName()
            + "\"");
    catalogue = new OfferCatalogueCache(database, clock, MAX_AGE);
    here = new OfferService(database, clock, catalogue::invalidate);
    elsewhere = new OfferService(database, clock);
    here.createOffer(new Draft("coffee-10").details());
    here.createOffer(new Draft("tea-10").details());
  }

  @AfterEach
  void tearDown() {
    HoldNextRedemptionRead.next.set(null);
    catalogue.close();
    database.close();
  }

  @Test
  void aReloadThatReadsTheSameOffersKeepsTheOffersShownInEachStoreWithTheNewBudgetsSpent() {
    Draft budgeted = new Draft("s2-budget");
    budgeted.budget = Optional.of(new BigDecimal("1.00"));
    budgeted.stores = List.of("S2");
    here.createOffer(budgeted.details());
    OfferCatalogueCache.ActiveOffers s1 = active("S1");
    OfferCatalogueCache.ActiveOffers s2 = active("S2");
    assertThat(codes(s2)).containsExactly("coffee-10", "s2-budget", "tea-10");

    redeemElsewhere("s2-budget", "10.00"); // 1.00 of 1.00: spent on another server
    assertThat(codes(active("S2"))).contains("s2-budget"); // not seen before the next reload
    periodicReload();

    // the reload read the budget spent elsewhere ...
    OfferCatalogueCache.ActiveOffers s2Reloaded = active("S2");
    assertThat(codes(s2Reloaded)).containsExactly("coffee-10", "tea-10");
    // ... and kept what it had found of the offers shown in each store
    assertThat(active("S1")).isSameAs(s1);
    assertThat(s2Reloaded.categoryNumbers(s2.offers())).isSameAs(s2.categoryNumbers(s2.offers()));
  }

  @Test
  void aBudgetSpentAfterAReloadThatKeptTheOffersShownStillTakesTheOfferOut() {
    Draft budgeted = new Draft("tea-10");
    budgeted.budget = Optional.of(new BigDecimal("1.00"));
    here.updateOffer("tea-10", budgeted.details());
    OfferCatalogueCache.ActiveOffers before = active("S1");
    periodicReload();
    assertThat(active("S1")).isSameAs(before);

    ActiveOffer tea = before.offers().get(1);
    catalogue.redeemed(tea.id(), new BigDecimal("1.00")); // a redemption on this server

    assertThat(codes(active("S1"))).containsExactly("coffee-10");
  }

  @Test
  void aChangeMadeOnThisServerFindsTheOffersShownAfresh() {
    OfferCatalogueCache.ActiveOffers before = active("S1");

    here.updateOffer("tea-10", new Draft("tea-10").details()); // the same offer, saved again

    OfferCatalogueCache.ActiveOffers after = active("S1");
    assertThat(after).isNotSameAs(before);
    assertThat(after.offers()).isEqualTo(before.offers());
  }

  @Test
  void anOfferMadeValidLaterElsewhereLeavesAtTheNextReload() {
    Draft later = new Draft("tea-10");
    later.validFrom = START.plus(Duration.ofDays(1));

    assertThat(changedElsewhere(() -> elsewhere.updateOffer("tea-10", later.details())))
        .containsExactly("coffee-10");
  }

  @Test
  void anOfferLimitedElsewhereToAnotherStoreLeavesAtTheNextReload() {
    Draft otherStore = new Draft("tea-10");
    otherStore.stores = List.of("S2");

    assertThat(changedElsewhere(() -> elsewhere.updateOffer("tea-10", otherStore.details())))
        .containsExactly("coffee-10");
    assertThat(codes(active("S2"))).containsExactly("coffee-10", "tea-10");
  }

  @Test
  void anOfferLimitedElsewhereToAnotherChannelLeavesAtTheNextReload() {
    Draft email = new Draft("tea-10");
    email.channels = List.of("email");

    assertThat(changedElsewhere(() -> elsewhere.updateOffer("tea-10", email.details())))
        .containsExactly("coffee-10");
    assertThat(codes(catalogue.active("S1", "email", clock.instant())))
        .containsExactly("coffee-10", "tea-10");
  }

  @Test
  void anOfferWhoseCampaignIsPostponedElsewhereLeavesAtTheNextReload() {
    CampaignDetails spring =
        new CampaignDetails(
            "spring", "Spring", BigDecimal.ZERO, Optional.empty(), Optional.empty());
    here.createCampaign(spring);
    Draft inSpring = new Draft("tea-10");
    inSpring.campaign = Optional.of("spring");
    here.updateOffer("tea-10", inSpring.details());
    CampaignDetails postponed =
        new CampaignDetails(
            "spring",
            "Spring",
            BigDecimal.ZERO,
            Optional.of(START.plus(Duration.ofDays(7))),
            Optional.empty());

    // the campaign's row changes, not the offer's
    assertThat(changedElsewhere(() -> elsewhere.updateCampaign("spring", postponed)))
        .containsExactly("coffee-10");
  }

  @Test
  void aRuleChangedElsewhereIsReadAtTheNextReload() {
    Draft ruled = new Draft("tea-10");
    ruled.rule = Optional.of("known");
    here.updateOffer("tea-10", ruled.details());
    OfferCatalogueCache.ActiveOffers before = active("S1");
    ruled.rule = Optional.of("!known");
    elsewhere.updateOffer("tea-10", ruled.details());

    periodicReload();

    OfferCatalogueCache.ActiveOffers after = active("S1");
    assertThat(after).isNotSameAs(before);
    EligibilityRule rule = after.offers().get(1).eligibilityRule().orElseThrow();
    assertThat(rule.source()).isEqualTo("!known");
    assertThat(rule.compiled()).hasValueSatisfying(r -> assertThat(r.source()).isEqualTo("!known"));
  }

  @Test
  void offersWithTheSameRuleShareOneRuleCompiledOnceAcrossReloads() {
    for (String code : List.of("coffee-10", "tea-10")) {
      Draft ruled = new Draft(code);
      ruled.rule = Optional.of("known && channel == \"kiosk\"");
      here.updateOffer(code, ruled.details());
    }
    List<ActiveOffer> offers = active("S1").offers();
    EligibilityRule rule = offers.get(0).eligibilityRule().orElseThrow();
    assertThat(offers.get(1).eligibilityRule()).containsSame(rule);
    CompiledRule compiled = rule.compiled().orElseThrow();

    here.createOffer(new Draft("cake-5").details()); // another offer: the catalogue is found afresh

    List<ActiveOffer> reloaded = active("S1").offers();
    assertThat(reloaded)
        .extracting(ActiveOffer::code)
        .containsExactly("cake-5", "coffee-10", "tea-10");
    assertThat(reloaded.get(1)).isNotSameAs(offers.get(0));
    assertThat(reloaded.get(1).eligibilityRule()).containsSame(rule);
    assertThat(reloaded.get(2).eligibilityRule().orElseThrow().compiled()).containsSame(compiled);
  }

  @Test
  void aRuleThatDoesNotCompileIsKeptWithItsOfferButCompilesToNothing() throws SQLException {
    // saved before rules were checked, or written to the database directly
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement("UPDATE offer SET eligibility_rule = ? WHERE code = 'tea-10'")) {
      s.setString(1, "known && langauge == \"es\"");
      s.executeUpdate();
    }
    catalogue.invalidate();

    ActiveOffer tea = active("S1").offers().get(1);

    assertThat(tea.code()).isEqualTo("tea-10");
    assertThat(tea.eligibilityRule().orElseThrow().compiled()).isEmpty();
  }

  @Test
  void theOffersShownAreKeptForTheStretchOfTimeInWhichNoneStartsOrEnds() {
    Instant opens = START.plus(Duration.ofHours(1));
    Instant closes = START.plus(Duration.ofHours(2));
    Draft cake = new Draft("cake-5");
    cake.validFrom = opens;
    here.createOffer(cake.details());
    Draft coffee = new Draft("coffee-10");
    coffee.validUntil = closes;
    here.updateOffer("coffee-10", coffee.details());

    OfferCatalogueCache.ActiveOffers beforeCake = catalogue.active("S1", "kiosk", START);
    assertThat(codes(beforeCake)).containsExactly("coffee-10", "tea-10");
    assertThat(catalogue.active("S1", "kiosk", opens.minusNanos(1000))).isSameAs(beforeCake);
    OfferCatalogueCache.ActiveOffers withCake = catalogue.active("S1", "kiosk", opens);
    assertThat(codes(withCake)).containsExactly("cake-5", "coffee-10", "tea-10");
    assertThat(catalogue.active("S1", "kiosk", closes.minusNanos(1000))).isSameAs(withCake);
    assertThat(codes(catalogue.active("S1", "kiosk", closes))).containsExactly("cake-5", "tea-10");
    assertThat(codes(catalogue.active("S1", "kiosk", START.plus(Duration.ofMinutes(30)))))
        .containsExactly("coffee-10", "tea-10");
  }

  @Test
  void aDecisionDuringASlowPeriodicReloadIsAnsweredFromThePreviousCatalogueWithoutWaiting()
      throws Exception {
    budgetTea(); // so that a reload reads the redemptions, where the trigger holds it
    OfferCatalogueCache.ActiveOffers before = active("S1");
    elsewhere.updateOffer("tea-10", email("tea-10")); // seen at the next periodic reload
    // the periodic reload read the offers and waits in the database
    whileAReloadIsHeld(
        catalogue::refresh,
        reload -> {
          Future<OfferCatalogueCache.ActiveOffers> decided =
              CompletableFuture.supplyAsync(() -> active("S1"));
          // answered while the reload still waits (or the test would time out here)
          assertThat(decided.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isSameAs(before);
          assertThat(reload).isNotDone();
        });
    assertThat(codes(active("S1"))).containsExactly("coffee-10");
  }

  @Test
  void aChangeHereIsSeenByTheNextDecisionWhileAPeriodicReloadThatReadBeforeItIsStillRunning()
      throws Exception {
    budgetTea();
    assertThat(codes(active("S1"))).containsExactly("coffee-10", "tea-10");
    AtomicReference<OfferCatalogueCache.ActiveOffers> after = new AtomicReference<>();
    // the held reload read tea-10 on the kiosk
    whileAReloadIsHeld(
        catalogue::refresh,
        reload -> {
          Draft emailOnly = new Draft("tea-10");
          emailOnly.budget = Optional.of(new BigDecimal("100.00"));
          emailOnly.channels = List.of("email");
          here.updateOffer("tea-10", emailOnly.details()); // committed, then invalidate()

          // the next decision reads the catalogue itself, without waiting for the periodic reload
          Future<OfferCatalogueCache.ActiveOffers> decided =
              CompletableFuture.supplyAsync(() -> active("S1"));
          after.set(decided.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
          assertThat(codes(after.get())).containsExactly("coffee-10");
          assertThat(reload).isNotDone();
        });
    // what the periodic reload read before the change is thrown away
    assertThat(active("S1")).isSameAs(after.get());
  }

  @Test
  void aRedemptionCountedHereWhileAPeriodicReloadIsUnderWayStaysCountedAfterIt() throws Exception {
    budgetTea(); // 100.00
    ActiveOffer tea = active("S1").offers().get(1);
    // the held reload is about to read the budgets spent
    whileAReloadIsHeld(
        this::periodicReload,
        reload -> {
          // a redemption here spends the budget; as far as the reload's read goes it committed
          // after it (there is no row to read), as one committing between the read and the
          // publication does
          catalogue.redeemed(tea.id(), new BigDecimal("100.00"));
          assertThat(codes(active("S1"))).containsExactly("coffee-10");
        });
    // the reload read nothing spent, and still the redemption counted here is not lost
    assertThat(codes(active("S1"))).containsExactly("coffee-10");
  }

  @Test
  void aRedemptionRecordedHereBeforeAReloadIsCountedOnceByIt() {
    budgetTea(); // 100.00
    // wired as the server wires it: each redemption told to the catalogue after its commit
    DatabaseDecisionLog log =
        new DatabaseDecisionLog(
            database,
            catalogue::redeemed,
            new DecisionListener() {
              @Override
              public void presented(PresentationEvent event) {}

              @Override
              public void redeemed(RedemptionEvent event) {}
            });
    redeemHere(log, "m-1", "600.00"); // 10 %: 60.00 of 100.00
    assertThat(codes(active("S1"))).containsExactly("coffee-10", "tea-10");

    periodicReload(); // reads the 60.00 from the database; not counted again on top

    assertThat(codes(active("S1"))).containsExactly("coffee-10", "tea-10");
    redeemHere(log, "m-2", "400.00"); // 40.00 more: spent
    assertThat(codes(active("S1"))).containsExactly("coffee-10");
  }

  @Test
  void aFailingReloadKeepsThePreviousCatalogueAndIsReportedOnceOverdue() throws SQLException {
    OfferCatalogueCache.ActiveOffers before = active("S1");
    Logger logger = (Logger) LoggerFactory.getLogger(OfferCatalogueCache.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try {
      sql("ALTER TABLE offer RENAME TO offer_away"); // the query fails as with a database down
      for (int period = 1; period < OfferCatalogueCache.OVERDUE_PERIODS; period++) {
        periodicReload();
        assertThat(active("S1")).isSameAs(before);
        OfferCatalogueCache.Freshness freshness = catalogue.freshness();
        assertThat(freshness.overdue()).isFalse();
        assertThat(freshness.failingSince()).contains(START.plus(MAX_AGE));
        assertThat(freshness.lastError())
            .hasValueSatisfying(e -> assertThat(e).startsWith("Table \"offer\" not found"));
      }
      periodicReload();
      assertThat(active("S1")).isSameAs(before);
      assertThat(catalogue.freshness().overdue()).isTrue();
      assertThat(catalogue.freshness().loadedAt()).contains(START);
      assertThat(logged.list)
          .hasSize(OfferCatalogueCache.OVERDUE_PERIODS)
          .allSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.WARN));
      assertThat(logged.list.get(0).getThrowableProxy()).isNotNull();

      sql("ALTER TABLE offer_away RENAME TO offer"); // back: the next period reads it again
      elsewhere.updateOffer("tea-10", email("tea-10"));
      periodicReload();
    } finally {
      logger.detachAppender(logged);
    }
    assertThat(codes(active("S1"))).containsExactly("coffee-10");
    OfferCatalogueCache.Freshness freshness = catalogue.freshness();
    assertThat(freshness.overdue()).isFalse();
    assertThat(freshness.failingSince()).isEmpty();
    assertThat(freshness.activeOffers()).isEqualTo(2);
  }

  @Test
  void theBackgroundThreadReadsTheCatalogueAtOnceAndStopsWhenTheCatalogueCloses() throws Exception {
    budgetTea();
    Hold hold = HoldNextRedemptionRead.arm();
    OfferCatalogueCache refreshed = new OfferCatalogueCache(database, clock, MAX_AGE);
    refreshed.startRefreshing();
    hold.entered.await(); // its first read, at once, on its own thread
    Thread thread = hold.thread.get();
    assertThat(thread.getName()).isEqualTo(OfferCatalogueCache.REFRESHER_THREAD);
    assertThat(thread.isDaemon()).isTrue();

    CompletableFuture<Void> closed = CompletableFuture.runAsync(refreshed::close);
    hold.released.countDown(); // close lets the read under way finish
    closed.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

    thread.join(PATIENCE.toMillis());
    assertThat(thread.isAlive()).isFalse();
    // the read under way was kept; decisions go on with it
    assertThat(refreshed.freshness().loadedAt()).contains(START);
    assertThat(codes(refreshed.active("S1", "kiosk", clock.instant())))
        .containsExactly("coffee-10", "tea-10");
  }

  /**
   * The codes shown in S1 on the kiosk after {@code change} on another server, once the catalogue
   * reloads (before, the last catalogue's).
   */
  private List<String> changedElsewhere(Runnable change) {
    OfferCatalogueCache.ActiveOffers before = active("S1");
    assertThat(codes(before)).containsExactly("coffee-10", "tea-10");
    change.run();
    clock.advance(MAX_AGE.multipliedBy(2));
    // a decision never reads the catalogue again for its age: the background thread does
    assertThat(active("S1")).isSameAs(before);
    catalogue.refresh();
    OfferCatalogueCache.ActiveOffers after = active("S1");
    assertThat(after).isNotSameAs(before);
    return codes(after);
  }

  /** Gives tea-10 a budget, so that a reload reads the redemptions after the offers. */
  private void budgetTea() {
    Draft budgeted = new Draft("tea-10");
    budgeted.budget = Optional.of(new BigDecimal("100.00"));
    here.updateOffer("tea-10", budgeted.details());
  }

  private static OfferDetails email(String code) {
    Draft draft = new Draft(code);
    draft.budget = Optional.of(new BigDecimal("100.00"));
    draft.channels = List.of("email");
    return draft.details();
  }

  private void sql(String statement) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  /** A read held in the database: where, on which thread, and its release. */
  private record Hold(
      CountDownLatch entered, CountDownLatch released, AtomicReference<Thread> thread) {}

  /**
   * An H2 trigger that holds the next statement reading table {@code redemption} (the budgets a
   * reload reads after the offers) until the test releases it; the others pass.
   */
  public static final class HoldNextRedemptionRead implements Trigger {

    static final AtomicReference<Hold> next = new AtomicReference<>();

    static Hold arm() {
      Hold hold = new Hold(new CountDownLatch(1), new CountDownLatch(1), new AtomicReference<>());
      next.set(hold);
      return hold;
    }

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
      Hold hold = next.getAndSet(null);
      if (hold == null) {
        return;
      }
      hold.thread.set(Thread.currentThread());
      hold.entered.countDown();
      try {
        if (!hold.released.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
          throw new SQLException("the test did not release the held read");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException(e);
      }
    }
  }

  /** What a test does while a reload is held, given the reload's future. */
  private interface WhileHeld {
    void run(Future<?> reload) throws Exception;
  }

  /**
   * Runs {@code reload} on a thread of its own, held in the database as it is about to read the
   * budgets spent, runs {@code meanwhile}, then lets the reload go and waits for it to end.
   */
  private static void whileAReloadIsHeld(Runnable reload, WhileHeld meanwhile) throws Exception {
    Hold hold = HoldNextRedemptionRead.arm();
    ExecutorService reloader = Executors.newSingleThreadExecutor();
    try {
      Future<?> running = reloader.submit(reload);
      hold.entered.await();
      meanwhile.run(running);
      hold.released.countDown();
      running.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    } finally {
      hold.released.countDown();
      reloader.shutdownNow();
    }
  }

  /** What the background thread does every {@code MAX_AGE}: time passes, the catalogue is read. */
  private void periodicReload() {
    clock.advance(MAX_AGE);
    catalogue.refresh();
  }

  private OfferCatalogueCache.ActiveOffers active(String store) {
    return catalogue.active(store, "kiosk", clock.instant());
  }

  private static List<String> codes(OfferCatalogueCache.ActiveOffers active) {
    return active.offers().stream().map(ActiveOffer::code).toList();
  }

  private static void redeemHere(DatabaseDecisionLog log, String messageId, String basket) {
    log.recordRedemption(
        new RedemptionRecord(
            messageId,
            Optional.empty(),
            "tea-10",
            Optional.empty(),
            "S1",
            Optional.empty(),
            START.minusSeconds(60),
            new BigDecimal(basket)));
  }

  private void redeemElsewhere(String offer, String basket) {
    new DatabaseDecisionLog(database) // its redemptions are not told to this catalogue
        .recordRedemption(
            new RedemptionRecord(
                "elsewhere-" + offer,
                Optional.empty(),
                offer,
                Optional.empty(),
                "S2",
                Optional.empty(),
                START.minusSeconds(60),
                new BigDecimal(basket)));
  }

  /** A 10 % offer, active in every store on every channel from a day before the start. */
  private static final class Draft {
    final String code;
    Optional<String> rule = Optional.empty();
    Instant validFrom = START.minus(Duration.ofDays(1));
    Instant validUntil = START.plus(Duration.ofDays(30));
    Optional<BigDecimal> budget = Optional.empty();
    Optional<String> campaign = Optional.empty();
    List<String> stores = List.of();
    List<String> channels = List.of();

    Draft(String code) {
      this.code = code;
    }

    OfferDetails details() {
      return new OfferDetails(
          code,
          code,
          "percent_off",
          Optional.of(new BigDecimal("10")),
          Optional.empty(),
          Optional.of(code.substring(0, code.indexOf('-'))),
          rule,
          validFrom,
          validUntil,
          budget,
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          campaign,
          "active",
          Map.of("en", new OfferText("10% off", "This week.")),
          stores,
          channels);
    }
  }
}
