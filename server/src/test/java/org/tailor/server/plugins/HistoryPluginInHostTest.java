package org.tailor.server.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.OfferScore;
import org.tailor.plugin.ShopperProfile;
import org.tailor.plugin.host.LedgerLine;
import org.tailor.plugin.host.PurchaseHistory;
import org.tailor.plugin.host.PurchaseLedger;
import org.tailor.plugin.host.PurchaseRecord;
import org.tailor.plugin.host.PurchasedItem;
import org.tailor.scoring.history.HistoryScoringPlugin;
import org.tailor.server.config.TailorSettings;

/**
 * The bundled {@code scoring-history} plugin, as built by bnd, installed in a running plugin host
 * (Felix, SCR, ConfigAdmin, FileInstall) with in-memory host services: it reads the ledger, builds
 * its model in the background and scores offers through the host.
 */
class HistoryPluginInHostTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final Instant NOW = Instant.now();

  @TempDir Path root;
  private PluginHost host;

  /** Cheese buyers buy wine; Ana bought cheese and tea; newcomers at S-01 buy tea most. */
  private static final List<LedgerLine> LEDGER =
      List.of(
          line("x", "fresh/cheese", "CH"),
          line("x", "wine", "W1"),
          line("y", "fresh/cheese", "CH"),
          line("y", "wine", "W1"),
          line("z", "grocery/tea", "T1"),
          line("w", "grocery/tea", "T1"),
          line("v", "grocery/tea", "T2"),
          line("L-1001", "fresh/cheese", "CH"),
          line("L-1001", "grocery/tea", "T1"));

  private static LedgerLine line(String shopper, String category, String sku) {
    return new LedgerLine(shopper, "S-01", NOW.minus(Duration.ofDays(3)), sku, category, 1);
  }

  /**
   * The ledger, read only once the test opens its gate (open unless a test closes it), or failing
   * when the test says so: the history plugin's model builds end when the test lets them.
   */
  static final class InMemoryLedger implements PurchaseLedger {
    volatile CountDownLatch gate = new CountDownLatch(0);
    volatile RuntimeException failure;

    @Override
    public long forEachLine(Instant since, Consumer<LedgerLine> consumer) {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for the test", e);
      }
      if (failure != null) {
        throw failure;
      }
      LEDGER.forEach(consumer);
      return LEDGER.size();
    }
  }

  private final InMemoryLedger ledger = new InMemoryLedger();

  static final class AnaBoughtCheeseAndTea implements PurchaseHistory {
    @Override
    public List<PurchaseRecord> recentPurchases(String loyaltyId, int limit) {
      if (!loyaltyId.equals("L-1001")) {
        return List.of();
      }
      return List.of(
          new PurchaseRecord(
              "R-1",
              "S-01",
              NOW.minus(Duration.ofDays(3)),
              List.of(
                  new PurchasedItem("CH", "fresh/cheese", 1, new BigDecimal("4.00")),
                  new PurchasedItem("T1", "grocery/tea", 1, new BigDecimal("3.00")))));
    }
  }

  private static final List<CandidateOffer> OFFERS =
      List.of(offer("wine-10", "wine"), offer("tea-5", "tea"), offer("coffee-10", "coffee"));

  private static CandidateOffer offer(String code, String category) {
    return new CandidateOffer(
        code,
        Optional.of(category),
        Optional.of(BigDecimal.TEN),
        Optional.empty(),
        Optional.empty());
  }

  private static DecisionContext at(Optional<ShopperProfile> shopper) {
    return new DecisionContext(shopper, "S-01", Optional.of("K-1"), "kiosk", NOW);
  }

  @BeforeEach
  void startHost() throws IOException {
    host =
        new PluginHost(
            TailorSettings.of(
                Map.of(
                    "tailor.data.dir",
                    root.resolve("data").toString(),
                    "tailor.plugins.dir",
                    root.resolve("data/plugins").toString(),
                    "tailor.plugins.config.dir",
                    root.resolve("config/plugins").toString(),
                    PluginHost.POLL_SETTING,
                    "50",
                    // only the jar the test drops, not the copy of it the server bundles
                    BundledPlugins.SETTING,
                    "")));
    host.registerHostService(PurchaseHistory.class, new AnaBoughtCheeseAndTea());
    host.registerHostService(PurchaseLedger.class, ledger);
    host.start();
  }

  @AfterEach
  void stopHost() {
    ledger.gate.countDown();
    host.close();
  }

  private Map<String, OfferScore> historyScores(DecisionContext context) {
    return host.scoringPlugins().scoreAll(context, OFFERS).answers().stream()
        .filter(answer -> answer.pluginId().equals("history"))
        .flatMap(answer -> answer.scores().stream())
        .collect(Collectors.toMap(OfferScore::offerCode, score -> score));
  }

  @Test
  void theBuiltBundleScoresByHistoryAndColdStartInTheHost() throws Exception {
    installBuiltBundle(root.resolve("data/plugins"));

    await().atMost(PATIENCE).until(() -> host.scoringPlugins().ids().contains("history"));
    ShopperProfile ana =
        new ShopperProfile(
            "L-1001", Optional.of("Ana"), "es", Optional.empty(), List.of(), Map.of());
    // the model is built in the background: wait for its first build
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(historyScores(at(Optional.of(ana))).get("wine-10").reason())
                    .isEqualTo(
                        "has not bought wine in 90 days; shoppers who buy cheese also buy wine"));

    Map<String, OfferScore> forAna = historyScores(at(Optional.of(ana)));
    assertThat(forAna.get("tea-5").reason()).startsWith("bought tea once in 90 days");
    assertThat(forAna.get("tea-5").score()).isGreaterThan(forAna.get("coffee-10").score());
    assertThat(forAna.get("wine-10").score()).isGreaterThan(forAna.get("coffee-10").score());

    Map<String, OfferScore> forNewcomer = historyScores(at(Optional.empty()));
    assertThat(forNewcomer.get("tea-5").reason())
        .isEqualTo("best-selling category no. 1 at store S-01");
    assertThat(forNewcomer.get("tea-5").score()).isEqualTo(0.5);
    assertThat(forNewcomer.get("coffee-10").score()).isZero();
  }

  @Test
  void theHistoryPluginWarmsUpUntilItsFirstModelBuildHasEnded() throws Exception {
    ledger.gate = new CountDownLatch(1);
    installBuiltBundle(root.resolve("data/plugins"));
    await().atMost(PATIENCE).until(() -> host.scoringPlugins().ids().contains("history"));

    // its first build is held in the ledger by the closed gate: the plugin says it is warming up
    assertThat(host.scoringPlugins().warmingUp())
        .singleElement()
        .satisfies(
            warming -> {
              assertThat(warming.pluginId()).isEqualTo("history");
              assertThat(warming.waitingFor())
                  .isEqualTo("the first purchase-history model, from 365 days of purchases");
            });
    assertThat(host.scoringPlugins().allReady()).isFalse();
    assertThat(host.status())
        .filteredOn(status -> status.scoringPlugins().contains("history"))
        .singleElement()
        .satisfies(
            status ->
                assertThat(status.warmingUp())
                    .extracting(WarmingUpPlugin::pluginId)
                    .containsExactly("history"));
    // meanwhile it scores from the empty model: a newcomer's store has no bestsellers yet
    assertThat(historyScores(at(Optional.empty())).get("tea-5").reason())
        .isNotEqualTo("best-selling category no. 1 at store S-01");

    ledger.gate.countDown();

    await().atMost(PATIENCE).until(() -> host.scoringPlugins().allReady());
    assertThat(host.scoringPlugins().warmingUp()).isEmpty();
    assertThat(host.status()).allSatisfy(status -> assertThat(status.warmingUp()).isEmpty());
    // ready means the model is there: no waiting for the scores to change
    assertThat(historyScores(at(Optional.empty())).get("tea-5").reason())
        .isEqualTo("best-selling category no. 1 at store S-01");
  }

  @Test
  void aFailedFirstBuildEndsTheWarmUpWithTheColdStartModel() throws Exception {
    ledger.gate = new CountDownLatch(1);
    ledger.failure = new IllegalStateException("the database is away");
    installBuiltBundle(root.resolve("data/plugins"));
    await().atMost(PATIENCE).until(() -> host.scoringPlugins().ids().contains("history"));
    assertThat(host.scoringPlugins().allReady()).isFalse();

    ledger.gate.countDown();

    await().atMost(PATIENCE).until(() -> host.scoringPlugins().allReady());
    // ready with the fallback: the newcomer still gets no bestseller reason, and the plugin answers
    assertThat(historyScores(at(Optional.empty())).get("tea-5").reason())
        .isNotEqualTo("best-selling category no. 1 at store S-01");
  }

  @Test
  void aBadSettingStopsTheComponentWithAReasonNamingIt() throws Exception {
    Path config = root.resolve("config/plugins");
    Files.createDirectories(config);
    Files.writeString(config.resolve(HistoryScoringPlugin.PID + ".cfg"), "neighbours = 0\n");
    installBuiltBundle(root.resolve("data/plugins"));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(host.status())
                    .flatExtracting(PluginStatus::components)
                    .anySatisfy(
                        component -> {
                          assertThat(component.state()).isEqualTo(ComponentState.FAILED_ACTIVATION);
                          assertThat(component.failure())
                              .hasValueSatisfying(
                                  f ->
                                      assertThat(f)
                                          .contains(
                                              "neighbours = 0: expected a whole number from 1"));
                        }));
    assertThat(host.scoringPlugins().ids()).doesNotContain("history");
  }

  /**
   * Copies the module's bundle into the plugins folder: its jar, or — when the reactor hands over
   * {@code target/classes} — a jar made of that folder, whose bnd manifest is already there.
   */
  private static void installBuiltBundle(Path plugins) throws IOException, URISyntaxException {
    Path built =
        Path.of(
            HistoryScoringPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Files.createDirectories(plugins);
    Path target = plugins.resolve("org.tailor.scoring.history.jar");
    Path staging = plugins.getParent().resolve("history-staging.jar");
    if (Files.isRegularFile(built)) {
      Files.copy(built, staging);
    } else {
      Manifest manifest;
      try (var in = Files.newInputStream(built.resolve("META-INF/MANIFEST.MF"))) {
        manifest = new Manifest(in);
      }
      try (OutputStream out = Files.newOutputStream(staging);
          JarOutputStream jar = new JarOutputStream(out, manifest);
          Stream<Path> files = Files.walk(built)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          String name = built.relativize(file).toString().replace('\\', '/');
          if (!name.equals("META-INF/MANIFEST.MF")) {
            jar.putNextEntry(new ZipEntry(name));
            Files.copy(file, jar);
            jar.closeEntry();
          }
        }
      }
    }
    Files.move(staging, target);
  }
}
