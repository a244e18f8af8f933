package org.tailor.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
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
import org.tailor.server.persistence.TestDatabases;
import org.tailor.server.plugins.PluginHost;
import org.tailor.server.shopper.ConsentChange;
import org.tailor.server.shopper.RfmCutPointRefresher;
import org.tailor.server.shopper.ShopperService;
import org.tailor.server.store.StoreDetails;
import org.tailor.server.store.StoreService;

/**
 * Per-shopper caps and consent, property-based, with the decision cache on (an hour's expiry, so
 * that only announced changes refresh it): whatever redemptions, withdrawals and grants happen in
 * whatever order between decisions, no decision shows an offer to a shopper who has redeemed it up
 * to its cap, nor any offer to one whose current consent to offers on the channel is withdrawn —
 * both judged on the committed rows at the moment of the decision.
 */
class CachedCapsAndConsentPropertyTest {

  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final List<String> CAPPED = List.of("cap-1", "cap-2");

  private static Database database;
  private static PluginHost host;
  private static PresentationWriter writer;
  private static ShopperService shoppers;
  private static DatabaseDecisionLog log;
  private static DecisionPipeline pipeline;
  private static ChainFixture chain;
  private static final AtomicInteger SHOPPERS = new AtomicInteger();
  private static final AtomicInteger MESSAGES = new AtomicInteger();

  enum Step {
    DECIDE,
    REDEEM_CAP_1,
    REDEEM_CAP_2,
    WITHDRAW,
    GRANT
  }

  @BeforeContainer
  static void start() throws Exception {
    Path root = Files.createTempDirectory("tailor-caps-property");
    database = Database.open(TestDatabases.h2(root.resolve("db")));
    chain = new ChainFixture(database);
    DecisionCache cache = new DecisionCache(database, Duration.ofHours(1), 1000);
    writer = new PresentationWriter(database.dataSource(), 16, 64, Duration.ofMillis(50));
    StoreService stores = new StoreService(database, CLOCK, cache::storesChanged);
    stores.createStore(
        new StoreDetails("S1", "High Street", Optional.empty(), Optional.empty(), "Europe/Madrid"));
    OfferCatalogueCache catalogue =
        new OfferCatalogueCache(database, CLOCK, Duration.ofSeconds(10));
    OfferService offers = new OfferService(database, CLOCK, catalogue::invalidate);
    offers.createOffer(offer("cap-1", Optional.of(1)));
    offers.createOffer(offer("cap-2", Optional.of(2)));
    offers.createOffer(offer("free", Optional.empty()));
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

  @AfterContainer
  static void stop() {
    host.close();
    writer.close();
    database.close();
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

  @Provide
  Arbitrary<List<Step>> steps() {
    return Arbitraries.of(Step.class).list().ofMinSize(1).ofMaxSize(25);
  }

  @Property(tries = 40)
  void noDecisionShowsACappedOfferBeyondItsCapOrAnythingWithoutConsent(
      @ForAll("steps") List<Step> steps) {
    String loyaltyId = "P-" + SHOPPERS.incrementAndGet();
    chain.shopper(loyaltyId, "Pat", "Doe", "en");
    long t = 0;
    for (Step step : steps) {
      t++;
      switch (step) {
        case DECIDE -> check(loyaltyId);
        case REDEEM_CAP_1 -> redeem(loyaltyId, "cap-1");
        case REDEEM_CAP_2 -> redeem(loyaltyId, "cap-2");
        case WITHDRAW -> consent(loyaltyId, "revoked", t);
        case GRANT -> consent(loyaltyId, "granted", t);
      }
    }
    check(loyaltyId);
  }

  private static void check(String loyaltyId) {
    Decision decision =
        pipeline.decide(
            new DecisionRequest(
                Optional.of(loyaltyId), "S1", Optional.empty(), "kiosk", NOW, 5, Optional.empty()));
    List<String> shown = decision.offers().stream().map(ChosenOffer::offerCode).toList();
    boolean withdrawn =
        chain.count(
                "select count(*) from consent c join shopper s on s.id = c.shopper_id"
                    + " where s.loyalty_id = ? and c.channel = 'kiosk' and c.purpose = 'offers'"
                    + " and c.status = 'revoked'",
                loyaltyId)
            > 0;
    if (withdrawn) {
      assertThat(shown).as("offers consent withdrawn").isEmpty();
      return;
    }
    for (String code : CAPPED) {
      long redeemed =
          chain.count(
              "select count(*) from redemption r join shopper s on s.id = r.shopper_id"
                  + " join offer o on o.id = r.offer_id where s.loyalty_id = ? and o.code = ?",
              loyaltyId,
              code);
      int cap = code.equals("cap-1") ? 1 : 2;
      assertThat(shown.contains(code))
          .as("%s shown after %d of %d redemptions", code, redeemed, cap)
          .isEqualTo(redeemed < cap);
    }
    assertThat(shown).contains("free");
  }

  private static void redeem(String loyaltyId, String offer) {
    log.recordRedemption(
        new RedemptionRecord(
            "m-" + MESSAGES.incrementAndGet(),
            Optional.empty(),
            offer,
            Optional.of(loyaltyId),
            "S1",
            Optional.empty(),
            NOW.minusSeconds(60),
            new BigDecimal("20.00")));
  }

  private static void consent(String loyaltyId, String status, long t) {
    shoppers.recordConsent(
        loyaltyId,
        new ConsentChange("kiosk", "offers", status, "kiosk", NOW.minusSeconds(1000 - t)));
  }
}
