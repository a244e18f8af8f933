package org.tailor.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.plugin.host.ChosenOffer;
import org.tailor.plugin.host.Decision;
import org.tailor.plugin.host.DecisionRequest;
import org.tailor.plugin.host.RedemptionRecord;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.offer.OfferCatalogueCache;
import org.tailor.server.offer.OfferDetails;
import org.tailor.server.offer.OfferService;
import org.tailor.server.offer.OfferText;
import org.tailor.server.persistence.ChainFixture;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import org.tailor.server.persistence.TestDatabases;
import org.tailor.server.plugins.PluginHost;
import org.tailor.server.shopper.ConsentChange;
import org.tailor.server.shopper.RfmCutPointRefresher;
import org.tailor.server.shopper.ShopperIndex;
import org.tailor.server.shopper.ShopperService;
import org.tailor.server.store.StoreDetails;
import org.tailor.server.store.StoreService;
import org.tailor.server.store.TerminalDetails;

/**
 * The decision pipeline as the server wires it: shoppers, consents and caps from a {@link
 * DecisionCache} that this server's changes invalidate, and presentations written behind the
 * decisions by a {@link PresentationWriter} — on H2 and on MariaDB where one answers.
 */
class CachedDecisionsTest {

  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path root;

  private DatabaseSettings databaseSettings;
  private Database database;
  private PluginHost host;
  private ShopperIndex index;
  private DecisionCache cache;
  private PresentationWriter writer;
  private ShopperService shoppers;
  private StoreService stores;
  private OfferService offers;
  private DatabaseDecisionLog log;
  private DecisionPipeline pipeline;
  private ChainFixture chain;

  private void start(DatabaseSettings settings, Duration flushEvery) {
    databaseSettings = settings;
    database = Database.open(settings);
    chain = new ChainFixture(database);
    // an hour: anything seen below within the test is seen because it was announced
    index = new ShopperIndex(database.dataSource());
    cache = new DecisionCache(database, Duration.ofHours(1), 1000, Optional.of(index));
    writer = new PresentationWriter(database.dataSource(), 8, 64, flushEvery);
    stores = new StoreService(database, CLOCK, cache::storesChanged);
    stores.createStore(
        new StoreDetails("S1", "High Street", Optional.empty(), Optional.empty(), "Europe/Madrid"));
    stores.createTerminal("S1", new TerminalDetails("K1", "kiosk", "Entrance kiosk"));
    long ana = chain.shopper("L-1", "Ana", "García", "es");
    chain.identifier(ana, "card", "6001000100");
    chain.shopper("L-2", "Bo", "Li", "en");
    index.refresh(); // as the server does when it starts
    OfferCatalogueCache catalogue =
        new OfferCatalogueCache(database, CLOCK, Duration.ofSeconds(10));
    offers = new OfferService(database, CLOCK, catalogue::invalidate);
    offers.createOffer(offer("tea-10", Optional.of(1)));
    offers.createOffer(offer("coffee-10", Optional.empty()));
    shoppers =
        new ShopperService(
            database, new RfmCutPointRefresher(database, CLOCK), CLOCK, cache::shopperChanged);
    log =
        new DatabaseDecisionLog(
            database, writer, catalogue::redeemed, cache::shopperChanged, NobodyListens.INSTANCE);
    host =
        new PluginHost(
            TailorSettings.of(
                Map.of(
                    "tailor.data.dir", root.resolve("data").toString(),
                    "tailor.plugins.config.dir", root.resolve("config").toString())));
    host.start();
    pipeline =
        new DecisionPipeline(
            catalogue,
            host::scoringPlugins,
            new DecisionSettings(0.0, Map.of(), false, 10, "en"),
            () -> new SplittableRandom(7),
            NobodyListens.INSTANCE,
            cache,
            writer);
  }

  @AfterEach
  void tearDown() {
    if (host != null) {
      host.close();
    }
    if (writer != null) {
      writer.close();
    }
    if (database != null) {
      database.close();
      TestDatabases.drop(databaseSettings);
    }
  }

  private static OfferDetails offer(String code, Optional<Integer> perShopperCap) {
    return new OfferDetails(
        code,
        code,
        "percent_off",
        Optional.of(new BigDecimal("10")),
        Optional.empty(),
        Optional.of("tea"),
        Optional.empty(),
        NOW.minus(Duration.ofDays(1)),
        NOW.plus(Duration.ofDays(30)),
        Optional.empty(),
        perShopperCap,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "active",
        Map.of("en", new OfferText("10% off", "This week.")),
        List.of(),
        List.of());
  }

  private Decision decide(String identifier) {
    return decide(identifier, NOW);
  }

  private Decision decide(String identifier, Instant at) {
    return pipeline.decide(
        new DecisionRequest(
            Optional.ofNullable(identifier),
            "S1",
            Optional.of("K1"),
            "kiosk",
            at,
            3,
            Optional.of("en")));
  }

  private static List<String> codes(Decision decision) {
    return decision.offers().stream().map(ChosenOffer::offerCode).toList();
  }

  private boolean redeem(String messageId, String offer, Optional<String> presentationId) {
    return log.recordRedemption(
        new RedemptionRecord(
            messageId,
            presentationId,
            offer,
            Optional.empty(),
            "S1",
            Optional.empty(),
            NOW.minusSeconds(60),
            new BigDecimal("20.00")));
  }

  @Test
  void aPresentationTheDatabaseRefusesIsDroppedAndTheOthersAreStillWritten() {
    start(TestDatabases.h2(root.resolve("db")), Duration.ofHours(1)); // flushed by hand below
    long store = chain.count("select id from store where code = ?", "S1");
    long tea = chain.count("select id from offer where code = ?", "tea-10");
    long first = writer.nextId();
    long refused = writer.nextId();
    long last = writer.nextId();
    writer.write(written(first, store, tea, "first"));
    writer.write(written(refused, store, 999_999L, "no such offer")); // the foreign key refuses it
    writer.write(written(last, store, tea, "x".repeat(2_000))); // longer than the column

    writer.flushAll();

    assertThat(chain.count("select count(*) from presentation where id in (?, ?)", first, last))
        .isEqualTo(2);
    assertThat(chain.count("select count(*) from presentation where id = ?", refused)).isZero();
    assertThat(
            chain.count(
                "select max(char_length(explanation)) from presentation_offer"
                    + " where presentation_id = ?",
                last))
        .isEqualTo(1000);
    assertThat(writer.droppedCount()).isEqualTo(1);
    assertThat(writer.pendingCount()).isZero();
    // Later presentations are not held back by the refused one.
    long later = writer.nextId();
    writer.write(written(later, store, tea, "later"));
    writer.flushAll();
    assertThat(chain.count("select count(*) from presentation where id = ?", later)).isEqualTo(1);
  }

  private static PresentationWriter.Row written(
      long id, long store, long offer, String explanation) {
    return new PresentationWriter.Row(
        id,
        Optional.empty(),
        store,
        Optional.empty(),
        "kiosk",
        NOW,
        false,
        Optional.empty(),
        List.of(new PresentationWriter.OfferRow(1, offer, 0.5, explanation)));
  }

  @Test
  void anOfferAppearsAndGoesAtItsOwnInstantsWhateverTheCatalogueRemembered() {
    start(TestDatabases.h2(root.resolve("db")), Duration.ofMillis(50));
    Instant starts = NOW.plus(Duration.ofHours(1));
    Instant ends = NOW.plus(Duration.ofHours(3));
    offers.createOffer(
        new OfferDetails(
            "later-5",
            "later-5",
            "percent_off",
            Optional.of(new BigDecimal("5")),
            Optional.empty(),
            Optional.of("cake"),
            Optional.empty(),
            starts,
            ends,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            "active",
            Map.of("en", new OfferText("5% off", "Later.")),
            List.of(),
            List.of()));

    assertThat(codes(decide("L-2", NOW))).doesNotContain("later-5");
    assertThat(codes(decide("L-2", starts.minusMillis(1)))).doesNotContain("later-5");
    assertThat(codes(decide("L-2", starts))).contains("later-5");
    assertThat(codes(decide("L-2", ends.minusMillis(1)))).contains("later-5");
    assertThat(codes(decide("L-2", ends))).doesNotContain("later-5");
    // and back: an earlier moment is judged afresh, not from what was remembered last
    assertThat(codes(decide("L-2", NOW))).doesNotContain("later-5");
    assertThat(codes(decide("L-2", starts.plusSeconds(60)))).contains("later-5");
  }

  @Test
  void aWithdrawnConsentIsRespectedAtTheVeryNextDecisionOnTheSameServer() {
    start(TestDatabases.h2(root.resolve("db")), Duration.ofMillis(50));
    assertThat(codes(decide("6001000100"))).containsExactly("coffee-10", "tea-10");
    assertThat(cache.shoppersHeld()).isEqualTo(1);

    shoppers.recordConsent(
        "L-1", new ConsentChange("kiosk", "offers", "revoked", "kiosk", NOW.minusSeconds(10)));
    Decision withdrawn = decide("6001000100");
    assertThat(withdrawn.offers()).isEmpty();
    assertThat(withdrawn.shopper()).isPresent();
    assertThat(codes(decide("L-2"))).containsExactly("coffee-10", "tea-10"); // others unaffected

    shoppers.recordConsent(
        "L-1", new ConsentChange("kiosk", "offers", "granted", "kiosk", NOW.minusSeconds(5)));
    assertThat(codes(decide("L-1"))).containsExactly("coffee-10", "tea-10");
  }

  @Test
  void aChangeMadeElsewhereIsNotSeenUntilTheEntryIsDroppedThenItIs() {
    start(TestDatabases.h2(root.resolve("db")), Duration.ofMillis(50));
    assertThat(codes(decide("L-1"))).contains("tea-10");
    // another server withdraws: nobody tells this server's cache
    new ShopperService(database, new RfmCutPointRefresher(database, CLOCK), CLOCK)
        .recordConsent(
            "L-1", new ConsentChange("kiosk", "offers", "revoked", "kiosk", NOW.minusSeconds(10)));
    assertThat(codes(decide("L-1"))).contains("tea-10"); // stale, within the documented bound

    cache.shoppersChanged(); // what the expiry after tailor.decisions.cache.seconds does
    assertThat(decide("L-1").offers()).isEmpty();
  }

  @Test
  void aNewcomerIsGreetedAsNobodyAndShownTheOffersForNewcomers() {
    start(TestDatabases.h2(root.resolve("db")), Duration.ofMillis(50));
    Decision newcomer = decide("6009999999");
    assertThat(newcomer.shopper()).isEmpty();
    assertThat(codes(newcomer)).containsExactly("coffee-10", "tea-10");
    assertThat(cache.shoppersHeld()).isZero(); // nothing was read for them
  }

  @Test
  void aShopperImportedThroughThisServerIsKnownAtTheVeryNextDecision() {
    start(TestDatabases.h2(root.resolve("db")), Duration.ofMillis(50));
    assertThat(decide("6001000300").shopper()).isEmpty();

    long cleo = chain.shopper("L-3", "Cleo", "Dupont", "fr");
    chain.identifier(cleo, "card", "6001000300");
    chain.identifier(cleo, "phone", "+33612345678");
    // what the import resource announces once the import committed
    cache.shoppersChanged();

    Decision byCard = decide("6001000300");
    assertThat(byCard.shopper()).isPresent();
    assertThat(byCard.shopper().get().loyaltyId()).isEqualTo("L-3");
    assertThat(byCard.shopper().get().firstName()).contains("Cleo");
    assertThat(decide("+33 6 12 34 56 78").shopper().map(p -> p.loyaltyId())).contains("L-3");
    assertThat(decide("L-3").shopper().map(p -> p.language())).contains("fr");
  }

  @Test
  void aShopperAddedElsewhereIsFoundOnceTheIndexIsRefreshed() {
    start(TestDatabases.h2(root.resolve("db")), Duration.ofMillis(50));
    chain.shopper("L-4", "Dev", "Patel", "en"); // by another server: nobody tells this one
    assertThat(decide("L-4").shopper()).isEmpty(); // a newcomer, within the documented bound

    index.refresh(); // what the refresh every tailor.decisions.cache.seconds does
    assertThat(decide("L-4").shopper().map(p -> p.firstName().orElseThrow())).contains("Dev");
  }

  @Test
  void decisionsFindShoppersInTheDatabaseUntilTheIndexIsLoaded() {
    start(TestDatabases.h2(root.resolve("db")), Duration.ofMillis(50));
    ShopperIndex notLoaded = new ShopperIndex(database.dataSource());
    DecisionCache beforeLoad =
        new DecisionCache(database, Duration.ofHours(1), 1000, Optional.of(notLoaded));
    assertThat(beforeLoad.shopper("6001000100").map(f -> f.profile().loyaltyId())).contains("L-1");
    assertThat(beforeLoad.shopper("L-2").map(f -> f.profile().loyaltyId())).contains("L-2");
    assertThat(beforeLoad.shopper("nobody")).isEmpty();
  }

  @Test
  void aShoppersFactsAreTheirProfileConsentsAndRedemptionsWhicheverWayTheyAreFound() {
    start(TestDatabases.h2(root.resolve("db")), Duration.ofMillis(50));
    factsAreTheSameWhicheverWayTheShopperIsFound();
  }

  @Test
  void aShoppersFactsAreTheSameOnMariaDb() {
    start(TestDatabases.freshMariaDb(), Duration.ofMillis(50));
    factsAreTheSameWhicheverWayTheShopperIsFound();
  }

  private void factsAreTheSameWhicheverWayTheShopperIsFound() {
    long ana = chain.count("select id from shopper where loyalty_id = ?", "L-1");
    chain.attribute(ana, "tier", "gold");
    chain.preference(ana, "tea");
    chain.preference(ana, "cake");
    shoppers.recordConsent(
        "L-1", new ConsentChange("kiosk", "profiling", "granted", "kiosk", NOW.minusSeconds(10)));
    Decision first = decide("L-1");
    assertThat(redeem("r-1", "tea-10", Optional.of(first.presentationId()))).isTrue();
    long tea = chain.count("select id from offer where code = ?", "tea-10");

    DecisionCache fromIndex =
        new DecisionCache(database, Duration.ofHours(1), 1000, Optional.of(index));
    DecisionCache fromDatabase = new DecisionCache(database, Duration.ofHours(1), 1000);
    for (DecisionCache facts : List.of(fromIndex, fromDatabase)) {
      DecisionCache.ShopperFacts ana360 = facts.shopper("6001000100").orElseThrow();
      assertThat(ana360.shopperId()).isEqualTo(ana);
      assertThat(ana360.profile().loyaltyId()).isEqualTo("L-1");
      assertThat(ana360.profile().firstName()).contains("Ana");
      assertThat(ana360.profile().language()).isEqualTo("es");
      assertThat(ana360.profile().birthday()).isPresent();
      assertThat(ana360.profile().preferredCategories()).containsExactly("cake", "tea");
      assertThat(ana360.profile().attributes()).containsEntry("tier", "gold");
      assertThat(ana360.consents("kiosk")).containsEntry("profiling", "granted");
      assertThat(ana360.redemptions()).containsEntry(tea, 1L);
    }
  }

  @Test
  void anOfferRedeemedUpToItsCapHereIsNotShownAgainAtTheNextDecision() {
    start(TestDatabases.h2(root.resolve("db")), Duration.ofMillis(50));
    Decision first = decide("L-1");
    assertThat(codes(first)).contains("tea-10");

    assertThat(redeem("r-1", "tea-10", Optional.of(first.presentationId()))).isTrue();

    assertThat(codes(decide("L-1"))).containsExactly("coffee-10");
    assertThat(codes(decide("L-2"))).contains("tea-10");
  }

  @Test
  void aRedemptionForAPresentationNotYetWrittenLinksToIt() {
    start(TestDatabases.h2(root.resolve("db")), Duration.ofHours(1)); // the writer never wakes
    Decision decision = decide("L-1");
    long id = Long.parseLong(decision.presentationId());
    assertThat(writer.isPending(id)).isTrue();
    assertThat(chain.count("select count(*) from presentation where id = ?", id)).isZero();

    assertThat(redeem("r-1", "tea-10", Optional.of(decision.presentationId()))).isTrue();

    assertThat(writer.isPending(id)).isFalse();
    assertThat(
            chain.count(
                "select count(*) from redemption r join presentation p on p.id = r.presentation_id"
                    + " join shopper s on s.id = r.shopper_id"
                    + " where r.message_id = 'r-1' and p.id = ? and s.loyalty_id = 'L-1'",
                id))
        .as("linked to the presentation, and to its shopper through it")
        .isEqualTo(1);
  }

  @Test
  void everyPresentationDecidedConcurrentlyIsWrittenOnceWithItsOffersAfterClose() throws Exception {
    start(TestDatabases.h2(root.resolve("db")), Duration.ofMillis(20));
    everyPresentationIsWrittenOnce();
  }

  @Test
  void everyPresentationDecidedConcurrentlyIsWrittenOnceOnMariaDb() throws Exception {
    start(TestDatabases.freshMariaDb(), Duration.ofMillis(20));
    everyPresentationIsWrittenOnce();
  }

  @Test
  void aPresentationRecordedByAChannelIsWrittenBeforeTheCallReturnsAmongDecidedOnes() {
    start(TestDatabases.h2(root.resolve("db")), Duration.ofHours(1));
    Decision decided = decide("L-1");
    String recorded =
        log.recordPresentation(
            new org.tailor.plugin.host.PresentationRecord(
                Optional.of("L-2"),
                "S1",
                Optional.of("K1"),
                "email",
                NOW,
                List.of(new org.tailor.plugin.host.ShownOffer("coffee-10", 1, 1.0, "sent"))));

    assertThat(recorded).isNotEqualTo(decided.presentationId());
    assertThat(
            chain.count(
                "select count(*) from presentation where id in (?, ?)",
                Long.parseLong(recorded),
                Long.parseLong(decided.presentationId())))
        .as("written at once, and the waiting decided one with it")
        .isEqualTo(2);
  }

  private void everyPresentationIsWrittenOnce() throws Exception {
    int threads = 4;
    int each = 60;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<Decision>>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Callable<List<Decision>> work =
          () -> {
            List<Decision> made = new ArrayList<>();
            for (int i = 0; i < each; i++) {
              made.add(decide((i + thread) % 3 == 0 ? null : (i % 2 == 0 ? "L-1" : "L-2")));
            }
            return made;
          };
      futures.add(pool.submit(work));
    }
    List<Decision> decisions = new ArrayList<>();
    for (Future<List<Decision>> future : futures) {
      decisions.addAll(future.get());
    }
    pool.shutdown();
    Set<String> ids = new HashSet<>();
    long offersShown = 0;
    for (Decision decision : decisions) {
      ids.add(decision.presentationId());
      offersShown += decision.offers().size();
    }
    assertThat(ids).hasSize(threads * each);

    writer.close();

    assertThat(writer.pendingCount()).isZero();
    assertThat(chain.count("select count(*) from presentation")).isEqualTo(threads * each);
    assertThat(chain.count("select count(*) from presentation_offer")).isEqualTo(offersShown);
    for (Decision decision : decisions.subList(0, 20)) {
      assertThat(
              chain.count(
                  "select count(*) from presentation_offer where presentation_id = ?",
                  Long.parseLong(decision.presentationId())))
          .isEqualTo(decision.offers().size());
    }
  }
}
