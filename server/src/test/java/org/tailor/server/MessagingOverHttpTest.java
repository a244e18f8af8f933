package org.tailor.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.access.Role;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.outbox.DeliveryStatus;
import org.tailor.server.persistence.ChainFixture;
import org.tailor.server.plugins.PluginHost;
import org.tailor.server.shopper.ConsentChange;

/**
 * The public links of messages and the messaging endpoints on a running server: the RFC 8058
 * one-click unsubscribe, its page in the shopper's language, a tampered link, and an email double
 * opt-in whose confirmation message is queued but (with no email plugin installed) waits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessagingOverHttpTest {

  @TempDir static Path root;

  private TailorServer server;
  private String integratorKey;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws Exception {
    java.nio.file.Files.createDirectories(root.resolve("config/plugins"));
    java.nio.file.Files.writeString(
        root.resolve("config/plugins/tailor.channel.receipt.cfg"), "width = 42\n");
    server =
        TailorServer.start(
            TailorSettings.of(
                Map.of(
                    "tailor.data.dir",
                    root.resolve("data").toString(),
                    "tailor.plugins.config.dir",
                    root.resolve("config/plugins").toString(),
                    "tailor.templates.dir",
                    "../config/templates",
                    PluginHost.POLL_SETTING,
                    "50",
                    "tailor.http.port",
                    "0",
                    "tailor.mqtt.embedded.port",
                    "0")));
    ChainFixture chain = new ChainFixture(server.database());
    chain.shopper("L-FA", "Sara", "Ahmadi", "fa");
    chain.shopper("L-ES", "Ana", "García", "es");
    chain.shopper("L-TILL", "Lucía", "Pérez", "es");
    server.importCommitted(); // written beside the API, like an import: decisions must see them
    integratorKey = server.apiKeys().create("pos", Role.INTEGRATOR, Optional.empty()).secret();
    // a till, an offer and a shopper who allows receipt coupons; the bundled receipt channel
    server
        .stores()
        .createStore(
            new org.tailor.server.store.StoreDetails(
                "S1", "High Street", Optional.empty(), Optional.empty(), "Europe/Madrid"));
    server
        .stores()
        .createTerminal("S1", new org.tailor.server.store.TerminalDetails("T1", "till", "Till 1"));
    Instant now = Instant.now();
    server
        .offers()
        .createOffer(
            new org.tailor.server.offer.OfferDetails(
                "tea-10",
                "tea-10",
                "percent_off",
                Optional.of(new java.math.BigDecimal("10")),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                now.minusSeconds(86_400),
                now.plusSeconds(30 * 86_400),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "active",
                Map.of("es", new org.tailor.server.offer.OfferText("10 % en té", "Esta semana.")),
                java.util.List.of(),
                java.util.List.of()));
    server
        .shoppers()
        .recordConsent("L-TILL", new ConsentChange("receipt", "offers", "granted", "till", now));
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(60))
        .until(() -> server.plugins().channelPlugins().channels().contains("receipt"));
  }

  private HttpResponse<byte[]> checkout(Optional<String> accept) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri("api/v1/tills/T1/coupons"))
            .header("Authorization", "Bearer " + integratorKey)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"identifier\":\"L-TILL\",\"receiptNumber\":\"R-9\",\"basket\":"
                        + "[{\"sku\":\"TEA\",\"quantity\":1,\"amount\":2.50}]}"));
    accept.ifPresent(value -> request.header("Accept", value));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void aTillGetsItsCouponAsJsonUnlessItAsksForPdf() throws Exception {
    HttpResponse<byte[]> json = checkout(Optional.empty());
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(new String(json.body(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"escPos\"", "10 % en té");

    HttpResponse<byte[]> pdf = checkout(Optional.of("application/pdf"));
    assertThat(pdf.statusCode()).isEqualTo(200);
    assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
    assertThat(new String(pdf.body(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("%PDF-");
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private URI uri(String path) {
    return server.uri().resolve(path);
  }

  @Test
  void aMailProgramsOneClickPostUnsubscribesAtOnce() throws Exception {
    server
        .shoppers()
        .recordConsent(
            "L-FA", new ConsentChange("email", "offers", "granted", "kiosk", Instant.now()));
    URI link = server.unsubscribeLinks().link("L-FA", "email", "offers");
    String path = link.getRawPath().substring(1) + "?" + link.getRawQuery();

    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("lang=\"fa\"", "dir=\"rtl\"");

    HttpResponse<String> oneClick =
        http.send(
            HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(oneClick.statusCode()).isEqualTo(200);
    assertThat(server.shoppers().shopper360("L-FA").orElseThrow().consents())
        .anySatisfy(
            consent -> {
              assertThat(consent.channel()).isEqualTo("email");
              assertThat(consent.status()).isEqualTo("revoked");
            });
  }

  @Test
  void aTamperedLinkGetsAPageSayingSoAndChangesNothing() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri("links/unsubscribe?token=abc.def"))
                .header("Accept-Language", "es")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("Este enlace no es válido");
  }

  @Test
  void anOptInQueuesItsConfirmationUntilAnEmailChannelIsThere() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri("api/v1/shoppers/L-ES/email-opt-in"))
                .header("Authorization", "Bearer " + integratorKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"address\":\"Ana@Example.org\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).contains("ana@example.org");
    assertThat(server.outbox().entriesOf("L-ES"))
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.purpose()).isEqualTo("opt-in");
              assertThat(entry.status()).isEqualTo(DeliveryStatus.PENDING);
              assertThat(entry.lastError())
                  .hasValueSatisfying(e -> assertThat(e).contains("no plugin"));
            });
  }

  @Test
  void aTillThatSendsABadBasketIsToldWhichField() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri("api/v1/tills/no-such-till/coupons"))
                .header("Authorization", "Bearer " + integratorKey)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"identifier\":\"L-ES\",\"receiptNumber\":\"R-1\",\"basket\":"
                            + "[{\"sku\":\"TEA\",\"quantity\":0,\"amount\":1.00}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("basket[0].quantity");
  }

  @Test
  void aTillThatAsksForPdfIsStillToldWhichFieldIsBad() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri("api/v1/tills/no-such-till/coupons"))
                .header("Authorization", "Bearer " + integratorKey)
                .header("Content-Type", "application/json")
                .header("Accept", "application/pdf")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"identifier\":\"L-ES\",\"receiptNumber\":\"R-1\",\"basket\":"
                            + "[{\"sku\":\"TEA\",\"quantity\":0,\"amount\":1.00}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("basket[0].quantity");
  }
}
