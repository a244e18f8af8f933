package org.tailor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.plugin.host.Decision;
import org.tailor.plugin.host.DecisionRequest;
import org.tailor.plugin.host.PurchaseRecord;
import org.tailor.server.config.SettingsException;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.decision.ResidentShopperFacts;
import org.tailor.server.demo.DemoChain;
import org.tailor.server.demo.DemoChain.DemoFacts;
import org.tailor.server.demo.DemoChain.DemoShopper;
import org.tailor.server.offer.OfferCatalogueCache;
import org.tailor.server.plugins.ComponentState;
import org.tailor.server.plugins.PluginHost;
import org.tailor.server.plugins.TestBundles;
import org.tailor.server.plugins.WarmingUpPlugin;
import org.tailor.server.purchase.DatabasePurchaseHistory;
import org.tailor.server.purchase.ResidentPurchases;

/**
 * The whole server as the demo runs it: embedded H2, the plugin host, the HTTP API and the bundled
 * sample, driven over real HTTP with the demo's API keys.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TailorServerTest {

  @TempDir static Path root;

  private TailorServer server;
  private DemoFacts demo;
  private Path plugins;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void startServerWithABrokenPluginAlreadyInstalled() throws Exception {
    plugins = root.resolve("data/plugins");
    java.nio.file.Files.createDirectories(plugins);
    TestBundles bundles = new TestBundles(root.resolve("staging"));
    TestBundles.drop(
        bundles.build("test.activate.fails", "1.0.0", "activatefails"),
        plugins,
        "activate-fails.jar");
    server =
        TailorServer.start(
            TailorSettings.of(
                Map.of(
                    "tailor.data.dir",
                    root.resolve("data").toString(),
                    "tailor.plugins.config.dir",
                    root.resolve("config/plugins").toString(),
                    PluginHost.POLL_SETTING,
                    "50",
                    "tailor.http.port",
                    "0",
                    "tailor.mqtt.embedded.port",
                    "0")));
    demo = DemoChain.prepare(server);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void showsARealShoppersThreeSixtyByLoyaltyIdAndByCard() throws Exception {
    DemoShopper shopper = demo.shoppers().get(0);
    for (String id : new String[] {shopper.loyaltyId(), shopper.card()}) {
      HttpResponse<String> response = get("/api/v1/shoppers/" + id, demo.admin().secret());
      assertThat(response.statusCode()).as(id).isEqualTo(200);
      assertThat(response.body())
          .contains("\"loyaltyId\":\"" + shopper.loyaltyId() + "\"")
          .contains("\"firstName\":\"" + shopper.firstName() + "\"")
          .contains("\"recentPurchases\"")
          .contains("\"rfm\"")
          .contains("\"topCategories\":[{");
    }
  }

  @Test
  void aDuplicateOfferCodeIsAConflict() throws Exception {
    HttpResponse<String> existing = get("/api/v1/offers/welcome-10", demo.admin().secret());
    assertThat(existing.statusCode()).isEqualTo(200);
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(server.uri().resolve("/api/v1/offers"))
                .header("Authorization", "Bearer " + demo.admin().secret())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(existing.body()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
    assertThat(response.body()).contains("welcome-10");
  }

  @Test
  void aCsvWithABadRowIsRejectedOverHttpAndWritesNothingThenTheGoodOneImportsOnce()
      throws Exception {
    String header =
        "store_code,receipt_number,purchased_at,loyalty_id,line_number,sku,quantity,unit_price\n";
    String good = "online-retail-uk,T-1,2011-12-09T10:00:00Z,17450,1,82583,2,2.39\n";
    String bad = "online-retail-uk,T-2,2011-12-09T10:05:00Z,17450,1,82583,two,2.39\n";
    HttpResponse<String> rejected = postCsv(header + good + bad);
    assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(422);
    assertThat(rejected.body()).contains("\"line\":3").contains("quantity").contains("two");
    assertThat(get("/api/v1/shoppers/17450", demo.admin().secret()).body()).doesNotContain("T-1");

    HttpResponse<String> accepted = postCsv(header + good);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    assertThat(accepted.body()).contains("\"linesWritten\":1");
    HttpResponse<String> again = postCsv(header + good);
    assertThat(again.body()).contains("\"linesWritten\":0").contains("\"skippedDuplicates\":1");
    assertThat(get("/api/v1/shoppers/17450", demo.admin().secret()).body()).contains("T-1");
  }

  @Test
  void theScoringPluginsPurchaseHistoryIsHeldInMemoryAndSeesAnImportAtOnce() throws Exception {
    ResidentPurchases resident = server.residentPurchases().orElseThrow();
    await().atMost(Duration.ofSeconds(30)).until(resident::isLoaded);
    // the demo chain was written after the load started: the refresh after its import reads it
    await().atMost(Duration.ofSeconds(30)).until(() -> resident.heldShoppers() > 0);
    DatabasePurchaseHistory database = new DatabasePurchaseHistory(server.database());
    for (DemoShopper shopper : demo.shoppers()) {
      assertThat(resident.recentPurchases(shopper.loyaltyId(), 100))
          .as(shopper.loyaltyId())
          .isEqualTo(database.recentPurchases(shopper.loyaltyId(), 100));
    }

    String loyaltyId = demo.shoppers().get(1).loyaltyId();
    HttpResponse<String> imported =
        postCsv(
            "store_code,receipt_number,purchased_at,loyalty_id,line_number,sku,quantity,unit_price\n"
                + "online-retail-uk,T-RESIDENT-1,2011-12-09T11:00:00Z,"
                + loyaltyId
                + ",1,82583,3,2.39\n");
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    assertThat(resident.recentPurchases(loyaltyId, 1000))
        .as("the next decision after an import through this server")
        .extracting(PurchaseRecord::receiptNumber)
        .contains("T-RESIDENT-1");
    assertThat(resident.recentPurchases(loyaltyId, 100))
        .isEqualTo(database.recentPurchases(loyaltyId, 100));
  }

  @Test
  void refusesToHoldMoreReceiptsAShopperThanACallReturns() {
    assertThatThrownBy(
            () ->
                TailorServer.start(
                    TailorSettings.of(
                        Map.of(
                            "tailor.data.dir",
                            root.resolve("data-receipts").toString(),
                            "tailor.http.port",
                            "0",
                            "tailor.mqtt.embedded.port",
                            "0",
                            TailorServer.RESIDENT_RECEIPTS,
                            "1001"))))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("tailor.decisions.resident.receipts = 1001")
        .hasMessageContaining("from 1 to 1000");
  }

  /**
   * A consents import through the API is seen by the next decision, though the shopper's facts were
   * held (in the resident copy and the decision cache) from a decision just before it.
   */
  @Test
  void aConsentImportThroughTheApiIsSeenByTheNextDecision() throws Exception {
    DemoShopper shopper =
        demo.shoppers().stream()
            .filter(s -> !kioskDecision(s.loyaltyId()).offers().isEmpty())
            .reduce((first, second) -> second)
            .orElseThrow();
    String header = "loyalty_id,channel,purpose,status,source,occurred_at\n";
    HttpResponse<String> revoked =
        postCsv(
            "consents",
            header + shopper.loyaltyId() + ",kiosk,offers,revoked,test," + Instant.now() + "\n");
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    assertThat(kioskDecision(shopper.loyaltyId()).offers())
        .as("offers after the revocation")
        .isEmpty();

    HttpResponse<String> granted =
        postCsv(
            "consents",
            header
                + shopper.loyaltyId()
                + ",kiosk,offers,granted,test,"
                + Instant.now().plusSeconds(1)
                + "\n");
    assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
    assertThat(kioskDecision(shopper.loyaltyId()).offers()).isNotEmpty();
  }

  /**
   * A consents import through the API seconds after the resident facts were loaded — inside the
   * clock slack kept for imports whose start another machine's clock recorded — reads again the
   * shoppers it changed, not every shopper.
   */
  @Test
  void aConsentImportThroughTheApiJustAfterALoadReadsItsShoppersNotEveryone() throws Exception {
    ResidentShopperFacts resident = server.residentShoppers().orElseThrow();
    await().atMost(Duration.ofSeconds(30)).until(resident::isLoaded);
    resident.refresh(); // a reload the demo's import asked for happens now, not during the import
    long loads = resident.loads();
    long read = resident.shoppersRead();
    assertThat(resident.size()).as("shoppers held").isGreaterThan(100);

    DemoShopper shopper = demo.shoppers().get(1);
    HttpResponse<String> response =
        postCsv(
            "consents",
            "loyalty_id,channel,purpose,status,source,occurred_at\n"
                + shopper.loyaltyId()
                + ",sms,offers,granted,test,"
                + Instant.now()
                + "\n");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

    assertThat(resident.loads()).as("times every shopper was read").isEqualTo(loads);
    assertThat(resident.shoppersRead() - read).as("shoppers read").isBetween(1L, 20L);
  }

  private Decision kioskDecision(String loyaltyId) {
    return server
        .decisions()
        .decide(
            new DecisionRequest(
                Optional.of(loyaltyId),
                "online-retail-uk",
                Optional.empty(),
                "kiosk",
                Instant.now(),
                3,
                Optional.empty()));
  }

  private HttpResponse<String> postCsv(String csv) throws Exception {
    return postCsv("purchases", csv);
  }

  private HttpResponse<String> postCsv(String kind, String csv) throws Exception {
    return http.send(
        HttpRequest.newBuilder(server.uri().resolve("/api/v1/imports/" + kind))
            .header("Authorization", "Bearer " + demo.admin().secret())
            .header("Content-Type", "text/csv")
            .POST(HttpRequest.BodyPublishers.ofString(csv))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void unknownShopperIsAProblemNotACrash() throws Exception {
    HttpResponse<String> response = get("/api/v1/shoppers/no-such-card", demo.admin().secret());
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    assertThat(response.body()).contains("no-such-card");
  }

  @Test
  void storeManagerMayReadShoppersButNotPluginStatus() throws Exception {
    String key = demo.storeManager().secret();
    assertThat(get("/api/v1/shoppers/" + demo.shoppers().get(0).loyaltyId(), key).statusCode())
        .isEqualTo(200);
    assertThat(get("/api/v1/plugins", key).statusCode()).isEqualTo(403);
  }

  @Test
  void aPluginThatThrowsAtStartIsReportedWhileTheServerServes() throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                server.plugins().status().stream()
                    .anyMatch(
                        s ->
                            s.symbolicName().equals("test.activate.fails")
                                && s.components().stream()
                                    .anyMatch(c -> c.state() == ComponentState.FAILED_ACTIVATION)));
    HttpResponse<String> status = get("/api/v1/plugins", demo.admin().secret());
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.body()).contains("test.activate.fails");
    HttpResponse<String> health = get("/api/v1/health", null);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"UP\"");
  }

  @Test
  void theOffersHealthCheckSaysHowManyOffersTheBackgroundThreadReadAndWhen() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              HttpResponse<String> health = get("/api/v1/health", null);
              assertThat(health.statusCode()).isEqualTo(200);
              assertThat(health.body())
                  .contains("\"offers\"")
                  .containsPattern("\\d[\\d,]* active offers, read \\d+ s ago");
            });
    assertThat(Thread.getAllStackTraces().keySet())
        .extracting(Thread::getName)
        .contains(OfferCatalogueCache.REFRESHER_THREAD);
  }

  @Test
  void aScoringPluginDroppedInWhileRunningIsUsed() throws Exception {
    TestBundles bundles = new TestBundles(root.resolve("staging2"));
    TestBundles.drop(
        bundles.build("test.affinity", "1.0.0", "affinity.v1"), plugins, "affinity.jar");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> server.plugins().scoringPlugins().ids().contains("affinity"));
  }

  @Test
  void aWarmingUpScoringPluginShowsInTheStatusAndTheHealthDetail() throws Exception {
    TestBundles bundles = new TestBundles(root.resolve("staging3"));
    TestBundles.drop(bundles.build("test.warming", "1.0.0", "warming"), plugins, "warming.jar");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> server.plugins().scoringPlugins().ids().contains("warming"));

    assertThat(server.scoringPluginsWarmingUp())
        .contains(new WarmingUpPlugin("warming", "the first propensity model"))
        .extracting(WarmingUpPlugin::pluginId)
        .doesNotContain("unsure"); // its readiness throws: taken as ready
    assertThat(server.scoringPluginsReady()).isFalse();
    HttpResponse<String> status = get("/api/v1/plugins", demo.admin().secret());
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.body())
        .contains("\"pluginId\":\"warming\"")
        .contains("\"waitingFor\":\"the first propensity model\"");
    HttpResponse<String> health = get("/api/v1/health", null);
    assertThat(health.statusCode()).isEqualTo(200); // warming up is not down
    assertThat(health.body())
        .contains("scoring plugins warming up: ")
        .contains("warming (waiting for the first propensity model)");
  }

  @Test
  void preparingTheDemoAgainImportsNothingNew() {
    DemoFacts first = demo;
    DemoFacts again = DemoChain.prepare(server);
    // The demo issues fresh keys each time; the other tests go on with the new ones.
    demo = again;
    assertThat(again.admin().secret()).isNotEqualTo(first.admin().secret());
    assertThat(again.sample().receiptsWritten()).isZero();
    assertThat(again.sample().linesWritten()).isZero();
    assertThat(again.sample().skippedDuplicates()).isPositive();
    assertThat(again.shoppers())
        .extracting(DemoShopper::loyaltyId)
        .isEqualTo(first.shoppers().stream().map(DemoShopper::loyaltyId).toList());
  }

  private HttpResponse<String> get(String path, String key) throws Exception {
    URI uri = server.uri().resolve(path);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
