package org.tailor.server.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.tailor.server.permission.TestPermits.permit;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.DeliveryException;
import org.tailor.plugin.DeliveryReceipt;
import org.tailor.plugin.OfferMessage;
import org.tailor.plugin.OfferScore;
import org.tailor.plugin.ShopperProfile;
import org.tailor.plugin.host.ShopperDirectory;
import org.tailor.server.config.TailorSettings;

/**
 * The plugin host with a real Felix framework, real Felix SCR, ConfigAdmin, Metatype and
 * FileInstall, and real bundle jars built with bnd and dropped into its plugins folder while it
 * runs.
 */
class PluginHostTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private static final ShopperProfile ANA_AT_THE_KIOSK =
      new ShopperProfile("L-1001", Optional.of("Ana"), "es", Optional.empty(), List.of(), Map.of());

  private static final DecisionContext AT_THE_KIOSK =
      new DecisionContext(
          Optional.of(ANA_AT_THE_KIOSK),
          "S-01",
          Optional.of("K-1"),
          "kiosk",
          Instant.parse("2025-03-01T10:15:30Z"));

  private static final List<CandidateOffer> CANDIDATES =
      List.of(
          new CandidateOffer(
              "coffee-10",
              Optional.of("coffee"),
              Optional.of(new BigDecimal("10")),
              Optional.empty(),
              Optional.empty()),
          new CandidateOffer(
              "tea-5",
              Optional.of("tea"),
              Optional.empty(),
              Optional.of(new BigDecimal("0.50")),
              Optional.empty()));

  /** The host's shopper directory in these tests: Ana likes coffee. */
  static final class TwoShoppers implements ShopperDirectory {
    @Override
    public Optional<ShopperProfile> find(String identifier) {
      return switch (identifier) {
        case "L-1001", "+34600111222" ->
            Optional.of(
                new ShopperProfile(
                    "L-1001",
                    Optional.of("Ana"),
                    "es",
                    Optional.empty(),
                    List.of("coffee"),
                    Map.of()));
        case "L-1002" ->
            Optional.of(
                new ShopperProfile(
                    "L-1002", Optional.of("Bo"), "en", Optional.empty(), List.of("tea"), Map.of()));
        default -> Optional.empty();
      };
    }
  }

  @TempDir Path root;

  private Path plugins;
  private Path pluginConfig;
  private TestBundles bundles;
  private PluginHost host;

  @BeforeEach
  void startHost() {
    plugins = root.resolve("data/plugins");
    pluginConfig = root.resolve("config/plugins");
    bundles = new TestBundles(root.resolve("staging"));
    host = new PluginHost(settings());
    host.registerHostService(ShopperDirectory.class, new TwoShoppers());
    host.start();
  }

  @AfterEach
  void stopHost() {
    host.close();
  }

  private TailorSettings settings() {
    return TailorSettings.of(
        Map.of(
            "tailor.data.dir",
            root.resolve("data").toString(),
            "tailor.plugins.dir",
            root.resolve("data/plugins").toString(),
            "tailor.plugins.config.dir",
            root.resolve("config/plugins").toString(),
            PluginHost.POLL_SETTING,
            "50",
            "tailor.plugins.bundled",
            ""));
  }

  private Path install(String symbolicName, String version, String subpackage) throws Exception {
    return TestBundles.drop(
        bundles.build(symbolicName, version, subpackage), plugins, symbolicName + ".jar");
  }

  private PluginStatus statusOf(String symbolicName) {
    return host.status().stream()
        .filter(status -> status.symbolicName().equals(symbolicName))
        .findFirst()
        .orElseThrow(() -> new AssertionError(symbolicName + " is not in " + host.status()));
  }

  private static void eventually(org.awaitility.core.ThrowingRunnable assertion) {
    await().atMost(PATIENCE).untilAsserted(assertion);
  }

  private Optional<PluginScores> answerOf(ScoringResults results, String pluginId) {
    return results.answers().stream().filter(a -> a.pluginId().equals(pluginId)).findFirst();
  }

  private static Map<String, Double> scoresByOffer(PluginScores answer) {
    return answer.scores().stream()
        .collect(java.util.stream.Collectors.toMap(OfferScore::offerCode, OfferScore::score));
  }

  @Test
  void scoringPluginDroppedWhileRunningIsCalledAndUsesHostServices() throws Exception {
    assertThat(host.scoringPlugins().ids()).isEmpty();

    install("test.affinity", "1.0.0", "affinity.v1");

    await().atMost(PATIENCE).until(() -> host.scoringPlugins().ids().contains("affinity"));
    ScoringResults results = host.scoringPlugins().scoreAll(AT_THE_KIOSK, CANDIDATES);
    PluginScores affinity = answerOf(results, "affinity").orElseThrow();
    // The context says nothing of Ana's tastes: the plugin found them in the host's directory.
    assertThat(scoresByOffer(affinity))
        .containsExactlyInAnyOrderEntriesOf(Map.of("coffee-10", 1.0, "tea-5", 0.0));
    assertThat(affinity.scores())
        .extracting(OfferScore::reason)
        .contains("v1 likes coffee (GBP)"); // currency from HostConfiguration
    assertThat(affinity.bundle()).isEqualTo("test.affinity");
    assertThat(results.skipped()).isEmpty();

    PluginStatus status = statusOf("test.affinity");
    assertThat(status.state()).isEqualTo(PluginState.ACTIVE);
    assertThat(status.version()).isEqualTo("1.0.0");
    assertThat(status.location()).isEqualTo(plugins.resolve("test.affinity.jar").toString());
    assertThat(status.scoringPlugins()).containsExactly("affinity");
    assertThat(status.components())
        .singleElement()
        .satisfies(
            component -> {
              assertThat(component.state()).isEqualTo(ComponentState.ACTIVE);
              assertThat(component.services()).containsExactly("org.tailor.plugin.ScoringPlugin");
            });
    assertThat(status.lastError()).isEmpty();
  }

  @Test
  void replacingTheJarWithVersionTwoSwitchesToItsBehaviour() throws Exception {
    install("test.affinity", "1.0.0", "affinity.v1");
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                answerOf(host.scoringPlugins().scoreAll(AT_THE_KIOSK, CANDIDATES), "affinity")
                    .isPresent());

    install("test.affinity", "2.0.0", "affinity.v2");

    // The framework restarts the bundle after the update and again after FileInstall's refresh:
    // judge the state reached, not a moment in between.
    eventually(
        () -> {
          ScoringResults results = host.scoringPlugins().scoreAll(AT_THE_KIOSK, CANDIDATES);
          assertThat(results.answers())
              .extracting(PluginScores::pluginId)
              .containsExactly("affinity");
          assertThat(scoresByOffer(results.answers().get(0)))
              .isEqualTo(Map.of("coffee-10", 10.0, "tea-5", 1.0));
          assertThat(host.status())
              .singleElement()
              .satisfies(
                  status -> {
                    assertThat(status.symbolicName()).isEqualTo("test.affinity");
                    assertThat(status.version()).isEqualTo("2.0.0");
                    assertThat(status.state()).isEqualTo(PluginState.ACTIVE);
                  });
        });
  }

  @Test
  void deletingTheJarWithdrawsThePluginAndItsStatus() throws Exception {
    Path jar = install("test.affinity", "1.0.0", "affinity.v1");
    await().atMost(PATIENCE).until(() -> host.scoringPlugins().ids().contains("affinity"));

    Files.delete(jar);

    await().atMost(PATIENCE).until(() -> host.scoringPlugins().ids().isEmpty());
    await().atMost(PATIENCE).until(() -> host.status().isEmpty());
    assertThat(host.scoringPlugins().scoreAll(AT_THE_KIOSK, CANDIDATES).answers()).isEmpty();
  }

  @Test
  void brokenBundlesAreReportedWithAReasonWhileAHealthyOneWorks() throws Exception {
    install("test.activate.fails", "1.0.0", "activatefails");
    TestBundles.drop(
        bundles.build(
            "test.activator.fails",
            "1.0.0",
            "activatorfails",
            Map.of(
                "Bundle-Activator",
                "org.tailor.server.plugins.testbundles.activatorfails.FailingActivator")),
        plugins,
        "test.activator.fails.jar");
    TestBundles.drop(
        bundles.build(
            "test.missing.import",
            "1.0.0",
            "missingimport",
            Map.of("Import-Package", "org.tailor.missing.api;version=\"[1.0,2)\",*")),
        plugins,
        "test.missing.import.jar");
    install("test.affinity", "1.0.0", "affinity.v1");

    eventually(
        () -> {
          PluginStatus activateFails = statusOf("test.activate.fails");
          assertThat(activateFails.state()).isEqualTo(PluginState.FAILED);
          assertThat(activateFails.components())
              .singleElement()
              .satisfies(
                  component -> {
                    assertThat(component.state()).isEqualTo(ComponentState.FAILED_ACTIVATION);
                    assertThat(component.failure())
                        .hasValueSatisfying(
                            f -> assertThat(f).contains("recommendation model file is missing"));
                  });

          PluginStatus activatorFails = statusOf("test.activator.fails");
          assertThat(activatorFails.state()).isEqualTo(PluginState.FAILED);
          assertThat(activatorFails.lastError())
              .hasValueSatisfying(
                  error -> {
                    assertThat(error.kind()).isEqualTo(PluginErrorKind.START);
                    assertThat(error.message()).contains("licence key rejected");
                  });

          PluginStatus missingImport = statusOf("test.missing.import");
          assertThat(missingImport.state()).isEqualTo(PluginState.FAILED);
          assertThat(missingImport.lastError())
              .hasValueSatisfying(
                  error -> {
                    assertThat(error.kind()).isEqualTo(PluginErrorKind.RESOLUTION);
                    assertThat(error.message()).contains("org.tailor.missing.api");
                  });
        });

    await().atMost(PATIENCE).until(() -> host.scoringPlugins().ids().contains("affinity"));
    ScoringResults results = host.scoringPlugins().scoreAll(AT_THE_KIOSK, CANDIDATES);
    assertThat(answerOf(results, "affinity").map(PluginHostTest::scoresByOffer))
        .contains(Map.of("coffee-10", 1.0, "tea-5", 0.0));
    assertThat(statusOf("test.affinity").state()).isEqualTo(PluginState.ACTIVE);
  }

  @Test
  void aBundleWaitingForAPackageStartsWhenABundleProvidingItArrives() throws Exception {
    TestBundles.drop(
        bundles.build("test.uses.catalogue", "1.0.0", "usesmissingapi"),
        plugins,
        "test.uses.catalogue.jar");
    eventually(
        () ->
            assertThat(statusOf("test.uses.catalogue").lastError())
                .hasValueSatisfying(
                    error -> {
                      assertThat(error.kind()).isEqualTo(PluginErrorKind.RESOLUTION);
                      assertThat(error.message())
                          .contains("org.tailor.server.plugins.testbundles.missingapi");
                    }));
    assertThat(statusOf("test.uses.catalogue").state()).isEqualTo(PluginState.FAILED);

    TestBundles.drop(
        bundles.build(
            "test.catalogue",
            "1.0.0",
            "missingapi",
            Map.of(
                "Export-Package", "org.tailor.server.plugins.testbundles.missingapi;version=1.0")),
        plugins,
        "test.catalogue.jar");

    eventually(
        () -> {
          PluginStatus waiting = statusOf("test.uses.catalogue");
          assertThat(waiting.state()).isEqualTo(PluginState.ACTIVE);
          assertThat(waiting.lastError()).isEmpty();
          assertThat(waiting.components())
              .extracting(ComponentStatus::state)
              .containsExactly(ComponentState.ACTIVE);
        });
  }

  @Test
  void aComponentMissingAHostServiceNamesItAndStartsOnceTheHostRegistersIt() throws Exception {
    host.close();
    host = new PluginHost(settings()); // this time without a shopper directory
    host.start();

    install("test.affinity", "1.0.0", "affinity.v1");

    eventually(
        () ->
            assertThat(statusOf("test.affinity").components())
                .singleElement()
                .satisfies(
                    component -> {
                      assertThat(component.state()).isEqualTo(ComponentState.UNSATISFIED_REFERENCE);
                      assertThat(component.unsatisfiedReferences())
                          .containsExactly("shoppers: org.tailor.plugin.host.ShopperDirectory");
                    }));
    assertThat(host.scoringPlugins().ids()).isEmpty();

    host.registerHostService(ShopperDirectory.class, new TwoShoppers());

    eventually(() -> assertThat(host.scoringPlugins().ids()).containsExactly("affinity"));
    assertThat(statusOf("test.affinity").components())
        .extracting(ComponentStatus::state)
        .containsExactly(ComponentState.ACTIVE);
  }

  @Test
  void jarsThatAreNotBundlesAreReportedAndNotInstalled() throws Exception {
    Path plainJar = root.resolve("staging/plain.jar");
    Files.createDirectories(plainJar.getParent());
    java.util.jar.Manifest manifest = new java.util.jar.Manifest();
    manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
    try (java.util.jar.JarOutputStream out =
        new java.util.jar.JarOutputStream(Files.newOutputStream(plainJar), manifest)) {
      out.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
      out.write("a library, not a plugin".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    TestBundles.drop(plainJar, plugins, "plain-library.jar");
    Files.writeString(plugins.resolve("broken.jar"), "not a zip file");
    install("test.affinity", "1.0.0", "affinity.v1");

    eventually(() -> assertThat(host.scoringPlugins().ids()).containsExactly("affinity"));
    assertThat(host.status())
        .filteredOn(status -> status.bundleId() == -1)
        .extracting(
            PluginStatus::location,
            // the zip library's own words differ between JDKs
            status -> status.lastError().orElseThrow().message().replaceFirst("(jar): .*", "$1"))
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                plugins.resolve("plain-library.jar").toString(),
                "not an OSGi bundle: its manifest has no Bundle-SymbolicName (build it with bnd)"),
            org.assertj.core.groups.Tuple.tuple(
                plugins.resolve("broken.jar").toString(), "cannot be read as a jar"));
    assertThat(host.status())
        .filteredOn(status -> status.bundleId() == -1)
        .allSatisfy(
            status -> {
              assertThat(status.state()).isEqualTo(PluginState.FAILED);
              assertThat(status.lastError().orElseThrow().kind())
                  .isEqualTo(PluginErrorKind.INSTALL);
            });

    Files.delete(plugins.resolve("broken.jar"));
    Files.delete(plugins.resolve("plain-library.jar"));
    assertThat(host.status())
        .extracting(PluginStatus::symbolicName)
        .containsExactly("test.affinity");
  }

  @Test
  void aPluginWhoseScoringThrowsIsSkippedAndReportedWhileOthersAnswer() throws Exception {
    install("test.throwing", "1.0.0", "throwing");
    install("test.affinity", "1.0.0", "affinity.v1");
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                host.scoringPlugins()
                    .ids()
                    .containsAll(List.of("affinity", "exploding", "broken-link")));

    ScoringResults results = host.scoringPlugins().scoreAll(AT_THE_KIOSK, CANDIDATES);

    assertThat(results.answers()).extracting(PluginScores::pluginId).containsExactly("affinity");
    assertThat(results.skipped())
        .extracting(SkippedPlugin::pluginId, SkippedPlugin::bundle)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("exploding", "test.throwing"),
            org.assertj.core.groups.Tuple.tuple("broken-link", "test.throwing"));
    assertThat(results.skipped())
        .extracting(SkippedPlugin::reason)
        .anySatisfy(r -> assertThat(r).contains("ArithmeticException: division by zero"))
        .anySatisfy(r -> assertThat(r).contains("NoClassDefFoundError: org/tailor/gone"));

    PluginStatus throwing = statusOf("test.throwing");
    assertThat(throwing.state()).isEqualTo(PluginState.ACTIVE);
    assertThat(throwing.failedCalls()).isEqualTo(2);
    assertThat(throwing.lastError())
        .hasValueSatisfying(error -> assertThat(error.kind()).isEqualTo(PluginErrorKind.CALL));
    assertThat(throwing.scoringPlugins()).containsExactlyInAnyOrder("exploding", "broken-link");
    assertThat(statusOf("test.affinity").failedCalls()).isZero();
  }

  @Test
  void aWarmingUpPluginIsListedAndOneWhoseReadinessThrowsCountsAsReadyAndIsRecorded()
      throws Exception {
    install("test.warming", "1.0.0", "warming");
    install("test.affinity", "1.0.0", "affinity.v1");
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                host.scoringPlugins().ids().containsAll(List.of("warming", "unsure", "affinity")));

    assertThat(host.scoringPlugins().warmingUp())
        .containsExactly(new WarmingUpPlugin("warming", "the first propensity model"));
    assertThat(host.scoringPlugins().allReady()).isFalse();

    PluginStatus warming = statusOf("test.warming");
    assertThat(warming.state()).isEqualTo(PluginState.ACTIVE);
    assertThat(warming.scoringPlugins()).containsExactlyInAnyOrder("warming", "unsure");
    assertThat(warming.warmingUp())
        .containsExactly(new WarmingUpPlugin("warming", "the first propensity model"));
    assertThat(warming.failedCalls()).isPositive();
    assertThat(warming.lastError())
        .hasValueSatisfying(
            error -> {
              assertThat(error.kind()).isEqualTo(PluginErrorKind.CALL);
              assertThat(error.message())
                  .contains("IllegalStateException: readiness unknown: the model store is locked");
            });
    PluginStatus ready = statusOf("test.affinity");
    assertThat(ready.warmingUp()).isEmpty();
    assertThat(ready.failedCalls()).isZero();

    // the warming plugin still answers decisions meanwhile
    assertThat(answerOf(host.scoringPlugins().scoreAll(AT_THE_KIOSK, CANDIDATES), "warming"))
        .isPresent();

    Jsonb jsonb = JsonbBuilder.create();
    try {
      assertThat(jsonb.toJson(new PluginResource(host).list()))
          .contains("\"scoringPlugins\":[")
          .contains(
              "\"warmingUp\":[{\"pluginId\":\"warming\",\"waitingFor\":\"the first propensity"
                  + " model\"}]")
          .contains("\"warmingUp\":[]");
    } finally {
      jsonb.close();
    }
  }

  @Test
  void aPluginScoringByPositionIsAskedForReasonsOnlyWhenTheyAreWanted() throws Exception {
    install("test.bulk", "1.0.0", "bulk");
    await()
        .atMost(PATIENCE)
        .until(() -> host.scoringPlugins().ids().containsAll(List.of("bulk", "short")));
    List<CandidateOffer> candidates =
        List.of(
            CANDIDATES.get(0),
            CANDIDATES.get(1),
            new CandidateOffer(
                "store-wide",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));

    ScoringResults results = host.scoringPlugins().scoreAll(AT_THE_KIOSK, candidates);

    PluginScores bulk = answerOf(results, "bulk").orElseThrow();
    assertThat(bulk.score(0)).isEqualTo(6.0); // "coffee"
    assertThat(bulk.score(1)).isEqualTo(3.0); // "tea"
    assertThat(bulk.scored(2)).isFalse(); // NaN: no opinion of a store-wide offer
    // No reason was put into words while scoring: the first one asked for is number 1.
    assertThat(bulk.reason(1)).isEqualTo("reason #1 for tea-5");
    assertThat(bulk.scores())
        .extracting(OfferScore::offerCode, OfferScore::score, OfferScore::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("coffee-10", 6.0, "reason #2 for coffee-10"),
            org.assertj.core.groups.Tuple.tuple("tea-5", 3.0, "reason #3 for tea-5"));
    // One score short of the candidates: skipped and reported, the others still answer.
    assertThat(answerOf(results, "short")).isEmpty();
    assertThat(results.skipped())
        .singleElement()
        .satisfies(
            skipped -> {
              assertThat(skipped.pluginId()).isEqualTo("short");
              assertThat(skipped.reason()).contains("gave 2 scores for 3 candidates");
            });
    assertThat(statusOf("test.bulk").failedCalls()).isEqualTo(1);
  }

  @Test
  void aCfgFileInTheConfigFolderConfiguresAPlugin() throws Exception {
    install("test.weighted", "1.0.0", "weighted");
    eventually(
        () ->
            assertThat(
                    answerOf(host.scoringPlugins().scoreAll(AT_THE_KIOSK, CANDIDATES), "weighted")
                        .map(PluginHostTest::scoresByOffer))
                .contains(Map.of("coffee-10", 1.0, "tea-5", 1.0)));

    Files.writeString(pluginConfig.resolve("tailor.test.weighted.cfg"), "weight = 4.5\n");

    eventually(
        () ->
            assertThat(
                    answerOf(host.scoringPlugins().scoreAll(AT_THE_KIOSK, CANDIDATES), "weighted")
                        .map(PluginHostTest::scoresByOffer))
                .contains(Map.of("coffee-10", 4.5, "tea-5", 4.5)));
    assertThat(statusOf("test.weighted").settings())
        .singleElement()
        .satisfies(
            settings -> {
              assertThat(settings.pid()).isEqualTo("tailor.test.weighted");
              assertThat(settings.name()).isEqualTo("Weighted scorer");
              assertThat(settings.settings())
                  .singleElement()
                  .satisfies(
                      weight -> {
                        assertThat(weight.id()).isEqualTo("weight");
                        assertThat(weight.type()).isEqualTo("double");
                        assertThat(weight.defaultValue()).containsExactly("1.0");
                      });
            });
  }

  @Test
  void channelPluginsDeliverAndOneThatCrashesIsReported() throws Exception {
    install("test.sms", "1.0.0", "sms");
    await().atMost(PATIENCE).until(() -> host.channelPlugins().channels().contains("sms"));
    ChannelPlugins channels = host.channelPlugins();

    DeliveryReceipt receipt =
        channels.deliver(permit("sms", "m-1", "+34600111222"), message("m-1", "+34600111222"));
    assertThat(receipt.externalReference()).isEqualTo("sms-+34600111222");

    assertThatThrownBy(
            () ->
                channels.deliver(permit("sms", "m-2", "0600111222"), message("m-2", "0600111222")))
        .isInstanceOf(DeliveryException.class)
        .hasMessageContaining("not an international number");
    assertThatThrownBy(
            () -> channels.deliver(permit("sms", "m-3", "+crash"), message("m-3", "+crash")))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("SMS gateway client not initialised");
    assertThatThrownBy(
            () ->
                channels.deliver(
                    permit("email", "m-4", "ana@example.org"), message("m-4", "ana@example.org")))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());

    PluginStatus sms = statusOf("test.sms");
    assertThat(sms.channels()).containsExactly("sms");
    assertThat(sms.failedCalls()).isEqualTo(1); // the crash, not the refused number

    assertThatThrownBy(
            () ->
                channels.deliver(
                    permit("sms", "m-5", "+34600111222"), message("m-6", "+34600111222")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not the one permitted");
  }

  @Test
  void pluginResourceServesTheStatusAsJson() throws Exception {
    install("test.affinity", "1.0.0", "affinity.v1");
    install("test.activate.fails", "1.0.0", "activatefails");
    eventually(
        () -> assertThat(statusOf("test.activate.fails").state()).isEqualTo(PluginState.FAILED));

    List<PluginStatus> served = new PluginResource(host).list();

    assertThat(served)
        .extracting(PluginStatus::symbolicName)
        .contains("test.affinity", "test.activate.fails");
    Jsonb jsonb = JsonbBuilder.create();
    try {
      String json = jsonb.toJson(served);
      assertThat(json)
          .contains("\"symbolicName\":\"test.activate.fails\"")
          .contains("\"state\":\"FAILED\"")
          .contains("FAILED_ACTIVATION")
          .contains("recommendation model file is missing");
    } finally {
      jsonb.close();
    }
  }

  @Test
  void aStoppedHostReportsNoPluginsAndCanStartAgain() throws Exception {
    install("test.affinity", "1.0.0", "affinity.v1");
    await().atMost(PATIENCE).until(() -> host.scoringPlugins().ids().contains("affinity"));

    host.stop();
    assertThat(host.status()).isEmpty();
    assertThatThrownBy(() -> host.scoringPlugins()).isInstanceOf(IllegalStateException.class);

    host.start();
    await().atMost(PATIENCE).until(() -> host.scoringPlugins().ids().contains("affinity"));
    assertThat(statusOf("test.affinity").state()).isEqualTo(PluginState.ACTIVE);
  }

  private static OfferMessage message(String id, String address) {
    return new OfferMessage(
        id, ANA_AT_THE_KIOSK, address, "offers", CANDIDATES, "", "10% off coffee today");
  }
}
