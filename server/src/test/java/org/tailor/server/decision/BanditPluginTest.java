package org.tailor.server.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.OfferScore;
import org.tailor.plugin.host.Decision;
import org.tailor.plugin.host.DecisionRequest;
import org.tailor.plugin.host.PluginStateStore;
import org.tailor.plugin.host.PurchaseHistory;
import org.tailor.plugin.host.RedemptionEvent;
import org.tailor.plugin.host.RedemptionRecord;
import org.tailor.plugin.host.ShopperDirectory;
import org.tailor.scoring.bandit.BanditScoringPlugin;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.offer.OfferCatalogueCache;
import org.tailor.server.offer.OfferDetails;
import org.tailor.server.offer.OfferService;
import org.tailor.server.offer.OfferText;
import org.tailor.server.persistence.ChainFixture;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;
import org.tailor.server.plugins.FilePluginStateStore;
import org.tailor.server.plugins.PluginHost;
import org.tailor.server.purchase.CachedPurchaseHistory;
import org.tailor.server.purchase.DatabasePurchaseHistory;
import org.tailor.server.shopper.DatabaseShopperDirectory;
import org.tailor.server.store.StoreDetails;
import org.tailor.server.store.StoreService;
import org.tailor.server.store.TerminalDetails;

/**
 * The bandit plugin's own built bundle ({@code plugins/scoring-bandit}) in a running Felix
 * framework with the real decision pipeline and decision log on H2: it hears every presentation and
 * redemption and learns it moments later on its own thread, in order, what it learned survives a
 * restart of the plugin host, and a known shopper's purchases (through the host's cached {@link
 * PurchaseHistory}) set each offer's affinity segment.
 */
class BanditPluginTest {

  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path root;

  private Database database;
  private ChainFixture chain;
  private CachedPurchaseHistory purchases;
  private PluginHost host;
  private DatabaseDecisionLog log;
  private DecisionPipeline pipeline;

  @BeforeEach
  void setUp() throws Exception {
    database = Database.open(TestDatabases.h2(root.resolve("db")));
    chain = new ChainFixture(database);
    purchases =
        new CachedPurchaseHistory(
            new DatabasePurchaseHistory(database), Duration.ofMinutes(5), 100);
    StoreService stores = new StoreService(database, CLOCK);
    stores.createStore(
        new StoreDetails("S1", "High Street", Optional.empty(), Optional.empty(), "Europe/Madrid"));
    stores.createTerminal("S1", new TerminalDetails("K1", "kiosk", "Entrance kiosk"));
    long ana = chain.shopper("L-1", "Ana", "García", "es");
    chain.preference(ana, "tea");
    OfferService offers = new OfferService(database, CLOCK);
    offers.createOffer(offer("coffee-10", "coffee"));
    offers.createOffer(offer("tea-10", "tea"));
    Files.createDirectories(root.resolve("data/plugins"));
    Files.copy(
        bundleJar(),
        root.resolve("data/plugins/scoring-bandit.jar"),
        StandardCopyOption.REPLACE_EXISTING);
    startHost();
  }

  private void startHost() {
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
    host.registerHostService(PurchaseHistory.class, purchases);
    host.registerHostService(
        PluginStateStore.class, new FilePluginStateStore(root.resolve("data/plugin-state")));
    OfferCatalogueCache catalogue = new OfferCatalogueCache(database, CLOCK, Duration.ofSeconds(1));
    log = new DatabaseDecisionLog(database, catalogue::redeemed, host.decisionEvents());
    PluginHost running = host;
    pipeline =
        new DecisionPipeline(
            database,
            catalogue,
            running::scoringPlugins,
            new DecisionSettings(0.1, Map.of(), false, 10, "en"),
            () -> new SplittableRandom(7),
            host.decisionEvents());
    host.start();
    await().atMost(PATIENCE).until(() -> host.scoringPlugins().ids().contains("bandit"));
  }

  @AfterEach
  void tearDown() {
    host.close();
    database.close();
  }

  @Test
  void learnsFromARedemptionMomentsLaterAndRemembersItAfterARestart() {
    Decision decision = pipeline.decide(request());
    assertThat(decision.offers()).hasSize(2);
    assertThat(decision.offers()).allSatisfy(o -> assertThat(o.probability()).isPositive());
    assertThat(decision.offers().get(0).explanation()).contains("bandit", "Thompson draw");
    String redeemed = decision.offers().get(0).offerCode();
    String other = decision.offers().get(1).offerCode();

    // Both offers were heard as shown (one trial each) before any redemption, on the plugin's
    // learning thread: the decision did not wait for it.
    awaitReason(redeemed, "redeemed 0 of 1, all 0 of 1");

    assertThat(log.recordRedemption(redemption("m-1", decision.presentationId(), redeemed)))
        .isTrue();
    awaitReason(redeemed, "redeemed 1 of 1, all 1 of 1");
    assertThat(reasonFor(other)).contains("redeemed 0 of 1, all 0 of 1");

    // A repeated message is ignored by the log; replayed to the plugin directly, by the plugin.
    assertThat(log.recordRedemption(redemption("m-1", decision.presentationId(), redeemed)))
        .isFalse();
    host.decisionEvents()
        .redeemed(
            new RedemptionEvent("m-1", Optional.of(decision.presentationId()), redeemed, NOW));

    // Stopping learns what was reported (the replay included) before the state is saved.
    host.close();
    assertThat(root.resolve("data/plugin-state/bandit/learner.state")).isNotEmptyFile();
    startHost();

    assertThat(reasonFor(redeemed)).contains("redeemed 1 of 1, all 1 of 1");
    assertThat(reasonFor(other)).contains("redeemed 0 of 1, all 0 of 1");
    // Still idempotent after the restart: the message id was saved with the state. A redemption
    // of the other offer reported after the replay is learned after it, in order.
    host.decisionEvents()
        .redeemed(
            new RedemptionEvent("m-1", Optional.of(decision.presentationId()), redeemed, NOW));
    host.decisionEvents()
        .redeemed(new RedemptionEvent("m-2", Optional.of(decision.presentationId()), other, NOW));
    awaitReason(other, "redeemed 1 of 1, all 1 of 1");
    assertThat(reasonFor(redeemed)).contains("redeemed 1 of 1, all 1 of 1");
  }

  @Test
  void aKnownShoppersPurchasesPutEachOfferInTheSegmentOfHerAffinityToIt() {
    // Ana bought 20 lines: 4 of coffee (20 %: high), none of tea (the category she declared).
    chain.product("C1", "Espresso beans", "coffee/beans");
    chain.product("B1", "Baguette", "bakery");
    long store = chain.store("S9");
    long ana = chain.count("SELECT id FROM shopper WHERE loyalty_id = ?", "L-1");
    List<ChainFixture.Line> lines = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      lines.add(new ChainFixture.Line(i < 4 ? "C1" : "B1", 1, "1.00"));
    }
    chain.purchase(store, "R-1", ana, NOW.minus(Duration.ofDays(3)), lines);
    purchases.purchasesChanged(); // as an import tells the host

    Decision decision = pipeline.decide(request());
    assertThat(decision.offers()).hasSize(2);

    // Each shown offer learned one trial in the segment of Ana's level to it, and scores from it.
    awaitReason("coffee-10", "known/tier--/other/affinity-high redeemed 0 of 1, all 0 of 1");
    awaitReason("tea-10", "known/tier--/liked/affinity-none redeemed 0 of 1, all 0 of 1");
    // The redemption lands in the segment its presentation was shown in.
    String coffee = "coffee-10";
    assertThat(log.recordRedemption(redemption("m-1", decision.presentationId(), coffee))).isTrue();
    awaitReason(coffee, "known/tier--/other/affinity-high redeemed 1 of 1, all 1 of 1");

    // Ben, who declared tea too but bought nothing, is scored from coffee's level-none segment,
    // which has learned nothing: his purchases, not hers, set his segment.
    long ben = chain.shopper("L-2", "Ben", "Smith", "en");
    chain.preference(ben, "tea");
    assertThat(reasonFor("L-2", coffee))
        .contains("known/tier--/other/affinity-none redeemed 0 of 0, all 1 of 1");
    // Once he has bought coffee as Ana did, he is read from her segment.
    chain.purchase(store, "R-2", ben, NOW.minus(Duration.ofDays(1)), lines);
    purchases.purchasesChanged();
    assertThat(reasonFor("L-2", coffee))
        .contains("known/tier--/other/affinity-high redeemed 1 of 1, all 1 of 1");
  }

  /** Waits for the plugin's learning thread to have learned what makes the reason say this. */
  private void awaitReason(String offerCode, String words) {
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(reasonFor(offerCode)).contains(words));
  }

  private String reasonFor(String offerCode) {
    return reasonFor("L-1", offerCode);
  }

  private String reasonFor(String loyaltyId, String offerCode) {
    DecisionContext context =
        new DecisionContext(
            new DatabaseShopperDirectory(database).find(loyaltyId),
            "S1",
            Optional.of("K1"),
            "kiosk",
            NOW);
    List<OfferScore> scores =
        host.scoringPlugins().scoreAll(context, List.of(candidate(offerCode))).answers().stream()
            .filter(a -> a.pluginId().equals("bandit"))
            .findFirst()
            .orElseThrow()
            .scores();
    return scores.get(0).reason();
  }

  private static CandidateOffer candidate(String code) {
    // as the pipeline offers it, with its category: the bandit's segment depends on whether the
    // shopper declared it (Ana likes tea), so a candidate without one would be read in another
    // segment than the one the decision learned in
    String category = code.substring(0, code.indexOf('-'));
    return new CandidateOffer(
        code, Optional.of(category), Optional.empty(), Optional.empty(), Optional.empty());
  }

  private static DecisionRequest request() {
    return new DecisionRequest(
        Optional.of("L-1"), "S1", Optional.of("K1"), "kiosk", NOW, 2, Optional.of("en"));
  }

  private static RedemptionRecord redemption(String messageId, String presentation, String offer) {
    return new RedemptionRecord(
        messageId,
        Optional.of(presentation),
        offer,
        Optional.of("L-1"),
        "S1",
        Optional.of("K1"),
        NOW.plusSeconds(600),
        new BigDecimal("12.50"));
  }

  private static OfferDetails offer(String code, String category) {
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
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "active",
        Map.of("en", new OfferText("10% off " + category, "This week.")),
        List.of(),
        List.of());
  }

  /**
   * The bandit module's bundle: its jar when the reactor packaged it, or its {@code target/classes}
   * (where bnd wrote the manifest and component XML) put into a jar here.
   */
  private Path bundleJar() throws IOException, URISyntaxException {
    Path location =
        Path.of(
            BanditScoringPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (Files.isRegularFile(location)) {
      return location;
    }
    Path jar = root.resolve("staging/scoring-bandit.jar");
    Files.createDirectories(jar.getParent());
    Manifest manifest;
    try (java.io.InputStream in = Files.newInputStream(location.resolve("META-INF/MANIFEST.MF"))) {
      manifest = new Manifest(in);
    }
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest);
        Stream<Path> files = Files.walk(location)) {
      for (Path path : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = location.relativize(path).toString().replace('\\', '/');
        if (name.equals("META-INF/MANIFEST.MF")) {
          continue;
        }
        out.putNextEntry(new JarEntry(name));
        Files.copy(path, out);
        out.closeEntry();
      }
    }
    return jar;
  }
}
