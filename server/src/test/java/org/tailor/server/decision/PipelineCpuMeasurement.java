package org.tailor.server.decision;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
import org.tailor.plugin.host.ChosenOffer;
import org.tailor.plugin.host.Decision;
import org.tailor.plugin.host.DecisionRequest;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.offer.CampaignDetails;
import org.tailor.server.offer.OfferCatalogueCache;
import org.tailor.server.offer.OfferDetails;
import org.tailor.server.offer.OfferService;
import org.tailor.server.offer.OfferText;
import org.tailor.server.persistence.ChainFixture;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;
import org.tailor.server.plugins.PluginHost;
import org.tailor.server.store.StoreDetails;
import org.tailor.server.store.StoreService;
import org.tailor.server.store.TerminalDetails;

/**
 * Not a test: a measurement of the decision pipeline's own CPU per decision, with no scoring
 * plugin, on an H2 database: 1,000 active offers (a tenth with an eligibility rule, a tenth with a
 * per-shopper cap, a tenth with a budget, 40 in campaigns of which three hold shoppers out), 3,000
 * shoppers (a third with redemptions of capped offers), one thread. Prints the deciding thread's
 * CPU and the wall time per decision for each round, and a fingerprint of every decision's offers,
 * ranks, probabilities, explanations and holdout, which a change that keeps the results keeps. Run
 * with the test classpath: {@code java -cp ... PipelineCpuMeasurement [rounds] [decisions]
 * [no-campaigns]}.
 */
final class PipelineCpuMeasurement {

  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final int OFFERS = 1_000;
  private static final int SHOPPERS = 3_000;

  private PipelineCpuMeasurement() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int decisions = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    // "no-campaigns": no offer in a campaign, as in the DecisionBenchmark's catalogue
    boolean withCampaigns = !(args.length > 2 && args[2].equals("no-campaigns"));
    Path root = Files.createTempDirectory("pipeline-cpu");
    try (Database database = Database.open(TestDatabases.h2(root.resolve("db")))) {
      ChainFixture chain = new ChainFixture(database);
      StoreService stores = new StoreService(database, CLOCK);
      stores.createStore(
          new StoreDetails("S1", "High Street", Optional.empty(), Optional.empty(), "UTC"));
      stores.createTerminal("S1", new TerminalDetails("K1", "kiosk", "Entrance kiosk"));
      OfferCatalogueCache catalogue = new OfferCatalogueCache(database, CLOCK, Duration.ofHours(1));
      OfferService offers = new OfferService(database, CLOCK, catalogue::invalidate);
      offers.createCampaign(
          new CampaignDetails(
              "spring", "Spring", new BigDecimal("0.10"), Optional.empty(), Optional.empty()));
      offers.createCampaign(
          new CampaignDetails(
              "summer", "Summer", new BigDecimal("0.20"), Optional.empty(), Optional.empty()));
      offers.createCampaign(
          new CampaignDetails(
              "autumn", "Autumn", new BigDecimal("0.05"), Optional.empty(), Optional.empty()));
      offers.createCampaign(
          new CampaignDetails(
              "always", "Always", BigDecimal.ZERO, Optional.empty(), Optional.empty()));
      List<String> campaigns = List.of("spring", "summer", "autumn", "always");
      SplittableRandom random = new SplittableRandom(5);
      for (int i = 1; i <= OFFERS; i++) {
        String category = "category-" + random.nextInt(40);
        int percent = 5 + random.nextInt(6) * 5;
        offers.createOffer(
            new OfferDetails(
                String.format("bench-offer-%04d", i),
                percent + "% off " + category,
                "percent_off",
                Optional.of(BigDecimal.valueOf(percent)),
                Optional.empty(),
                Optional.of(category),
                i % 10 == 3 ? Optional.of("hour >= 0 && channel == \"kiosk\"") : Optional.empty(),
                NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(30)),
                i % 10 == 2 ? Optional.of(new BigDecimal("1000000.00")) : Optional.empty(),
                i % 10 == 1 ? Optional.of(1) : Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                withCampaigns && i % 25 == 4 ? Optional.of(campaigns.get(i % 4)) : Optional.empty(),
                "active",
                Map.of(
                    "en", new OfferText(percent + "% off " + category, "This week only."),
                    "es", new OfferText(percent + "% en " + category, "Solo esta semana."),
                    "zh-TW", new OfferText(category + " " + percent + "% 折扣", "僅限本週。")),
                List.of(),
                List.of()));
      }
      String[] languages = {"en", "es", "zh-TW", "bg"};
      DatabaseDecisionLog log =
          new DatabaseDecisionLog(database, catalogue::redeemed, NobodyListens.INSTANCE);
      for (int s = 0; s < SHOPPERS; s++) {
        long id = chain.shopper("L-" + s, "First" + s, "Last" + s, languages[s % 4]);
        chain.identifier(id, "card", "card-" + s);
        if (s % 3 == 0) {
          for (int r = 0; r < 5; r++) {
            log.recordRedemption(
                new org.tailor.plugin.host.RedemptionRecord(
                    "m-" + s + "-" + r,
                    Optional.empty(),
                    String.format("bench-offer-%04d", 1 + 10 * random.nextInt(OFFERS / 10)),
                    Optional.of("L-" + s),
                    "S1",
                    Optional.empty(),
                    NOW.minusSeconds(3600),
                    new BigDecimal("20.00")));
          }
        }
      }
      try (PluginHost host =
              new PluginHost(
                  TailorSettings.of(
                      Map.of(
                          "tailor.data.dir", root.resolve("data").toString(),
                          "tailor.plugins.config.dir", root.resolve("config").toString())));
          PresentationWriter presentations =
              new PresentationWriter(
                  database.dataSource(), 100_000, 10_000_000, Duration.ofHours(1))) {
        host.start();
        DecisionPipeline pipeline =
            new DecisionPipeline(
                catalogue,
                host::scoringPlugins,
                new DecisionSettings(0.1, Map.of(), false, 10, "en"),
                () -> DRAWS.get(),
                NobodyListens.INSTANCE,
                new DecisionCache(database, Duration.ofHours(1), 10_000),
                presentations);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < rounds; round++) {
          DRAWS.set(new SplittableRandom(round));
          SplittableRandom who = new SplittableRandom(100 + round);
          long fingerprint = 17;
          long cpu = threads.getCurrentThreadCpuTime();
          long start = System.nanoTime();
          for (int i = 0; i < decisions; i++) {
            int s = who.nextInt(SHOPPERS + SHOPPERS / 10); // a tenth newcomers
            Decision decision =
                pipeline.decide(
                    new DecisionRequest(
                        Optional.of("card-" + s),
                        "S1",
                        Optional.of("K1"),
                        "kiosk",
                        NOW,
                        3,
                        Optional.of("en")));
            fingerprint = fingerprint * 31 + (decision.holdout() ? 1 : 0);
            fingerprint = fingerprint * 31 + decision.language().hashCode();
            for (ChosenOffer offer : decision.offers()) {
              fingerprint = fingerprint * 31 + offer.offerCode().hashCode();
              fingerprint = fingerprint * 31 + offer.rank();
              fingerprint = fingerprint * 31 + Double.hashCode(offer.probability());
              fingerprint = fingerprint * 31 + offer.explanation().hashCode();
              fingerprint = fingerprint * 31 + offer.headline().hashCode();
            }
          }
          double wall = (System.nanoTime() - start) / 1000.0 / decisions;
          double used = (threads.getCurrentThreadCpuTime() - cpu) / 1000.0 / decisions;
          presentations.flushAll();
          System.out.printf(
              "round %d: %d decisions, thread CPU %.1f µs/decision, wall %.1f µs/decision,"
                  + " fingerprint %016x%n",
              round, decisions, used, wall, fingerprint);
        }
      }
    }
  }

  private static final ThreadLocal<SplittableRandom> DRAWS =
      ThreadLocal.withInitial(() -> new SplittableRandom(0));
}
