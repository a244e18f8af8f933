package org.tailor.server.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.tailor.plugin.host.ChosenOffer;
import org.tailor.plugin.host.Decision;
import org.tailor.plugin.host.DecisionRequest;
import org.tailor.plugin.host.RedemptionRecord;
import org.tailor.plugin.host.RequestRejectedException;
import org.tailor.plugin.host.ShopperDirectory;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.offer.ActiveOffer;
import org.tailor.server.offer.CampaignDetails;
import org.tailor.server.offer.EligibilityRule;
import org.tailor.server.offer.OfferCatalogueCache;
import org.tailor.server.offer.OfferDetails;
import org.tailor.server.offer.OfferService;
import org.tailor.server.offer.OfferText;
import org.tailor.server.persistence.ChainFixture;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;
import org.tailor.server.plugins.PluginHost;
import org.tailor.server.plugins.TestBundles;
import org.tailor.server.shopper.ConsentChange;
import org.tailor.server.shopper.DatabaseShopperDirectory;
import org.tailor.server.shopper.RfmCutPointRefresher;
import org.tailor.server.shopper.ShopperService;
import org.tailor.server.store.StoreDetails;
import org.tailor.server.store.StoreService;
import org.tailor.server.store.TerminalDetails;
import org.tailor.server.validation.InvalidInputException;

/**
 * The decision pipeline on a real database with a real plugin host: a test scoring bundle that
 * likes the categories a shopper declared, installed in a running Felix framework.
 */
class DecisionPipelineTest {

  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path root;

  private Database database;
  private PluginHost host;
  private ChainFixture chain;
  private OfferCatalogueCache catalogue;
  private OfferService offers;
  private ShopperService shoppers;
  private DatabaseDecisionLog log;
  private long teaLover;

  @BeforeEach
  void setUp() throws Exception {
    database = Database.open(TestDatabases.h2(root.resolve("db")));
    chain = new ChainFixture(database);
    StoreService stores = new StoreService(database, CLOCK);
    stores.createStore(
        new StoreDetails("S1", "High Street", Optional.empty(), Optional.empty(), "Europe/Madrid"));
    stores.createStore(
        new StoreDetails("S2", "Old Town", Optional.empty(), Optional.empty(), "Europe/Madrid"));
    stores.createTerminal("S1", new TerminalDetails("K1", "kiosk", "Entrance kiosk"));
    stores.createTerminal("S2", new TerminalDetails("K2", "kiosk", "Old Town kiosk"));
    teaLover = chain.shopper("L-1", "Ana", "García", "es");
    chain.identifier(teaLover, "card", "6001000100");
    chain.preference(teaLover, "tea");
    catalogue = new OfferCatalogueCache(database, CLOCK, Duration.ofSeconds(10));
    offers = new OfferService(database, CLOCK, catalogue::invalidate);
    offers.createOffer(offer("coffee-10", "coffee"));
    offers.createOffer(offer("tea-10", "tea"));
    offers.createOffer(offer("tea-20", "tea"));
    shoppers = new ShopperService(database, new RfmCutPointRefresher(database, CLOCK), CLOCK);
    log = new DatabaseDecisionLog(database, catalogue::redeemed, NobodyListens.INSTANCE);

    host =
        new PluginHost(
            TailorSettings.of(
                Map.of(
                    "tailor.data.dir",
                    root.resolve("data").toString(),
                    "tailor.plugins.config.dir",
                    root.resolve("config").toString(),
                    PluginHost.POLL_SETTING,
                    "50")));
    host.registerHostService(ShopperDirectory.class, new DatabaseShopperDirectory(database));
    host.start();
    TestBundles bundles = new TestBundles(root.resolve("staging"));
    TestBundles.drop(
        bundles.build("test.affinity", "1.0.0", "affinity.v1"),
        root.resolve("data/plugins"),
        "affinity.jar");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> host.scoringPlugins().ids().contains("affinity"));
  }

  @AfterEach
  void tearDown() {
    host.close();
    database.close();
  }

  private static OfferDetails offer(String code, String category) {
    return offer(code, category, Optional.empty(), Optional.empty(), Optional.empty());
  }

  private static OfferDetails offer(
      String code,
      String category,
      Optional<Integer> perShopperCap,
      Optional<BigDecimal> budget,
      Optional<String> campaign) {
    return new OfferDetails(
        code,
        code,
        "percent_off",
        Optional.of(new BigDecimal("10")),
        Optional.empty(),
        Optional.of(category),
        Optional.empty(),
        NOW.minus(Duration.ofDays(1)),
        NOW.plus(Duration.ofDays(30)),
        budget,
        perShopperCap,
        Optional.empty(),
        Optional.empty(),
        campaign,
        "active",
        Map.of(
            "en", new OfferText("10% off " + category, "This week."),
            "es", new OfferText("10% en " + category, "Esta semana.")),
        List.of(),
        List.of());
  }

  private DecisionPipeline pipeline(double exploration) {
    return new DecisionPipeline(
        database,
        catalogue,
        host::scoringPlugins,
        new DecisionSettings(exploration, Map.of(), false, 10, "en"),
        () -> new SplittableRandom(7));
  }

  private static DecisionRequest request(String identifier, String store, String terminal) {
    return new DecisionRequest(
        Optional.ofNullable(identifier),
        store,
        Optional.ofNullable(terminal),
        "kiosk",
        NOW,
        3,
        Optional.of("en"));
  }

  private List<String> codes(Decision decision) {
    return decision.offers().stream().map(ChosenOffer::offerCode).toList();
  }

  @Test
  void aKnownShopperGetsHerCategoryFirstThenAnotherCategoryInHerLanguage() {
    Decision decision = pipeline(0.0).decide(request("6001000100", "S1", "K1"));

    assertThat(decision.shopper())
        .hasValueSatisfying(s -> assertThat(s.loyaltyId()).isEqualTo("L-1"));
    assertThat(decision.language()).isEqualTo("es");
    // tea first (she likes tea), then coffee before the second tea offer: diversity before score
    assertThat(codes(decision)).containsExactly("tea-10", "coffee-10", "tea-20");
    assertThat(decision.offers().get(0).headline()).isEqualTo("10% en tea");
    assertThat(decision.offers()).allSatisfy(o -> assertThat(o.probability()).isEqualTo(1.0));
    assertThat(decision.offers().get(0).explanation()).contains("affinity", "likes tea");
    assertThat(decision.holdout()).isFalse();
    assertThat(
            chain.count(
                "SELECT COUNT(*) FROM presentation p JOIN presentation_offer o"
                    + " ON o.presentation_id = p.id WHERE p.id = ? AND p.shopper_id = ?",
                Long.parseLong(decision.presentationId()),
                teaLover))
        .isEqualTo(3);
  }

  @Test
  void loggedProbabilitiesAreThoseReturnedAndPositiveWithExploration() {
    Decision decision = pipeline(0.3).decide(request("L-1", "S1", "K1"));

    assertThat(decision.offers()).hasSize(3);
    for (ChosenOffer offer : decision.offers()) {
      assertThat(offer.probability()).isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
      assertThat(
              chain.count(
                  "SELECT COUNT(*) FROM presentation_offer WHERE presentation_id = ?"
                      + " AND offer_rank = ? AND ABS(probability - ?) < 1e-12",
                  Long.parseLong(decision.presentationId()),
                  offer.rank(),
                  offer.probability()))
          .isEqualTo(1);
    }
    // the last slot has one offer left: it is certain
    assertThat(decision.offers().get(2).probability()).isEqualTo(1.0);
  }

  @Test
  void aNewcomerGetsOffersNotAnError() {
    Decision decision = pipeline(0.0).decide(request("9999999999", "S1", "K1"));

    assertThat(decision.shopper()).isEmpty();
    assertThat(decision.language()).isEqualTo("en");
    assertThat(decision.offers()).hasSize(3);
    assertThat(
            chain.count(
                "SELECT COUNT(*) FROM presentation WHERE id = ? AND shopper_id IS NULL",
                Long.parseLong(decision.presentationId())))
        .isEqualTo(1);
  }

  @Test
  void anUnknownStoreOrAnotherStoresTerminalIsRefusedAndNothingIsWritten() {
    DecisionPipeline pipeline = pipeline(0.0);

    assertThatThrownBy(() -> pipeline.decide(request("L-1", "S9", "K1")))
        .isInstanceOfSatisfying(
            RequestRejectedException.class,
            e -> {
              assertThat(e.field()).isEqualTo("storeCode");
              assertThat(e.value()).isEqualTo("S9");
            });
    assertThatThrownBy(() -> pipeline.decide(request("L-1", "S1", "K2")))
        .isInstanceOfSatisfying(
            RequestRejectedException.class,
            e -> {
              assertThat(e.field()).isEqualTo("terminalCode");
              assertThat(e.value()).isEqualTo("K2");
              assertThat(e.expected()).contains("S1");
            });
    assertThat(chain.count("SELECT COUNT(*) FROM presentation")).isZero();
  }

  @Test
  void tooManyOffersAskedForIsRefused() {
    DecisionRequest greedy =
        new DecisionRequest(
            Optional.of("L-1"), "S1", Optional.empty(), "kiosk", NOW, 11, Optional.empty());

    assertThatThrownBy(() -> pipeline(0.0).decide(greedy))
        .isInstanceOfSatisfying(
            RequestRejectedException.class, e -> assertThat(e.field()).isEqualTo("maxOffers"));
  }

  @Test
  void anOfferRedeemedUpToItsCapIsNoLongerShownToThatShopperOnly() {
    offers.updateOffer(
        "tea-10", offer("tea-10", "tea", Optional.of(1), Optional.empty(), Optional.empty()));
    redeem("r-1", "tea-10", "L-1", "20.00");

    assertThat(codes(pipeline(0.0).decide(request("L-1", "S1", "K1")))).doesNotContain("tea-10");
    assertThat(codes(pipeline(0.0).decide(request(null, "S1", "K1")))).contains("tea-10");
  }

  @Test
  void anOfferWhoseBudgetIsSpentIsNoLongerShown() {
    offers.updateOffer(
        "coffee-10",
        offer(
            "coffee-10",
            "coffee",
            Optional.empty(),
            Optional.of(new BigDecimal("3.00")),
            Optional.empty()));
    redeem("r-1", "coffee-10", null, "20.00"); // 2.00 of 3.00
    assertThat(codes(pipeline(0.0).decide(request(null, "S1", "K1")))).contains("coffee-10");

    redeem("r-2", "coffee-10", null, "10.00"); // 3.00 of 3.00
    assertThat(codes(pipeline(0.0).decide(request(null, "S1", "K1")))).doesNotContain("coffee-10");
  }

  @Test
  void onlyTheSpentOfTheBudgetedOffersIsLeftOutAndTheOthersKeepTheirOrder() {
    for (String code : List.of("tea-10", "tea-20")) {
      offers.updateOffer(
          code,
          offer(
              code,
              "tea",
              Optional.empty(),
              Optional.of(new BigDecimal("1.00")),
              Optional.empty()));
    }
    assertThat(catalogue.activeOffers("S1", "kiosk", NOW).stream().map(ActiveOffer::code))
        .containsExactly("coffee-10", "tea-10", "tea-20");

    redeem("r-1", "tea-10", null, "10.00"); // 1.00 of 1.00: spent
    assertThat(catalogue.activeOffers("S1", "kiosk", NOW).stream().map(ActiveOffer::code))
        .containsExactly("coffee-10", "tea-20");

    redeem("r-2", "tea-20", null, "10.00");
    assertThat(catalogue.activeOffers("S1", "kiosk", NOW).stream().map(ActiveOffer::code))
        .containsExactly("coffee-10");
  }

  @Test
  void theCatalogueHandsOverItsCandidatesCodeOrderAndHoldoutsWithTheActiveOffers() {
    offers.updateOffer(
        "tea-10",
        offer(
            "tea-10",
            "tea",
            Optional.empty(),
            Optional.of(new BigDecimal("1.00")),
            Optional.empty()));
    OfferCatalogueCache.ActiveOffers all = catalogue.active("S1", "kiosk", NOW);

    assertThat(all.offers())
        .extracting(ActiveOffer::code)
        .containsExactly("coffee-10", "tea-10", "tea-20");
    assertThat(all.inCodeOrder()).isTrue();
    assertThat(all.mayHoldOut()).isFalse(); // no campaign
    // the catalogue's own candidates for all its offers, the same list at every decision
    assertThat(all.candidates(all.offers()))
        .isEqualTo(all.offers().stream().map(ActiveOffer::candidate).toList())
        .isSameAs(catalogue.active("S1", "kiosk", NOW).candidates(all.offers()));
    // what the scoring plugins are handed: their List.copyOf of the candidates copies nothing
    assertThat(List.copyOf(all.candidates(all.offers()))).isSameAs(all.candidates(all.offers()));
    List<ActiveOffer> some = List.of(all.offers().get(0), all.offers().get(2));
    assertThat(all.candidates(some))
        .containsExactly(some.get(0).candidate(), some.get(1).candidate());

    redeem("r-1", "tea-10", null, "10.00"); // its budget spent
    OfferCatalogueCache.ActiveOffers left = catalogue.active("S1", "kiosk", NOW);
    assertThat(left.offers()).extracting(ActiveOffer::code).containsExactly("coffee-10", "tea-20");
    assertThat(left.inCodeOrder()).isTrue();
    assertThat(left.candidates(left.offers()))
        .containsExactly(left.offers().get(0).candidate(), left.offers().get(1).candidate());

    offers.createCampaign(
        new CampaignDetails(
            "none-out", "None out", BigDecimal.ZERO, Optional.empty(), Optional.empty()));
    offers.updateOffer(
        "tea-20",
        offer("tea-20", "tea", Optional.empty(), Optional.empty(), Optional.of("none-out")));
    assertThat(catalogue.active("S1", "kiosk", NOW).mayHoldOut()).isFalse(); // holds out 0
    offers.createCampaign(
        new CampaignDetails(
            "some-out", "Some out", new BigDecimal("0.1"), Optional.empty(), Optional.empty()));
    offers.updateOffer(
        "coffee-10",
        offer("coffee-10", "coffee", Optional.empty(), Optional.empty(), Optional.of("some-out")));
    assertThat(catalogue.active("S1", "kiosk", NOW).mayHoldOut()).isTrue();
  }

  @Test
  void theCatalogueFindsItsOffersCategoriesAndRulesOnceAndThoseOfSomeOfThemWhenAsked() {
    offers.updateOffer("tea-10", withRule(offer("tea-10", "tea"), "known"));
    OfferCatalogueCache.ActiveOffers all = catalogue.active("S1", "kiosk", NOW);

    assertThat(all.offers())
        .extracting(ActiveOffer::code)
        .containsExactly("coffee-10", "tea-10", "tea-20");
    assertThat(all.categoryNumbers(all.offers()))
        .containsExactly(0, 1, 1)
        .isSameAs(catalogue.active("S1", "kiosk", NOW).categoryNumbers(all.offers()));
    assertThat(all.withEligibilityRule(all.offers()))
        .containsExactly(1)
        .isSameAs(catalogue.active("S1", "kiosk", NOW).withEligibilityRule(all.offers()));
    List<ActiveOffer> some = List.of(all.offers().get(1), all.offers().get(2));
    assertThat(all.categoryNumbers(some)).containsExactly(1, 1);
    assertThat(all.withEligibilityRule(some)).containsExactly(0);
    assertThat(all.withEligibilityRule(List.of(all.offers().get(2)))).isEmpty();
  }

  @Test
  void anotherServersRedemptionsCountAgainstTheBudgetOnceTheCatalogueReloads() {
    offers.updateOffer(
        "coffee-10",
        offer(
            "coffee-10",
            "coffee",
            Optional.empty(),
            Optional.of(new BigDecimal("1.00")),
            Optional.empty()));
    assertThat(codes(pipeline(0.0).decide(request(null, "S1", "K1")))).contains("coffee-10");

    new DatabaseDecisionLog(database) // another server: this one's cache is not told
        .recordRedemption(
            new RedemptionRecord(
                "elsewhere-1",
                Optional.empty(),
                "coffee-10",
                Optional.empty(),
                "S2",
                Optional.empty(),
                NOW.minusSeconds(60),
                new BigDecimal("10.00")));
    catalogue.invalidate(); // what the periodic reload does

    assertThat(codes(pipeline(0.0).decide(request(null, "S1", "K1")))).doesNotContain("coffee-10");
  }

  @Test
  void withdrawnOffersConsentShowsNothingAndWithdrawnProfilingScoresAsANewcomer() {
    shoppers.recordConsent(
        "L-1", new ConsentChange("kiosk", "profiling", "revoked", "kiosk", NOW.minusSeconds(60)));
    Decision unprofiled = pipeline(0.0).decide(request("L-1", "S1", "K1"));
    assertThat(unprofiled.shopper()).isPresent();
    // no plugin may see her history or preferences: all score 0, ordered by code
    assertThat(codes(unprofiled)).containsExactly("coffee-10", "tea-10", "tea-20");

    shoppers.recordConsent(
        "L-1", new ConsentChange("kiosk", "offers", "revoked", "kiosk", NOW.minusSeconds(30)));
    Decision none = pipeline(0.0).decide(request("L-1", "S1", "K1"));
    assertThat(none.offers()).isEmpty();
    assertThat(none.shopper()).isPresent();
  }

  @Test
  void aHeldOutShopperIsNotShownTheCampaignsOffersAndThePresentationSaysSo() {
    BigDecimal half = new BigDecimal("0.5");
    String campaign = "spring";
    for (int i = 0; !HoldoutAssignment.isHeldOut(campaign, "L-1", half); i++) {
      campaign = "spring-" + i; // the first campaign code whose holdout draws Ana
    }
    offers.createCampaign(
        new CampaignDetails(campaign, "Spring", half, Optional.empty(), Optional.empty()));
    offers.updateOffer(
        "tea-10",
        offer("tea-10", "tea", Optional.empty(), Optional.empty(), Optional.of(campaign)));

    Decision decision = pipeline(0.0).decide(request("L-1", "S1", "K1"));

    assertThat(decision.holdout()).isTrue();
    assertThat(codes(decision)).doesNotContain("tea-10").contains("tea-20", "coffee-10");
    assertThat(
            chain.count(
                "SELECT COUNT(*) FROM presentation p JOIN campaign c ON c.id = p.campaign_id"
                    + " WHERE p.id = ? AND p.holdout AND c.code = ?",
                Long.parseLong(decision.presentationId()),
                campaign))
        .isEqualTo(1);
    // newcomers have no stable id to draw by: they are never held out
    assertThat(pipeline(0.0).decide(request(null, "S1", "K1")).holdout()).isFalse();
  }

  @Test
  void aScoringPluginThatThrowsIsSkippedAndTheDecisionStillAnswers() throws Exception {
    TestBundles bundles = new TestBundles(root.resolve("staging2"));
    TestBundles.drop(
        bundles.build("test.throwing", "1.0.0", "throwing"),
        root.resolve("data/plugins"),
        "throwing.jar");
    await().atMost(Duration.ofSeconds(30)).until(() -> host.scoringPlugins().ids().size() > 1);

    Decision decision = pipeline(0.0).decide(request("L-1", "S1", "K1"));

    assertThat(codes(decision)).containsExactly("tea-10", "coffee-10", "tea-20");
  }

  @Test
  void anOffersEligibilityRuleDecidesWhoSeesIt() {
    OfferDetails spanishOnly =
        withRule(offer("coffee-10", "coffee"), "language == \"es\" && channel == \"kiosk\"");
    offers.updateOffer("coffee-10", spanishOnly);

    assertThat(codes(pipeline(0.0).decide(request("L-1", "S1", "K1")))).contains("coffee-10");
    assertThat(codes(pipeline(0.0).decide(request(null, "S1", "K1")))).doesNotContain("coffee-10");
  }

  @Test
  void oneRuleOnSeveralOffersIsJudgedOnEachOffersOwnFacts() {
    // the same rule text on offers of two categories: evaluated once per category, not once
    offers.updateOffer("coffee-10", withRule(offer("coffee-10", "coffee"), "category == \"tea\""));
    offers.updateOffer("tea-20", withRule(offer("tea-20", "tea"), "category == \"tea\""));

    assertThat(codes(pipeline(0.0).decide(request("L-1", "S1", "K1"))))
        .containsExactlyInAnyOrder("tea-10", "tea-20");
  }

  @Test
  void offersLeftOutByTheirRulesLeaveTheOthersShownWhereverTheyStand() {
    offers.createOffer(offer("cake-5", "cake"));
    String never = "language == \"xx\"";
    String always = "channel == \"kiosk\"";
    offers.updateOffer("coffee-10", withRule(offer("coffee-10", "coffee"), always));
    offers.updateOffer("tea-10", withRule(offer("tea-10", "tea"), never));
    offers.updateOffer("tea-20", withRule(offer("tea-20", "tea"), never));

    // in code order: cake-5 (no rule), coffee-10 (holds), tea-10 and tea-20 (out)
    assertThat(codes(pipeline(0.0).decide(request("L-1", "S1", "K1"))))
        .containsExactlyInAnyOrder("cake-5", "coffee-10");

    offers.updateOffer("cake-5", withRule(offer("cake-5", "cake"), never));
    offers.updateOffer("tea-20", offer("tea-20", "tea"));
    assertThat(codes(pipeline(0.0).decide(request("L-1", "S1", "K1"))))
        .containsExactlyInAnyOrder("coffee-10", "tea-20");
  }

  @Test
  void reasonsArePutIntoWordsOnlyForTheOffersShown() throws Exception {
    TestBundles bundles = new TestBundles(root.resolve("staging2"));
    TestBundles.drop(
        bundles.build("test.bulk", "1.0.0", "bulk"), root.resolve("data/plugins"), "bulk.jar");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> host.scoringPlugins().ids().contains("bulk"));
    DecisionRequest oneOffer =
        new DecisionRequest(
            Optional.of("L-1"), "S1", Optional.of("K1"), "kiosk", NOW, 1, Optional.of("en"));

    Decision first = pipeline(0.0).decide(oneOffer);
    Decision second = pipeline(0.0).decide(oneOffer);

    // three candidates scored each time, one reason asked for each time: the offer shown
    // coffee: 0 from affinity (she likes tea) + 6 from bulk (the length of "coffee") beats tea's 1
    // + 3
    assertThat(codes(first)).containsExactly("coffee-10");
    assertThat(first.offers().get(0).explanation())
        .startsWith("score 6.000; affinity +0.000×1.00: v1 indifferent to coffee")
        .endsWith("; bulk +6.000×1.00: reason #1 for coffee-10");
    assertThat(second.offers().get(0).explanation()).endsWith("reason #2 for coffee-10");
    // and the words logged are the ones returned
    assertThat(
            chain.count(
                "SELECT COUNT(*) FROM presentation_offer WHERE presentation_id = ?"
                    + " AND explanation = ?",
                Long.parseLong(first.presentationId()),
                first.offers().get(0).explanation()))
        .isEqualTo(1);
  }

  @Test
  void aRuleThatDoesNotCompileKeepsItsOfferOutAtEveryDecisionAndIsLoggedOnce() throws Exception {
    // saved before rules were checked, or written to the database directly
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement("UPDATE offer SET eligibility_rule = ? WHERE code = 'coffee-10'")) {
      s.setString(1, "known && langauge == \"es\"");
      s.executeUpdate();
    }
    catalogue.invalidate();
    Logger logger = (Logger) LoggerFactory.getLogger(EligibilityRule.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try {
      for (String shopper : List.of("L-1", "9999999999", "L-1")) {
        assertThat(codes(pipeline(0.0).decide(request(shopper, "S1", "K1"))))
            .containsExactlyInAnyOrder("tea-10", "tea-20");
      }
    } finally {
      logger.detachAppender(logged);
    }

    assertThat(catalogue.activeOffers("S1", "kiosk", NOW))
        .extracting(ActiveOffer::code)
        .contains("coffee-10"); // left out by its rule, not by the catalogue
    assertThat(logged.list)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.WARN);
              assertThat(event.getFormattedMessage()).contains("coffee-10", "does not compile");
            });
  }

  @Test
  void aRuleWithAMistakeIsRefusedWhenSavedNamingWhereTheMistakeIs() {
    OfferDetails typo = withRule(offer("cake-5", "cake"), "known && langauge == \"es\"");

    assertThatThrownBy(() -> offers.createOffer(typo))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.field()).isEqualTo("eligibilityRule");
              assertThat(e.describe(Locale.ENGLISH))
                  .contains(
                      "line 1, column 10", "langauge", "known && langauge == \"es\"\n         ^");
            });
    assertThat(chain.count("SELECT COUNT(*) FROM offer WHERE code = 'cake-5'")).isZero();
  }

  private static OfferDetails withRule(OfferDetails o, String rule) {
    return new OfferDetails(
        o.code(),
        o.name(),
        o.kind(),
        o.discountPercent(),
        o.discountAmount(),
        o.category(),
        Optional.of(rule),
        o.validFrom(),
        o.validUntil(),
        o.totalBudget(),
        o.perShopperCap(),
        o.valueAmount(),
        o.costAmount(),
        o.campaignCode(),
        o.status(),
        o.texts(),
        o.storeCodes(),
        o.channels());
  }

  private void redeem(String messageId, String offer, String loyaltyId, String basket) {
    log.recordRedemption(
        new RedemptionRecord(
            messageId,
            Optional.empty(),
            offer,
            Optional.ofNullable(loyaltyId),
            "S1",
            Optional.empty(),
            NOW.minusSeconds(3600),
            new BigDecimal(basket)));
  }
}
