package org.tailor.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.ShopperProfile;
import org.tailor.plugin.host.PresentationRecord;
import org.tailor.plugin.host.PurchaseRecord;
import org.tailor.plugin.host.RedemptionRecord;
import org.tailor.plugin.host.ShownOffer;
import org.tailor.server.decision.DatabaseDecisionLog;
import org.tailor.server.decision.PresentationSummary;
import org.tailor.server.decision.PresentationWriter;
import org.tailor.server.offer.CampaignDetails;
import org.tailor.server.offer.DatabaseOfferCatalogue;
import org.tailor.server.offer.OfferDetails;
import org.tailor.server.offer.OfferService;
import org.tailor.server.offer.OfferText;
import org.tailor.server.persistence.ChainFixture.Line;
import org.tailor.server.purchase.CategorySpend;
import org.tailor.server.purchase.DatabasePurchaseHistory;
import org.tailor.server.purchase.PurchaseTotals;
import org.tailor.server.purchase.Receipt;
import org.tailor.server.purchase.ReceiptLine;
import org.tailor.server.redemption.RedemptionSummary;
import org.tailor.server.shopper.ConsentChange;
import org.tailor.server.shopper.DatabaseShopperDirectory;
import org.tailor.server.shopper.Rfm;
import org.tailor.server.shopper.RfmCutPointRefresher;
import org.tailor.server.shopper.RfmCutPoints;
import org.tailor.server.shopper.Shopper360;
import org.tailor.server.shopper.ShopperService;
import org.tailor.server.store.StoreDetails;
import org.tailor.server.store.StoreService;
import org.tailor.server.store.TerminalDetails;
import org.tailor.server.validation.ConflictException;
import org.tailor.server.validation.InvalidInputException;
import org.tailor.server.validation.NotFoundException;

/**
 * The persistence suite: the same tests against every database Tailor runs on. Each subclass says
 * how to make a fresh, empty database; one is shared by the tests of a class, which keep apart by
 * using codes of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PersistenceSuite {

  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  final List<DatabaseSettings> opened = new ArrayList<>();
  Database database;
  ChainFixture chain;
  StoreService stores;
  OfferService offers;
  RfmCutPointRefresher rfm;
  ShopperService shoppers;
  DatabaseDecisionLog decisions;
  String p;

  /** A fresh, empty database. */
  abstract DatabaseSettings freshDatabase();

  @BeforeAll
  void openDatabase() {
    database = open();
    chain = new ChainFixture(database);
    stores = new StoreService(database, clock);
    offers = new OfferService(database, clock);
    rfm = new RfmCutPointRefresher(database, clock);
    shoppers = new ShopperService(database, rfm, clock);
    decisions = new DatabaseDecisionLog(database);
  }

  Database open() {
    DatabaseSettings settings = freshDatabase();
    opened.add(settings);
    return Database.open(settings);
  }

  @AfterAll
  void closeDatabase() {
    database.close();
    opened.forEach(TestDatabases::drop);
  }

  @BeforeEach
  void prefix() {
    p = "t" + SEQUENCE.incrementAndGet() + "-";
  }

  // --- shoppers -----------------------------------------------------------------------------

  @Test
  void findsShopperByLoyaltyId() {
    chain.shopper(p + "L1", "Ana", "García", "es");

    assertThat(shoppers.shopper360(p + "L1")).map(Shopper360::loyaltyId).contains(p + "L1");
    assertThat(shoppers.profile(p + "L1"))
        .map(ShopperProfile::firstName)
        .contains(Optional.of("Ana"));
  }

  @Test
  void findsShopperBySecondaryIdentifier() {
    long id = chain.shopper(p + "L1", "Ana", "García", "es");
    chain.identifier(id, "card", p + "CARD-0001");
    chain.identifier(id, "phone", "+3460000" + SEQUENCE.get());
    chain.identifier(id, "email", p + "ana@example.com");

    assertThat(shoppers.shopper360(p + "CARD-0001")).map(Shopper360::loyaltyId).contains(p + "L1");
    assertThat(shoppers.shopper360("+34 600 00" + SEQUENCE.get()))
        .map(Shopper360::loyaltyId)
        .contains(p + "L1");
    assertThat(shoppers.shopper360(" " + p.toUpperCase() + "ANA@Example.COM "))
        .map(Shopper360::loyaltyId)
        .contains(p + "L1");
    assertThat(new DatabaseShopperDirectory(database).find(p + "CARD-0001"))
        .map(ShopperProfile::loyaltyId)
        .contains(p + "L1");
    assertThat(shoppers.shopper360(p + "L1").orElseThrow().identifiers())
        .extracting(Shopper360.Identifier::kind)
        .containsExactly("card", "email", "phone");
  }

  @Test
  void unknownShopperIsEmptyNotAnError() {
    assertThat(shoppers.shopper360(p + "nobody")).isEmpty();
    assertThat(shoppers.profile(p + "nobody")).isEmpty();
    assertThat(shoppers.shopper360("   ")).isEmpty();
    assertThat(new DatabaseShopperDirectory(database).find(p + "nobody")).isEmpty();
    assertThat(new DatabasePurchaseHistory(database).recentPurchases(p + "nobody", 5)).isEmpty();
  }

  @Test
  void ledgerStreamsEveryLineOfIdentifiedShoppersSinceAMoment() {
    long store = chain.store(p + "S1");
    long ana = chain.shopper(p + "L1", "Ana", null, "es");
    chain.product(p + "TEA", "Tea", "grocery/tea");
    chain.product(p + "CHEESE", "Cheese", "fresh/cheese");
    Instant recent = NOW.minus(2, ChronoUnit.DAYS);
    chain.purchase(
        store,
        p + "R1",
        ana,
        recent,
        List.of(new Line(p + "TEA", 2, "3.50"), new Line(p + "CHEESE", 1, "4.00")));
    chain.purchase(
        store, p + "R1R", ana, recent.plusSeconds(60), List.of(new Line(p + "TEA", -1, "3.50")));
    chain.purchase(
        store,
        p + "OLD",
        ana,
        NOW.minus(400, ChronoUnit.DAYS),
        List.of(new Line(p + "TEA", 1, "3.50")));
    chain.purchase(store, p + "ANON", null, recent, List.of(new Line(p + "CHEESE", 1, "4.00")));
    List<org.tailor.plugin.host.LedgerLine> lines = new ArrayList<>();

    long count =
        new org.tailor.server.purchase.DatabasePurchaseLedger(database.dataSource())
            .forEachLine(
                NOW.minus(30, ChronoUnit.DAYS),
                line -> {
                  if (line.storeCode().equals(p + "S1")) {
                    lines.add(line);
                  }
                });

    assertThat(count).isGreaterThanOrEqualTo(3);
    assertThat(lines)
        .containsExactlyInAnyOrder(
            new org.tailor.plugin.host.LedgerLine(
                p + "L1", p + "S1", recent, p + "TEA", "grocery/tea", 2),
            new org.tailor.plugin.host.LedgerLine(
                p + "L1", p + "S1", recent, p + "CHEESE", "fresh/cheese", 1),
            new org.tailor.plugin.host.LedgerLine(
                p + "L1", p + "S1", recent.plusSeconds(60), p + "TEA", "grocery/tea", -1));
  }

  @Test
  void aLedgerConsumerThatThrowsStopsTheRead() {
    long store = chain.store(p + "S1");
    long ana = chain.shopper(p + "L1", "Ana", null, "es");
    chain.product(p + "TEA", "Tea", "grocery/tea");
    chain.purchase(store, p + "R1", ana, NOW, List.of(new Line(p + "TEA", 1, "3.50")));

    assertThatThrownBy(
            () ->
                new org.tailor.server.purchase.DatabasePurchaseLedger(database.dataSource())
                    .forEachLine(
                        NOW.minus(1, ChronoUnit.DAYS),
                        line -> {
                          throw new IllegalStateException("model full");
                        }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("model full");
  }

  @Test
  void keepsConsentHistoryAppendOnly() {
    long id = chain.shopper(p + "L1", "Ana", null, "es");
    Instant t1 = NOW.minus(3, ChronoUnit.DAYS);
    Instant t2 = NOW.minus(2, ChronoUnit.DAYS);
    Instant late = NOW.minus(5, ChronoUnit.DAYS);
    shoppers.recordConsent(p + "L1", new ConsentChange("email", "offers", "granted", "kiosk", t1));
    List<Object> firstEvent = consentEvents(id).get(0);

    shoppers.recordConsent(p + "L1", new ConsentChange("email", "offers", "revoked", "app", t2));
    // A change that happened earlier but arrives late goes into the history only.
    shoppers.recordConsent(
        p + "L1", new ConsentChange("email", "offers", "granted", "import", late));

    Shopper360 view = shoppers.shopper360(p + "L1").orElseThrow();
    assertThat(view.consents())
        .containsExactly(new ConsentChange("email", "offers", "revoked", "app", t2));
    assertThat(view.consentHistory())
        .extracting(ConsentChange::status, ConsentChange::occurredAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("revoked", t2),
            org.assertj.core.groups.Tuple.tuple("granted", t1),
            org.assertj.core.groups.Tuple.tuple("granted", late));
    assertThat(consentEvents(id)).hasSize(3).first().isEqualTo(firstEvent);
    assertThat(chain.count("SELECT COUNT(*) FROM consent WHERE shopper_id = ?", id)).isEqualTo(1);
  }

  private List<List<Object>> consentEvents(long shopperId) {
    return database.read(
        s ->
            s
                .createNativeQuery(
                    "SELECT id, status, source, occurred_at FROM consent_event"
                        + " WHERE shopper_id = :id ORDER BY id",
                    Object[].class)
                .setParameter("id", shopperId)
                .getResultList()
                .stream()
                .map(List::of)
                .toList());
  }

  @Test
  void keepsEveryConsentChangeRecordedAtTheSameTime() throws Exception {
    long id = chain.shopper(p + "L1", "Ana", null, "es");
    int changes = 8;
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int i = 0; i < changes; i++) {
      ConsentChange change =
          new ConsentChange(
              "sms", "offers", i % 2 == 0 ? "granted" : "revoked", "till", NOW.minusSeconds(i));
      tasks.add(
          () -> {
            shoppers.recordConsent(p + "L1", change);
            return null;
          });
    }

    runTogether(tasks);

    assertThat(chain.count("SELECT COUNT(*) FROM consent_event WHERE shopper_id = ?", id))
        .isEqualTo(changes);
    assertThat(shoppers.shopper360(p + "L1").orElseThrow().consents())
        .containsExactly(new ConsentChange("sms", "offers", "granted", "till", NOW));
  }

  /** Runs the tasks on as many threads, released at once; returns their results in order. */
  static <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void refusesBadConsentAndConsentOfUnknownShopper() {
    chain.shopper(p + "L1", "Ana", null, "es");
    InvalidInputException bad =
        catchThrowableOfType(
            InvalidInputException.class,
            () ->
                shoppers.recordConsent(
                    p + "L1", new ConsentChange("email", "offers", "maybe", "kiosk", NOW)));
    assertThat(bad.field()).isEqualTo("status");
    assertThat(bad.value()).isEqualTo("maybe");
    assertThatThrownBy(
            () ->
                shoppers.recordConsent(
                    p + "nobody", new ConsentChange("email", "offers", "granted", "kiosk", NOW)))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void roundTripsNamesInBulgarianPersianAndChinese() {
    chain.shopper(p + "BG", "Десислава", "Петрова-Иванова", "bg");
    chain.shopper(p + "FA", "فرشته", "رضایی", "fa");
    chain.shopper(p + "ZH", "志明", "陳", "zh-TW");
    stores.createStore(
        new StoreDetails(
            p + "sofia",
            "Магазин „Витоша“ 🛒",
            Optional.of("София"),
            Optional.of("bg"),
            "Europe/Sofia"));

    assertThat(shoppers.shopper360(p + "BG").orElseThrow())
        .extracting(Shopper360::firstName, Shopper360::lastName)
        .containsExactly(Optional.of("Десислава"), Optional.of("Петрова-Иванова"));
    assertThat(shoppers.shopper360(p + "FA").orElseThrow().firstName()).contains("فرشته");
    assertThat(shoppers.shopper360(p + "ZH").orElseThrow())
        .extracting(Shopper360::firstName, Shopper360::language)
        .containsExactly(Optional.of("志明"), "zh-TW");
    assertThat(stores.store(p + "sofia"))
        .isEqualTo(
            new StoreDetails(
                p + "sofia",
                "Магазин „Витоша“ 🛒",
                Optional.of("София"),
                Optional.of("BG"),
                "Europe/Sofia"));
  }

  // --- the 360, RFM and top categories -------------------------------------------------------

  @Test
  void assemblesShopper360WithRfmTopCategoriesAndOffers() {
    long store = chain.store(p + "s1");
    long id = chain.shopper(p + "L1", "Ana", "García", "es");
    chain.attribute(id, "tier", "gold");
    chain.attribute(id, "pets", "cat");
    chain.preference(id, "grocery/tea");
    chain.preference(id, "bakery");
    chain.householdMember(id, "Lucía", "child");
    chain.product(p + "coffee", "Café molido", "grocery/coffee");
    chain.product(p + "tea", "Té verde", "grocery/tea");
    chain.product(p + "toy", "Peonza", "toys");
    for (int i = 0; i < 12; i++) {
      chain.purchase(
          store,
          p + "r" + i,
          id,
          NOW.minus(30L * i + 2, ChronoUnit.DAYS),
          List.of(new Line(p + "coffee", 2, "4.50"), new Line(p + "tea", 1, "3.00")));
    }
    // Older than a year: counts for RFM, not for the top categories.
    chain.purchase(
        store,
        p + "old",
        id,
        NOW.minus(400, ChronoUnit.DAYS),
        List.of(new Line(p + "toy", 10, "20.00")));
    chain.purchase(
        store,
        p + "ret",
        id,
        NOW.minus(1, ChronoUnit.DAYS),
        List.of(new Line(p + "tea", -1, "3.00")));
    rfm.refresh();

    Shopper360 view = shoppers.shopper360(p + "L1").orElseThrow();

    assertThat(view.attributes())
        .containsExactly(Map.entry("pets", "cat"), Map.entry("tier", "gold"));
    assertThat(view.preferredCategories()).containsExactly("bakery", "grocery/tea");
    assertThat(view.household()).extracting(Shopper360.Member::firstName).containsExactly("Lucía");
    assertThat(view.rfm()).isPresent();
    var rfmOfAna = view.rfm().orElseThrow();
    assertThat(rfmOfAna.frequency()).isEqualTo(13);
    assertThat(rfmOfAna.recencyDays()).isEqualTo(2);
    assertThat(rfmOfAna.monetary()).isEqualByComparingTo("341.00"); // 12 × 12.00 + 200 − 3
    assertThat(
            List.of(rfmOfAna.recencyScore(), rfmOfAna.frequencyScore(), rfmOfAna.monetaryScore()))
        .allSatisfy(score -> assertThat(score).isBetween(1, 5));
    assertThat(view.topCategories())
        .extracting(c -> c.category(), c -> c.amount().stripTrailingZeros().toPlainString())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("grocery/coffee", "108"),
            org.assertj.core.groups.Tuple.tuple("grocery/tea", "33"));
    assertThat(view.recentPurchases()).hasSize(10);
    assertThat(view.recentPurchases().get(0).receiptNumber()).isEqualTo(p + "ret");
    assertThat(view.recentPurchases().get(0).isReturn()).isTrue();
    assertThat(view.recentPurchases().get(1).lines())
        .extracting(l -> l.sku(), l -> l.quantity())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(p + "coffee", 2),
            org.assertj.core.groups.Tuple.tuple(p + "tea", 1));
    assertThat(view.offersShown()).isEmpty();
    assertThat(view.offersRedeemed()).isEmpty();

    List<PurchaseRecord> history =
        new DatabasePurchaseHistory(database).recentPurchases(p + "L1", 3);
    assertThat(history)
        .extracting(PurchaseRecord::receiptNumber)
        .containsExactly(p + "ret", p + "r0", p + "r1");
    assertThat(history.get(0).lines().get(0).quantity()).isEqualTo(-1);
  }

  @Test
  void readsEveryPartOfTheShopper360() {
    long store = chain.store(p + "s1");
    long id = chain.shopper(p + "L1", "Ana", "García", "es");
    chain.homeStore(id, store, "Europe/Madrid", p + "H1");
    chain.identifier(id, "email", p + "ana@example.com");
    chain.identifier(id, "card", p + "CARD-2");
    chain.identifier(id, "card", p + "CARD-1");
    chain.attribute(id, "tier", "gold");
    chain.preference(id, "grocery/tea");
    chain.preference(id, "bakery");
    chain.householdMember(id, "Lucía", "child");
    chain.householdMember(id, "Mateo", "partner");
    Instant t1 = NOW.minus(9, ChronoUnit.DAYS);
    Instant t2 = NOW.minus(8, ChronoUnit.DAYS);
    Instant t3 = NOW.minus(7, ChronoUnit.DAYS);
    shoppers.recordConsent(p + "L1", new ConsentChange("sms", "offers", "granted", "kiosk", t1));
    shoppers.recordConsent(p + "L1", new ConsentChange("email", "offers", "granted", "app", t2));
    shoppers.recordConsent(p + "L1", new ConsentChange("email", "offers", "revoked", "app", t3));
    chain.product(p + "coffee", "Café molido", "grocery/coffee");
    chain.product(p + "tea", "Té verde", "grocery/tea");
    Instant bought = NOW.minus(5, ChronoUnit.DAYS);
    Instant returned = NOW.minus(4, ChronoUnit.DAYS);
    chain.purchase(
        store,
        p + "r1",
        id,
        bought,
        List.of(new Line(p + "coffee", 2, "4.50"), new Line(p + "tea", 1, "3.00")));
    chain.purchase(store, p + "r2", id, returned, List.of(new Line(p + "tea", -1, "3.00")));
    offers.createOffer(offer(p + "a"));
    offers.createOffer(offer(p + "b"));
    Instant shownAt = NOW.minus(3, ChronoUnit.DAYS);
    String shown =
        decisions.recordPresentation(
            new PresentationRecord(
                Optional.of(p + "L1"),
                p + "s1",
                Optional.empty(),
                "kiosk",
                shownAt,
                List.of(
                    new ShownOffer(p + "a", 1, 0.7, "bought coffee"),
                    new ShownOffer(p + "b", 2, 0.125, "explore"))));
    Instant redeemedAt = NOW.minus(2, ChronoUnit.DAYS);
    decisions.recordRedemption(
        new RedemptionRecord(
            p + "msg-1",
            Optional.of(shown),
            p + "a",
            Optional.of(p + "L1"),
            p + "s1",
            Optional.empty(),
            redeemedAt,
            new BigDecimal("25.00")));
    rfm.refresh();

    Shopper360 view = shoppers.shopper360(p + "CARD-2").orElseThrow();

    assertThat(view)
        .isEqualTo(
            new Shopper360(
                p + "L1",
                Optional.of("Ana"),
                Optional.of("García"),
                "es",
                Optional.of(java.time.LocalDate.of(1985, 3, 14)),
                Optional.of("Europe/Madrid"),
                Optional.of(p + "H1"),
                Optional.of(p + "s1"),
                List.of(
                    new Shopper360.Identifier("card", p + "CARD-1"),
                    new Shopper360.Identifier("card", p + "CARD-2"),
                    new Shopper360.Identifier("email", p + "ana@example.com")),
                Map.of("tier", "gold"),
                List.of("bakery", "grocery/tea"),
                List.of(
                    new Shopper360.Member(
                        "Lucía", "child", Optional.of(java.time.LocalDate.of(2015, 6, 1))),
                    new Shopper360.Member(
                        "Mateo", "partner", Optional.of(java.time.LocalDate.of(2015, 6, 1)))),
                List.of(
                    new ConsentChange("email", "offers", "revoked", "app", t3),
                    new ConsentChange("sms", "offers", "granted", "kiosk", t1)),
                List.of(
                    new ConsentChange("email", "offers", "revoked", "app", t3),
                    new ConsentChange("email", "offers", "granted", "app", t2),
                    new ConsentChange("sms", "offers", "granted", "kiosk", t1)),
                Rfm.of(
                    new PurchaseTotals(Optional.of(bought), 1, new BigDecimal("9.00")),
                    rfm.current(),
                    NOW),
                List.of(
                    new CategorySpend("grocery/coffee", new BigDecimal("9.00"), 2),
                    new CategorySpend("grocery/tea", new BigDecimal("0.00"), 0)),
                List.of(
                    new Receipt(
                        p + "s1",
                        p + "r2",
                        returned,
                        new BigDecimal("-3.00"),
                        true,
                        "EUR",
                        List.of(
                            new ReceiptLine(
                                1,
                                p + "tea",
                                "Té verde",
                                "grocery/tea",
                                -1,
                                new BigDecimal("3.0000"),
                                new BigDecimal("-3.00")))),
                    new Receipt(
                        p + "s1",
                        p + "r1",
                        bought,
                        new BigDecimal("12.00"),
                        false,
                        "EUR",
                        List.of(
                            new ReceiptLine(
                                1,
                                p + "coffee",
                                "Café molido",
                                "grocery/coffee",
                                2,
                                new BigDecimal("4.5000"),
                                new BigDecimal("9.00")),
                            new ReceiptLine(
                                2,
                                p + "tea",
                                "Té verde",
                                "grocery/tea",
                                1,
                                new BigDecimal("3.0000"),
                                new BigDecimal("3.00"))))),
                List.of(
                    new PresentationSummary(
                        shown,
                        shownAt,
                        p + "s1",
                        "kiosk",
                        false,
                        List.of(
                            new ShownOffer(p + "a", 1, 0.7, "bought coffee"),
                            new ShownOffer(p + "b", 2, 0.125, "explore")))),
                List.of(
                    new RedemptionSummary(
                        p + "a",
                        redeemedAt,
                        p + "s1",
                        new BigDecimal("25.00"),
                        new BigDecimal("2.50"),
                        Optional.of(shown)))));
  }

  @Test
  void scoresRfmByQuintilesOfTheWholePopulation() {
    DatabaseSettings settings = freshDatabase();
    opened.add(settings);
    try (Database own = Database.open(settings)) {
      ChainFixture fixture = new ChainFixture(own);
      long store = fixture.store("s");
      fixture.product("sku", "Thing", "things");
      // Shopper k (1..10) bought k times, last k days ago, 10 € each time.
      for (int k = 1; k <= 10; k++) {
        long id = fixture.shopper("L" + k, "S" + k, null, "en");
        for (int i = 0; i < k; i++) {
          fixture.purchase(
              store,
              "r" + k + "-" + i,
              id,
              NOW.minus(k + 30L * i, ChronoUnit.DAYS),
              List.of(new Line("sku", 1, "10.00")));
        }
      }
      fixture.shopper("newcomer", "N", null, "en");
      RfmCutPointRefresher refresher = new RfmCutPointRefresher(own, clock);

      RfmCutPoints cuts = refresher.refresh();

      assertThat(refresher.current()).isEqualTo(cuts);
      assertThat(cuts.shoppers()).isEqualTo(10);
      assertThat(cuts.purchaseCountBounds()).containsExactly(2L, 4L, 6L, 8L);
      assertThat(cuts.netSpendBounds())
          .usingElementComparator(BigDecimal::compareTo)
          .containsExactly(
              new BigDecimal("20"),
              new BigDecimal("40"),
              new BigDecimal("60"),
              new BigDecimal("80"));
      assertThat(cuts.lastPurchaseBounds())
          .containsExactly(
              NOW.minus(9, ChronoUnit.DAYS),
              NOW.minus(7, ChronoUnit.DAYS),
              NOW.minus(5, ChronoUnit.DAYS),
              NOW.minus(3, ChronoUnit.DAYS));
      ShopperService service = new ShopperService(own, refresher, clock);
      var best = service.shopper360("L10").orElseThrow().rfm().orElseThrow();
      assertThat(List.of(best.recencyScore(), best.frequencyScore(), best.monetaryScore()))
          .containsExactly(1, 5, 5);
      var middle = service.shopper360("L5").orElseThrow().rfm().orElseThrow();
      assertThat(List.of(middle.recencyScore(), middle.frequencyScore(), middle.monetaryScore()))
          .containsExactly(3, 3, 3);
      var recent = service.shopper360("L1").orElseThrow().rfm().orElseThrow();
      assertThat(List.of(recent.recencyScore(), recent.frequencyScore(), recent.monetaryScore()))
          .containsExactly(5, 1, 1);
      assertThat(service.shopper360("newcomer").orElseThrow().rfm()).isEmpty();
    }
  }

  // --- stores and terminals -------------------------------------------------------------------

  @Test
  void refusesToDeleteStoreThatHasTerminalsOrPurchases() {
    stores.createStore(madrid(p + "m1"));
    stores.createTerminal(p + "m1", new TerminalDetails(p + "k1", "kiosk", "Entrance kiosk"));

    ConflictException refused =
        catchThrowableOfType(ConflictException.class, () -> stores.deleteStore(p + "m1"));
    assertThat(refused.describe(java.util.Locale.ENGLISH))
        .contains(p + "m1")
        .contains("1 terminals");
    assertThat(stores.store(p + "m1").code()).isEqualTo(p + "m1");
    assertThat(stores.terminals(p + "m1")).hasSize(1);

    stores.deleteTerminal(p + "k1");
    stores.deleteStore(p + "m1");
    assertThatThrownBy(() -> stores.store(p + "m1")).isInstanceOf(NotFoundException.class);

    long withPurchase = chain.store(p + "m2");
    chain.product(p + "sku", "Thing", "things");
    chain.purchase(withPurchase, "r1", null, NOW, List.of(new Line(p + "sku", 1, "1.00")));
    assertThatThrownBy(() -> stores.deleteStore(p + "m2")).isInstanceOf(ConflictException.class);
  }

  // --- rows presentations name (schema 11: kept by a mark, not by foreign keys) ----------------

  @Test
  void refusesToDeleteOfferStoreTerminalOrCampaignThatAPresentationNames() {
    stores.createStore(madrid(p + "m1"));
    stores.createTerminal(p + "m1", new TerminalDetails(p + "k1", "kiosk", "Entrance kiosk"));
    stores.createStore(madrid(p + "m2"));
    offers.createCampaign(
        new CampaignDetails(
            p + "c", "Spring", new BigDecimal("0.1"), Optional.empty(), Optional.empty()));
    offers.createOffer(offer(p + "o1"));
    try (PresentationWriter writer = PresentationWriter.direct(database.dataSource())) {
      writer.writeNow(
          presentation(
              writer.nextId(),
              id("store", p + "m1"),
              Optional.of(id("terminal", p + "k1")),
              Optional.empty(),
              List.of(id("offer", p + "o1"))));
      // a holdout of the campaign, at a store without terminals, showing nothing
      writer.writeNow(
          presentation(
              writer.nextId(),
              id("store", p + "m2"),
              Optional.empty(),
              Optional.of(id("campaign", p + "c")),
              List.of()));
    }

    ConflictException offer =
        catchThrowableOfType(ConflictException.class, () -> offers.deleteOffer(p + "o1"));
    assertThat(offer.describe(java.util.Locale.ENGLISH)).contains(p + "o1").contains("shown");
    assertThatThrownBy(() -> stores.deleteTerminal(p + "k1")).isInstanceOf(ConflictException.class);
    ConflictException store =
        catchThrowableOfType(ConflictException.class, () -> stores.deleteStore(p + "m2"));
    assertThat(store.describe(java.util.Locale.ENGLISH)).contains(p + "m2");
    assertThatThrownBy(() -> offers.deleteCampaign(p + "c")).isInstanceOf(ConflictException.class);
    assertThat(offers.offer(p + "o1").code()).isEqualTo(p + "o1");
    assertThat(stores.terminals(p + "m1")).hasSize(1);
    assertThat(stores.store(p + "m2").code()).isEqualTo(p + "m2");
    assertThat(offers.campaigns()).extracting(CampaignDetails::code).contains(p + "c");
  }

  @Test
  void refusesAPresentationNamingAnOfferDeletedBeforeItWasWritten() {
    stores.createStore(madrid(p + "m1"));
    offers.createOffer(offer(p + "kept"));
    offers.createOffer(offer(p + "gone"));
    long store = id("store", p + "m1");
    long kept = id("offer", p + "kept");
    long gone = id("offer", p + "gone");
    offers.deleteOffer(p + "gone"); // never shown: allowed

    long good;
    long bad;
    try (PresentationWriter writer =
        new PresentationWriter(database.dataSource(), 8, 8, Duration.ofHours(1))) {
      good = writer.nextId();
      writer.write(presentation(good, store, Optional.empty(), Optional.empty(), List.of(kept)));
      bad = writer.nextId();
      writer.write(presentation(bad, store, Optional.empty(), Optional.empty(), List.of(gone)));
      writer.flushAll();

      assertThat(writer.droppedCount()).isEqualTo(1);
      assertThat(writer.pendingCount()).isZero();
    }
    assertThat(chain.count("SELECT COUNT(*) FROM presentation WHERE id = ?", good)).isEqualTo(1);
    assertThat(chain.count("SELECT COUNT(*) FROM presentation WHERE id = ?", bad)).isZero();
    assertThat(
            chain.count("SELECT COUNT(*) FROM presentation_offer WHERE presentation_id = ?", bad))
        .isZero();
    assertThatThrownBy(() -> offers.deleteOffer(p + "kept")).isInstanceOf(ConflictException.class);
  }

  @Test
  void anOfferDeletedWhileItsFirstPresentationIsWrittenIsEitherKeptOrNotNamed() throws Exception {
    stores.createStore(madrid(p + "m1"));
    long store = id("store", p + "m1");
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (PresentationWriter writer = PresentationWriter.direct(database.dataSource())) {
      for (int round = 0; round < 20; round++) {
        String code = p + "o" + round;
        offers.createOffer(offer(code));
        long offer = id("offer", code);
        long presentation = writer.nextId();
        CountDownLatch start = new CountDownLatch(1);
        Future<Boolean> deleted =
            threads.submit(
                () -> {
                  start.await();
                  try {
                    offers.deleteOffer(code);
                    return true;
                  } catch (ConflictException e) {
                    return false;
                  }
                });
        Future<?> written =
            threads.submit(
                () -> {
                  start.await();
                  writer.writeNow(
                      presentation(
                          presentation, store, Optional.empty(), Optional.empty(), List.of(offer)));
                  return null;
                });
        start.countDown();
        written.get();
        long offerRows = chain.count("SELECT COUNT(*) FROM offer WHERE id = ?", offer);
        long naming =
            chain.count("SELECT COUNT(*) FROM presentation_offer WHERE offer_id = ?", offer);
        if (deleted.get()) {
          assertThat(offerRows).as("round %s: deleted", round).isZero();
          assertThat(naming)
              .as("round %s: no presentation names the deleted offer", round)
              .isZero();
        } else {
          assertThat(offerRows).as("round %s: kept", round).isEqualTo(1);
          assertThat(naming).as("round %s: the presentation that kept it", round).isEqualTo(1);
        }
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private long id(String table, String code) {
    return chain.count("SELECT id FROM " + table + " WHERE code = ?", code);
  }

  private static PresentationWriter.Row presentation(
      long id,
      long store,
      Optional<Long> terminal,
      Optional<Long> campaign,
      List<Long> offersShown) {
    List<PresentationWriter.OfferRow> shown = new ArrayList<>();
    for (long offer : offersShown) {
      shown.add(new PresentationWriter.OfferRow(shown.size() + 1, offer, 0.5, "test"));
    }
    return new PresentationWriter.Row(
        id,
        Optional.empty(),
        store,
        terminal,
        "kiosk",
        NOW,
        campaign.isPresent() && offersShown.isEmpty(),
        campaign,
        shown);
  }

  @Test
  void managesStoresAndTerminals() {
    stores.createStore(madrid(p + "m1"));
    stores.updateStore(
        p + "m1",
        new StoreDetails(
            p + "m1b", "Madrid Sol", Optional.empty(), Optional.of("es"), "Europe/Madrid"));
    var terminal =
        stores.createTerminal(p + "m1b", new TerminalDetails(p + "t1", "till", "Till 1"));
    stores.recordTerminalStatus(p + "t1", "online", Optional.of("1.2.0"), NOW);
    stores.updateTerminal(p + "t1", new TerminalDetails(p + "t1", "kiosk", "Kiosk 1"));

    assertThat(terminal.storeCode()).isEqualTo(p + "m1b");
    assertThat(stores.store(p + "m1b").country()).contains("ES");
    assertThat(stores.stores())
        .extracting(StoreDetails::code)
        .contains(p + "m1b")
        .doesNotContain(p + "m1");
    var updated = stores.terminal(p + "t1");
    assertThat(updated.kind()).isEqualTo("kiosk");
    assertThat(updated.lastSeenAt()).contains(NOW);
    assertThat(updated.lastStatus()).contains("online");
    assertThat(updated.agentVersion()).contains("1.2.0");
  }

  @Test
  void refusesBadStoresAndDuplicateCodes() {
    stores.createStore(madrid(p + "m1"));
    assertThat(field(() -> stores.createStore(withZone(p + "x", "Mars/Olympus"))))
        .isEqualTo("timeZone");
    assertThat(
            field(
                () ->
                    stores.createStore(
                        new StoreDetails(
                            p + "x", "X", Optional.empty(), Optional.of("XX"), "UTC"))))
        .isEqualTo("country");
    assertThat(field(() -> stores.createStore(withZone("bad code!", "UTC")))).isEqualTo("code");
    assertThat(field(() -> stores.createStore(new StoreDetails(p + "x", " ", null, null, "UTC"))))
        .isEqualTo("name");
    assertThat(
            field(
                () ->
                    stores.createTerminal(
                        p + "m1", new TerminalDetails(p + "t", "robot", "Robot"))))
        .isEqualTo("kind");
    assertThatThrownBy(() -> stores.createStore(madrid(p + "m1")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining(p + "m1");
    stores.createTerminal(p + "m1", new TerminalDetails(p + "t", "till", "Till"));
    assertThatThrownBy(
            () -> stores.createTerminal(p + "m1", new TerminalDetails(p + "t", "till", "Till")))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> stores.terminals(p + "nowhere")).isInstanceOf(NotFoundException.class);
    assertThat(stores.stores()).extracting(StoreDetails::code).doesNotContain(p + "x");
  }

  static StoreDetails madrid(String code) {
    return withZone(code, "Europe/Madrid");
  }

  static StoreDetails withZone(String code, String zone) {
    return new StoreDetails(code, "Madrid", Optional.of("Centro"), Optional.of("ES"), zone);
  }

  // --- offers and campaigns -------------------------------------------------------------------

  @Test
  void keepsOffersWithTextsPerLanguage() {
    stores.createStore(madrid(p + "m1"));
    offers.createCampaign(
        new CampaignDetails(
            p + "c", "Spring", new BigDecimal("0.1"), Optional.empty(), Optional.empty()));
    OfferDetails created = offers.createOffer(offer(p + "o1"));

    assertThat(created.texts()).containsOnlyKeys("bg", "en", "fa", "zh-TW");
    assertThat(offers.offer(p + "o1").texts().get("fa").headline()).isEqualTo("۱۰٪ تخفیف قهوه");
    assertThat(offers.offer(p + "o1").texts().get("zh-TW").headline()).isEqualTo("咖啡九折");
    assertThat(offers.offer(p + "o1").validUntil()).isAfter(Instant.parse("2035-01-01T00:00:00Z"));

    OfferDetails changed =
        new OfferDetails(
            p + "o1",
            "Spring coffee, 2 €",
            "amount_off",
            Optional.empty(),
            Optional.of(new BigDecimal("2.00")),
            Optional.empty(),
            Optional.of("birthdayMonth == 3 && known"),
            NOW,
            NOW.plus(7, ChronoUnit.DAYS),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(p + "c"),
            "paused",
            Map.of("es", new OfferText("2 € menos en café", "Solo esta semana.")),
            List.of(p + "m1"),
            List.of("kiosk", "email"));
    offers.updateOffer(p + "o1", changed);
    OfferDetails read = offers.offer(p + "o1");
    assertThat(read.kind()).isEqualTo("amount_off");
    assertThat(read.discountPercent()).isEmpty();
    assertThat(read.texts()).containsOnlyKeys("es");
    assertThat(read.storeCodes()).containsExactly(p + "m1");
    assertThat(read.channels()).containsExactly("email", "kiosk");
    assertThat(read.campaignCode()).contains(p + "c");
    assertThat(offers.offers()).extracting(OfferDetails::code).contains(p + "o1");
    assertThatThrownBy(() -> offers.createOffer(offer(p + "o1")))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> offers.deleteCampaign(p + "c")).isInstanceOf(ConflictException.class);

    offers.deleteOffer(p + "o1");
    assertThatThrownBy(() -> offers.offer(p + "o1")).isInstanceOf(NotFoundException.class);
    offers.deleteCampaign(p + "c");
    assertThat(offers.campaigns()).extracting(CampaignDetails::code).doesNotContain(p + "c");
  }

  @Test
  void refusesBadOffersNamingTheField() {
    assertThat(field(() -> create(draft().percent("0")))).isEqualTo("discountPercent");
    assertThat(field(() -> create(draft().percent("100.5")))).isEqualTo("discountPercent");
    assertThat(field(() -> create(draft().percent("12.345")))).isEqualTo("discountPercent");
    assertThat(field(() -> create(draft().amountOff(Optional.empty()))))
        .isEqualTo("discountAmount");
    assertThat(field(() -> create(draft().amountOff(Optional.of(new BigDecimal("-1"))))))
        .isEqualTo("discountAmount");
    assertThat(field(() -> create(draft().window(NOW, NOW)))).isEqualTo("validUntil");
    assertThat(field(() -> create(draft().window(NOW, NOW.minusSeconds(1)))))
        .isEqualTo("validUntil");
    assertThat(field(() -> create(draft().texts(Map.of())))).isEqualTo("texts");
    assertThat(field(() -> create(draft().texts(Map.of("not a tag!", new OfferText("a", "b"))))))
        .isEqualTo("texts");
    assertThat(field(() -> create(draft().texts(Map.of("es", new OfferText("", "b"))))))
        .isEqualTo("texts.es.headline");
    assertThat(field(() -> create(draft().kind("buy_one_get_one")))).isEqualTo("kind");
    assertThat(field(() -> create(draft().campaign(p + "nope")))).isEqualTo("campaignCode");
    assertThat(field(() -> create(draft().stores(p + "nowhere")))).isEqualTo("storeCodes");
    assertThat(field(() -> create(draft().channels("a-channel-name-longer-than-32-chars"))))
        .isEqualTo("channels");
    assertThat(field(() -> create(draft().status("live")))).isEqualTo("status");
    assertThat(
            field(
                () ->
                    offers.createCampaign(
                        new CampaignDetails(p + "c", "C", new BigDecimal("0.6"), null, null))))
        .isEqualTo("holdoutShare");
    InvalidInputException e =
        catchThrowableOfType(InvalidInputException.class, () -> create(draft().percent("0")));
    assertThat(e.value()).isEqualTo("0");
    assertThat(e.getMessage()).contains("discountPercent").contains("0.01").contains("100");
    assertThat(offers.offers()).extracting(OfferDetails::code).doesNotContain(p + "o");
  }

  OfferDraft draft() {
    return new OfferDraft(p + "o", NOW);
  }

  OfferDetails offer(String code) {
    return new OfferDraft(code, NOW).build();
  }

  void create(OfferDraft draft) {
    offers.createOffer(draft.build());
  }

  static String field(Runnable action) {
    InvalidInputException e = catchThrowableOfType(InvalidInputException.class, action::run);
    assertThat(e).as("an InvalidInputException").isNotNull();
    return e.field();
  }

  @Test
  void cataloguesActiveOffersForStoreAndChannel() {
    stores.createStore(madrid(p + "m1"));
    stores.createStore(madrid(p + "m2"));
    offers.createOffer(offer(p + "everywhere"));
    create(new OfferDraft(p + "m2-only", NOW).stores(p + "m2"));
    create(new OfferDraft(p + "email-only", NOW).channels("email"));
    create(new OfferDraft(p + "paused", NOW).status("paused"));
    create(new OfferDraft(p + "future", NOW).window(NOW.plusSeconds(60), NOW.plusSeconds(120)));

    List<String> kioskInM1 =
        new DatabaseOfferCatalogue(database)
            .activeOffers(p + "m1", "kiosk", NOW).stream()
                .map(CandidateOffer::offerCode)
                .filter(c -> c.startsWith(p))
                .toList();
    List<String> emailInM2 =
        new DatabaseOfferCatalogue(database)
            .activeOffers(p + "m2", "email", NOW).stream()
                .map(CandidateOffer::offerCode)
                .filter(c -> c.startsWith(p))
                .toList();

    assertThat(kioskInM1).containsExactly(p + "everywhere");
    assertThat(emailInM2)
        .containsExactlyInAnyOrder(p + "everywhere", p + "m2-only", p + "email-only");
  }

  // --- decisions and redemptions --------------------------------------------------------------

  @Test
  void storesPresentationsWithTheirProbabilities() {
    stores.createStore(madrid(p + "m1"));
    stores.createTerminal(p + "m1", new TerminalDetails(p + "k1", "kiosk", "Kiosk"));
    chain.shopper(p + "L1", "Ana", null, "es");
    offers.createOffer(offer(p + "a"));
    offers.createOffer(offer(p + "b"));

    String id =
        decisions.recordPresentation(
            new PresentationRecord(
                Optional.of(p + "L1"),
                p + "m1",
                Optional.of(p + "k1"),
                "kiosk",
                NOW,
                List.of(
                    new ShownOffer(p + "a", 1, 0.7, "bought coffee 6 times"),
                    new ShownOffer(p + "b", 2, 0.125, "explore"))));

    PresentationSummary shown = shoppers.shopper360(p + "L1").orElseThrow().offersShown().get(0);
    assertThat(shown.presentationId()).isEqualTo(id);
    assertThat(shown.offers())
        .containsExactly(
            new ShownOffer(p + "a", 1, 0.7, "bought coffee 6 times"),
            new ShownOffer(p + "b", 2, 0.125, "explore"));
    assertThat(field(() -> decisions.recordPresentation(presentation(p + "nowhere", p + "a"))))
        .isEqualTo("storeCode");
    assertThat(field(() -> decisions.recordPresentation(presentation(p + "m1", p + "nope"))))
        .isEqualTo("offerCode");
    assertThat(
            chain.count(
                "SELECT COUNT(*) FROM presentation_offer WHERE presentation_id = ?",
                Long.parseLong(id)))
        .isEqualTo(2);
  }

  @Test
  void recordingAPresentationHoldsOnePooledConnectionAtATime() throws Exception {
    stores.createStore(madrid(p + "m1"));
    offers.createOffer(offer(p + "a"));
    DatabaseSettings settings = opened.get(0);

    // the same database through a pool of one connection: a recording that took a second
    // connection while holding its first would wait for itself until the pool gave up
    try (Database one = withPool(settings, 1)) {
      String id = new DatabaseDecisionLog(one).recordPresentation(presentation(p + "m1", p + "a"));
      assertThat(chain.count("SELECT COUNT(*) FROM presentation WHERE id = ?", Long.parseLong(id)))
          .isEqualTo(1);
    }

    // as many recordings at once as the pool has connections (channels recording together)
    int connections = 3;
    try (Database pool = withPool(settings, connections)) {
      DatabaseDecisionLog log = new DatabaseDecisionLog(pool);
      ExecutorService threads = Executors.newFixedThreadPool(connections);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> recorded = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
          recorded.add(
              threads.submit(
                  () -> {
                    start.await();
                    return log.recordPresentation(presentation(p + "m1", p + "a"));
                  }));
        }
        start.countDown();
        List<Long> ids = new ArrayList<>();
        for (Future<String> id : recorded) {
          ids.add(Long.parseLong(id.get()));
        }
        assertThat(ids).doesNotHaveDuplicates();
        for (long id : ids) {
          assertThat(chain.count("SELECT COUNT(*) FROM presentation WHERE id = ?", id))
              .isEqualTo(1);
        }
      } finally {
        threads.shutdownNow();
      }
    }
  }

  /**
   * The same database through a pool of its own of {@code connections} (opened with two, which
   * Flyway needs on H2, then cut down).
   */
  private static Database withPool(DatabaseSettings settings, int connections) {
    Database database =
        Database.open(
            new DatabaseSettings(
                settings.jdbcUrl(),
                settings.user(),
                settings.password(),
                Math.max(2, connections)));
    HikariDataSource pool = (HikariDataSource) database.dataSource();
    pool.getHikariConfigMXBean().setMaximumPoolSize(connections);
    pool.getHikariPoolMXBean().softEvictConnections();
    return database;
  }

  PresentationRecord presentation(String store, String offer) {
    return new PresentationRecord(
        Optional.empty(),
        store,
        Optional.empty(),
        "kiosk",
        NOW,
        List.of(new ShownOffer(offer, 1, 1.0, "only")));
  }

  @Test
  void countsARedemptionOnceWhateverTheRepeats() {
    stores.createStore(madrid(p + "m1"));
    chain.shopper(p + "L1", "Ana", null, "es");
    offers.createOffer(offer(p + "a"));
    String presentation = decisions.recordPresentation(presentation(p + "m1", p + "a"));
    RedemptionRecord redemption =
        new RedemptionRecord(
            p + "msg-1",
            Optional.of(presentation),
            p + "a",
            Optional.of(p + "L1"),
            p + "m1",
            Optional.empty(),
            NOW,
            new BigDecimal("25.00"));

    assertThat(decisions.recordRedemption(redemption)).isTrue();
    assertThat(decisions.recordRedemption(redemption)).isFalse();

    var redeemed = shoppers.shopper360(p + "L1").orElseThrow().offersRedeemed();
    assertThat(redeemed).hasSize(1);
    assertThat(redeemed.get(0).discountAmount()).isEqualByComparingTo("2.50");
    assertThat(redeemed.get(0).presentationId()).contains(presentation);
  }

  @Test
  void countsConcurrentRepeatsOfARedemptionOnce() throws Exception {
    stores.createStore(madrid(p + "m1"));
    offers.createOffer(offer(p + "a"));
    RedemptionRecord redemption =
        new RedemptionRecord(
            p + "msg-c",
            Optional.empty(),
            p + "a",
            Optional.empty(),
            p + "m1",
            Optional.empty(),
            NOW,
            new BigDecimal("10.00"));
    List<Callable<Boolean>> repeats = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      repeats.add(() -> decisions.recordRedemption(redemption));
    }

    List<Boolean> firsts = runTogether(repeats);

    assertThat(firsts).containsOnlyOnce(true);
    assertThat(chain.count("SELECT COUNT(*) FROM redemption WHERE message_id = ?", p + "msg-c"))
        .isEqualTo(1);
  }

  @Test
  void refusesRedemptionOfUnknownOfferAndWritesNothing() {
    stores.createStore(madrid(p + "m1"));
    RedemptionRecord unknown =
        new RedemptionRecord(
            p + "msg-x",
            Optional.empty(),
            p + "nope",
            Optional.empty(),
            p + "m1",
            Optional.empty(),
            NOW,
            BigDecimal.TEN);
    assertThat(field(() -> decisions.recordRedemption(unknown))).isEqualTo("offerCode");
    assertThat(chain.count("SELECT COUNT(*) FROM redemption WHERE message_id = ?", p + "msg-x"))
        .isZero();
  }
}
