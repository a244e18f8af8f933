package org.tailor.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.plugin.host.MqttSubscription;
import org.tailor.server.TailorServer;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.demo.DemoChain;
import org.tailor.server.demo.DemoChain.DemoFacts;
import org.tailor.server.demo.DemoChain.DemoShopper;
import org.tailor.server.plugins.ComponentState;
import org.tailor.server.plugins.PluginHost;
import org.tailor.server.store.StoreDetails;
import org.tailor.server.store.TerminalCredentials.IssuedCredential;
import org.tailor.server.store.TerminalDetails;
import org.tailor.server.store.TerminalView;
import org.tailor.terminal.protocol.Topics;

/**
 * The kiosk channel end to end, over a real broker: a raw Paho MQTT 5 client plays the terminal and
 * sends hand-written JSON to the whole server (embedded H2, the demo chain, the bundled kiosk
 * plugin in Felix). Each subclass names the broker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KioskOverMqttContract {

  static final String OTHER_STORE = "mqtt-other-store";
  static final String OTHER_TERMINAL = "mqtt-other-kiosk";

  @TempDir static Path root;

  TailorServer server;
  DemoFacts demo;
  IssuedCredential kiosk;
  IssuedCredential otherKiosk;
  RawTerminal terminal;

  /** The settings that choose and reach the broker; called after {@link #assumeBroker()}. */
  abstract Map<String, String> brokerSettings();

  /** Skips the class (JUnit assumption, with a message) when its broker is not there. */
  abstract void assumeBroker();

  @BeforeAll
  void startServerAndTerminal() throws Exception {
    assumeBroker();
    Map<String, String> settings = new HashMap<>();
    settings.put("tailor.data.dir", root.resolve("data").toString());
    settings.put("tailor.plugins.config.dir", root.resolve("config/plugins").toString());
    settings.put(PluginHost.POLL_SETTING, "100");
    settings.put("tailor.http.port", "0");
    settings.put("tailor.kiosk.max.payload.bytes", "4096");
    settings.putAll(brokerSettings());
    server = TailorServer.start(TailorSettings.of(settings));
    demo = DemoChain.prepare(server);
    server
        .stores()
        .createStore(
            new StoreDetails(
                OTHER_STORE, "Other store", Optional.empty(), Optional.empty(), "UTC"));
    server
        .stores()
        .createTerminal(OTHER_STORE, new TerminalDetails(OTHER_TERMINAL, "kiosk", "Other kiosk"));
    kiosk = server.terminalCredentials().issue("uk-kiosk-1");
    otherKiosk = server.terminalCredentials().issue(OTHER_TERMINAL);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                server.plugins().status().stream()
                    .anyMatch(
                        s ->
                            s.symbolicName().equals("org.tailor.channel.kiosk")
                                && !s.components().isEmpty()
                                && s.components().stream()
                                    .allMatch(c -> c.state() == ComponentState.ACTIVE)));
    await().atMost(Duration.ofSeconds(30)).until(() -> server.mqtt().isConnected());
    terminal = connect(kiosk).listening();
  }

  @AfterAll
  void stop() throws Exception {
    if (terminal != null) {
      terminal.close();
    }
    if (server != null) {
      server.close();
    }
  }

  RawTerminal connect(IssuedCredential credential) throws Exception {
    return RawTerminal.connect(
        server.mqttUrl(),
        credential.storeCode(),
        credential.terminalCode(),
        credential.username(),
        credential.secret());
  }

  static String identify(String messageId, String type, String value) {
    return """
        {"messageId":"%s","identifier":{"type":"%s","value":"%s"},"maxOffers":3,\
        "sentAt":"2026-01-05T10:00:00Z"}"""
        .formatted(messageId, type, value);
  }

  /** Sends an identify payload and returns the reply that carries the same correlation data. */
  JsonObject ask(RawTerminal from, String topic, byte[] payload) throws Exception {
    byte[] correlation = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
    from.publish(topic, payload, from.topic(Topics.OFFERS), correlation);
    while (true) {
      RawTerminal.Received reply = from.nextOn(from.topic(Topics.OFFERS));
      if (reply.correlationData().isPresent()
          && java.util.Arrays.equals(reply.correlationData().get(), correlation)) {
        return json(reply.payload());
      }
    }
  }

  JsonObject ask(String payload) throws Exception {
    return ask(terminal, terminal.topic(Topics.IDENTIFY), payload.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends a redemption and returns the ack for its message id (or with none, the next ack). */
  JsonObject redeem(String payload) throws Exception {
    terminal.publish(terminal.topic(Topics.REDEMPTIONS), payload, null, null);
    return json(terminal.nextOn(terminal.topic(Topics.ACKS)).payload());
  }

  static JsonObject json(String text) {
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }

  static JsonObject error(JsonObject reply) {
    assertThat(reply.containsKey("error")).as("an error in %s", reply).isTrue();
    return reply.getJsonObject("error");
  }

  @Test
  void aBurstOfRepliesBeyondTheBrokersWindowAllArrive() throws Exception {
    // More QoS 1 replies at once than a broker lets a client have unacknowledged (HiveMQ's
    // default was 10, Mosquitto's 20): none may be dropped.
    int replies = 600;
    try (RawTerminal other = connect(otherKiosk).listening()) {
      String offers = other.topic(Topics.OFFERS);
      java.util.concurrent.ExecutorService senders =
          java.util.concurrent.Executors.newFixedThreadPool(8);
      try {
        java.util.List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
        for (int i = 0; i < replies; i++) {
          byte[] payload = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
          sent.add(
              senders.submit(
                  () ->
                      server
                          .mqtt()
                          .publish(
                              org.tailor.plugin.host.MqttOutgoing.replyTo(
                                  offers, Optional.empty(), payload))));
        }
        for (java.util.concurrent.Future<?> f : sent) {
          f.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
      } finally {
        senders.shutdown();
      }
      java.util.Set<String> received = new java.util.HashSet<>();
      while (received.size() < replies) {
        received.add(other.nextOn(offers).payload());
      }
      assertThat(received).hasSize(replies).contains("{\"n\":0}", "{\"n\":599}");
    }
  }

  @Test
  void identifyIsAnsweredWithTheShoppersOffersOnTheResponseTopicWithItsCorrelationData()
      throws Exception {
    DemoShopper shopper = demo.shoppers().get(0);
    JsonObject reply = ask(identify("req-known-1", "loyalty", shopper.card()));
    assertThat(reply.containsKey("error")).as(reply.toString()).isFalse();
    assertThat(reply.getString("requestId")).isEqualTo("req-known-1");
    assertThat(reply.getString("presentationId")).isNotBlank();
    JsonObject greeting = reply.getJsonObject("shopper");
    assertThat(greeting.getBoolean("known")).isTrue();
    assertThat(greeting.getString("firstName")).isEqualTo(shopper.firstName());
    assertThat(reply.getJsonArray("offers")).isNotEmpty();
    assertThat(reply.getJsonArray("offers").getJsonObject(0).getInt("rank")).isEqualTo(1);
  }

  @Test
  void aShopperWritingRightToLeftIsGreetedSo() throws Exception {
    DemoShopper persian =
        demo.shoppers().stream().filter(s -> s.language().equals("fa")).findFirst().orElseThrow();
    JsonObject reply = ask(identify("req-fa-1", "loyalty", persian.loyaltyId()));
    JsonObject greeting = reply.getJsonObject("shopper");
    assertThat(greeting.getString("language")).isEqualTo("fa");
    assertThat(greeting.getBoolean("rightToLeft")).isTrue();
  }

  /** A shopper who does not identify is greeted in the terminal's language, as the kiosk shows. */
  @Test
  void anAnonymousShopperIsAnsweredInTheTerminalsLanguage() throws Exception {
    JsonObject reply =
        ask(
            "{\"messageId\":\"req-anon-fa\",\"maxOffers\":2,\"language\":\"fa\","
                + "\"sentAt\":\"2026-01-05T10:00:00Z\"}");
    assertThat(reply.containsKey("error")).as(reply.toString()).isFalse();
    assertThat(reply.getString("requestId")).isEqualTo("req-anon-fa");
    JsonObject greeting = reply.getJsonObject("shopper");
    assertThat(greeting.getBoolean("known")).isFalse();
    assertThat(greeting.getString("language")).isEqualTo("fa");
    assertThat(greeting.getBoolean("rightToLeft")).isTrue();
    assertThat(reply.getJsonArray("offers").size()).isLessThanOrEqualTo(2);
  }

  @Test
  void anUnknownShopperGetsNewcomerOffersNotAnError() throws Exception {
    JsonObject reply = ask(identify("req-new-1", "phone", "+44 7700 900999"));
    assertThat(reply.containsKey("error")).as(reply.toString()).isFalse();
    assertThat(reply.getJsonObject("shopper").getBoolean("known")).isFalse();
    assertThat(reply.getString("presentationId")).isNotBlank();
  }

  @Test
  void aRedemptionSentTwiceIsRecordedOnceAndLinkedToItsPresentation() throws Exception {
    DemoShopper shopper = demo.shoppers().get(1);
    JsonObject offers = ask(identify("req-redeem-1", "loyalty", shopper.loyaltyId()));
    String presentationId = offers.getString("presentationId");
    String offerCode = offers.getJsonArray("offers").getJsonObject(0).getString("code");
    String messageId = "redemption-" + UUID.randomUUID();
    String redemption =
        """
        {"messageId":"%s","presentationId":"%s","offerCode":"%s",\
        "identifier":{"type":"loyalty","value":"%s"},"redeemedAt":"2026-01-05T10:05:00Z",\
        "basketAmount":42.50}"""
            .formatted(messageId, presentationId, offerCode, shopper.loyaltyId());

    JsonObject first = redeem(redemption);
    JsonObject second = redeem(redemption);

    assertThat(first.getString("messageId")).isEqualTo(messageId);
    assertThat(first.getString("status")).isEqualTo("accepted");
    assertThat(second.getString("status")).isEqualTo("duplicate");
    try (Connection connection = server.database().dataSource().getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT COUNT(*), MAX(presentation_id) FROM redemption WHERE message_id = ?")) {
      query.setString(1, messageId);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        assertThat(rows.getLong(1)).isEqualTo(1);
        assertThat(rows.getString(2)).isEqualTo(presentationId);
      }
    }
  }

  @Test
  void thePresentationShownMessageRecordsTheScreenTimeOnceAndOnlyForTheTerminalsOwnPresentation()
      throws Exception {
    DemoShopper shopper = demo.shoppers().get(2);
    String presentationId =
        ask(identify("req-shown-1", "loyalty", shopper.loyaltyId())).getString("presentationId");
    assertThat(onScreenAt(presentationId)).isNull();
    String shown =
        """
        {"messageId":"%s","presentationId":"%s","shownAt":"2026-01-05T10:00:01.250Z"}"""
            .formatted("shown-" + UUID.randomUUID(), presentationId);
    String again =
        """
        {"messageId":"%s","presentationId":"%s","shownAt":"2026-01-05T10:09:00Z"}"""
            .formatted("shown-" + UUID.randomUUID(), presentationId);

    JsonObject first = shown(terminal, shown);
    JsonObject repeat = shown(terminal, shown);
    JsonObject later = shown(terminal, again);

    assertThat(first.getString("status")).isEqualTo("accepted");
    assertThat(repeat.getString("status")).isEqualTo("duplicate");
    assertThat(later.getString("status")).isEqualTo("duplicate");
    assertThat(onScreenAt(presentationId))
        .isEqualTo(java.time.Instant.parse("2026-01-05T10:00:01.250Z"));

    try (RawTerminal other = connect(otherKiosk).listening()) {
      JsonObject foreign =
          shown(
              other,
              """
              {"messageId":"shown-foreign","presentationId":"%s","shownAt":"2026-01-05T10:00:02Z"}"""
                  .formatted(presentationId));
      assertThat(foreign.getString("status")).isEqualTo("rejected");
      assertThat(foreign.getJsonObject("error").getString("field")).isEqualTo("presentationId");
      assertThat(foreign.getJsonObject("error").getString("value")).isEqualTo(presentationId);
    }
    assertThat(onScreenAt(presentationId))
        .isEqualTo(java.time.Instant.parse("2026-01-05T10:00:01.250Z"));
  }

  JsonObject shown(RawTerminal from, String payload) throws Exception {
    from.publish(from.topic(Topics.SHOWN), payload, null, null);
    return json(from.nextOn(from.topic(Topics.ACKS)).payload());
  }

  long presentationCount(String presentationId) throws Exception {
    try (Connection connection = server.database().dataSource().getConnection();
        PreparedStatement query =
            connection.prepareStatement("SELECT COUNT(*) FROM presentation WHERE id = ?")) {
      query.setLong(1, Long.parseLong(presentationId));
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  java.time.Instant onScreenAt(String presentationId) throws Exception {
    // Decisions write their presentations behind them (within the flush interval).
    await().atMost(Duration.ofSeconds(30)).until(() -> presentationCount(presentationId) == 1);
    try (Connection connection = server.database().dataSource().getConnection();
        PreparedStatement query =
            connection.prepareStatement("SELECT on_screen_at FROM presentation WHERE id = ?")) {
      query.setLong(1, Long.parseLong(presentationId));
      try (ResultSet rows = query.executeQuery()) {
        assertThat(rows.next()).as("presentation %s", presentationId).isTrue();
        java.time.LocalDateTime at = rows.getObject(1, java.time.LocalDateTime.class);
        return at == null ? null : at.toInstant(java.time.ZoneOffset.UTC);
      }
    }
  }

  @Test
  void badIdentifyPayloadsAreAnsweredWithTheFieldValueAndExpectationAndTheServerKeepsServing()
      throws Exception {
    record Bad(String payload, String code, String field, String value) {}
    String big = "x".repeat(5000);
    Bad[] cases = {
      new Bad("{\"messageId\": \"m1\", ", "malformed-payload", "payload", null),
      new Bad("[1, 2, 3]", "malformed-payload", "payload", "[1, 2, 3]"),
      new Bad(
          "{\"messageId\":\"m2\",\"sentAt\":\"2026-01-05T10:00:00Z\"}",
          "invalid-field",
          "maxOffers",
          null),
      new Bad(
          "{\"messageId\":\"m3\",\"maxOffers\":\"three\",\"sentAt\":\"2026-01-05T10:00:00Z\"}",
          "invalid-field",
          "maxOffers",
          "three"),
      new Bad(
          "{\"messageId\":\"m4\",\"maxOffers\":99,\"sentAt\":\"2026-01-05T10:00:00Z\"}",
          "invalid-field",
          "maxOffers",
          "99"),
      new Bad(
          "{\"messageId\":\"m5\",\"maxOffers\":3,\"sentAt\":\"yesterday\"}",
          "invalid-field",
          "sentAt",
          "yesterday"),
      new Bad(
          "{\"messageId\":\"m6\",\"maxOffers\":3,\"sentAt\":\"2026-01-05T10:00:00Z\","
              + "\"identifier\":{\"type\":\"iris\",\"value\":\"x\"}}",
          "invalid-field",
          "identifier.type",
          "iris"),
      new Bad(
          "{\"messageId\":\"m7\",\"maxOfers\":3,\"sentAt\":\"2026-01-05T10:00:00Z\"}",
          "invalid-field",
          "maxOfers",
          "3"),
      new Bad(
          "{\"messageId\":\"" + big + "\"}",
          "payload-too-large",
          "payload",
          (big.length() + 16) + " bytes"),
    };
    for (Bad bad : cases) {
      JsonObject error = error(ask(bad.payload()));
      assertThat(error.getString("code")).as(bad.payload()).isEqualTo(bad.code());
      assertThat(error.getString("field")).as(bad.payload()).isEqualTo(bad.field());
      if (bad.value() != null) {
        assertThat(error.getString("value")).as(bad.payload()).isEqualTo(bad.value());
      }
      assertThat(error.getString("expected")).as(bad.payload()).isNotBlank();
      assertThat(error.getString("message")).as(bad.payload()).contains(bad.field());
    }
    byte[] notUtf8 = {'{', '"', 'a', '"', ':', (byte) 0xC3, (byte) 0x28, '}'};
    JsonObject binary = error(ask(terminal, terminal.topic(Topics.IDENTIFY), notUtf8));
    assertThat(binary.getString("code")).isEqualTo("malformed-payload");
    assertThat(binary.getString("expected")).isEqualTo("UTF-8 text");

    JsonObject stillServing = ask(identify("req-after-errors", "loyalty", "no-such-card-1"));
    assertThat(stillServing.containsKey("error")).as(stillServing.toString()).isFalse();
    assertThat(stillServing.getString("requestId")).isEqualTo("req-after-errors");
  }

  @Test
  void aMessageInAnotherProtocolVersionIsAnsweredWithUnsupportedVersion() throws Exception {
    String v2 = terminal.topic(Topics.IDENTIFY).replace("/v1/", "/v2/");
    byte[] correlation = "v2-request".getBytes(StandardCharsets.UTF_8);
    terminal.publish(
        v2, identify("req-v2", "loyalty", "x"), terminal.topic(Topics.OFFERS), correlation);
    RawTerminal.Received reply = terminal.nextOn(terminal.topic(Topics.OFFERS));
    assertThat(reply.correlationData())
        .hasValueSatisfying(c -> assertThat(c).isEqualTo(correlation));
    JsonObject error = error(json(reply.payload()));
    assertThat(error.getString("code")).isEqualTo("unsupported-version");
    assertThat(error.getString("field")).isEqualTo("topic");
    assertThat(error.getString("value")).isEqualTo(v2);
    assertThat(error.getString("expected")).contains("v1");
    assertThat(json(reply.payload()).getString("requestId")).isEqualTo("req-v2");
  }

  @Test
  void aResponseTopicInAnotherStoreIsRefusedAndAnsweredOnTheTerminalsOwnTopic() throws Exception {
    String elsewhere = Topics.terminalTopic(OTHER_STORE, OTHER_TERMINAL, Topics.OFFERS);
    terminal.publish(
        terminal.topic(Topics.IDENTIFY),
        identify("req-hijack", "loyalty", "x"),
        elsewhere,
        "hijack".getBytes(StandardCharsets.UTF_8));
    JsonObject error = error(json(terminal.nextOn(terminal.topic(Topics.OFFERS)).payload()));
    assertThat(error.getString("field")).isEqualTo("responseTopic");
    assertThat(error.getString("value")).isEqualTo(elsewhere);
  }

  /**
   * With every handler of the gateway blocked (a test subscription whose handler waits) and its
   * queue full, an identify is shed; the kiosk plugin answers it at once with a {@code busy} error
   * carrying the request's correlation data and message id, on the terminal's own topic even when
   * the request asked for another store's. /metrics counts the answers; once the handlers are free
   * the server answers with offers again.
   */
  @Test
  void anIdentifyShedUnderOverloadIsAnsweredBusyAtOnceWithItsCorrelationData() throws Exception {
    ServerMqttGateway gateway = server.mqtt();
    CountDownLatch release = new CountDownLatch(1);
    MqttSubscription blocker =
        gateway.subscribe(
            Topics.anyTerminalFilter("test-block"),
            false,
            0,
            message -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    try {
      long answeredBefore = gateway.shedAnsweredCount();
      // Fill the workers and the gateway's queue until it sheds: the identifies after that are
      // shed too, since nothing leaves the queue while the handlers wait.
      long shedBefore = gateway.shedCount();
      String block = terminal.topic("test-block");
      for (int i = 0; gateway.shedCount() == shedBefore; i++) {
        assertThat(i).as("messages sent before the gateway shed one").isLessThan(5_000);
        terminal.publish(block, "{}", null, null);
      }

      JsonObject busy = ask(identify("req-shed-1", "loyalty", demo.shoppers().get(0).card()));
      assertThat(error(busy).getString("code")).isEqualTo("busy");
      assertThat(error(busy).getString("message")).contains("busy");
      assertThat(busy.getString("requestId")).isEqualTo("req-shed-1");
      assertThat(busy.containsKey("presentationId")).isFalse();
      assertThat(busy.getJsonArray("offers")).isEmpty();

      String elsewhere = Topics.terminalTopic(OTHER_STORE, OTHER_TERMINAL, Topics.OFFERS);
      byte[] correlation = "shed-hijack".getBytes(StandardCharsets.UTF_8);
      terminal.publish(
          terminal.topic(Topics.IDENTIFY),
          identify("req-shed-2", "loyalty", "x"),
          elsewhere,
          correlation);
      RawTerminal.Received own = terminal.nextOn(terminal.topic(Topics.OFFERS));
      assertThat(own.correlationData())
          .hasValueSatisfying(c -> assertThat(c).isEqualTo(correlation));
      assertThat(error(json(own.payload())).getString("code")).isEqualTo("busy");

      // counted once the reply is written, which may be just after the terminal has it
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> gateway.shedAnsweredCount() - answeredBefore >= 2);
      assertThat(gateway.shedAnsweredCount() - answeredBefore).isEqualTo(2);
      assertThat(shedCounted(scrapeMetrics(), "answered")).isGreaterThanOrEqualTo(2);
    } finally {
      release.countDown();
      blocker.close();
    }
    // The handlers are free; the next identify is taken once the messages queued while they were
    // held have left the queue (on a loaded machine that is not at once), not shed behind them.
    await().atMost(Duration.ofSeconds(30)).until(() -> gateway.messagesWaiting() == 0);
    JsonObject offers = ask(identify("req-after-shed", "loyalty", demo.shoppers().get(0).card()));
    assertThat(offers.containsKey("error")).as(offers.toString()).isFalse();
    assertThat(offers.getJsonArray("offers")).isNotEmpty();
  }

  private String scrapeMetrics() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(server.uri().resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** The value of {@code tailor_mqtt_shed_total{outcome="..."}} in a Prometheus scrape. */
  private static double shedCounted(String scrape, String outcome) {
    String series = "tailor_mqtt_shed_total{outcome=\"" + outcome + "\"}";
    return scrape
        .lines()
        .filter(line -> line.startsWith(series))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length()).strip()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(series + " not in /metrics:\n" + scrape));
  }

  @Test
  void aRedemptionOfAnUnknownOfferOrWithBadFieldsIsRejectedOnTheAcksTopic() throws Exception {
    JsonObject unknownOffer =
        redeem(
            """
            {"messageId":"r-unknown-offer","offerCode":"no-such-offer",\
            "redeemedAt":"2026-01-05T10:05:00Z","basketAmount":10}""");
    assertThat(unknownOffer.getString("messageId")).isEqualTo("r-unknown-offer");
    assertThat(unknownOffer.getString("status")).isEqualTo("rejected");
    assertThat(unknownOffer.getJsonObject("error").getString("value")).isEqualTo("no-such-offer");

    JsonObject negative =
        redeem(
            """
            {"messageId":"r-negative","offerCode":"x",\
            "redeemedAt":"2026-01-05T10:05:00Z","basketAmount":-5}""");
    assertThat(negative.getString("status")).isEqualTo("rejected");
    assertThat(negative.getJsonObject("error").getString("field")).isEqualTo("basketAmount");
    assertThat(negative.getJsonObject("error").getString("value")).isEqualTo("-5");

    JsonObject broken = redeem("{\"messageId\":\"r-broken\",");
    assertThat(broken.getString("status")).isEqualTo("rejected");
    assertThat(broken.get("messageId")).isIn(null, JsonValue.NULL);
    assertThat(broken.getJsonObject("error").getString("code")).isEqualTo("malformed-payload");
  }

  @Test
  void aTerminalComingOnlineIsRecordedAndGetsItsConfiguration() throws Exception {
    terminal.subscribedTo(terminal.topic(Topics.CONFIG));
    terminal.publish(
        terminal.topic(Topics.STATUS),
        """
        {"state":"online","agentVersion":"9.8.7","queuedMessages":0,"configRevision":0,\
        "sentAt":"2026-01-05T09:59:00Z"}""",
        null,
        null);
    JsonObject config = json(terminal.nextOn(terminal.topic(Topics.CONFIG)).payload());
    assertThat(config.getJsonNumber("revision").longValue()).isEqualTo(1);
    assertThat(config.getInt("maxOffers")).isBetween(1, 10);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              TerminalView view = server.stores().terminal("uk-kiosk-1");
              assertThat(view.lastStatus()).contains("online");
              assertThat(view.agentVersion()).contains("9.8.7");
            });
  }
}
