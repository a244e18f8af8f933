package org.tailor.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tailor.server.mqtt.GatewayTestBrokers.WAIT_SECONDS;
import static org.tailor.server.mqtt.GatewayTestBrokers.await;
import static org.tailor.server.mqtt.GatewayTestBrokers.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tailor.plugin.host.MqttHandler;
import org.tailor.plugin.host.MqttOutgoing;

/**
 * The gateway over several connections, against the real embedded broker (HiveMQ CE) and the
 * machine's Mosquitto (skipped when none listens on 127.0.0.1:1883): a message on a shared
 * subscription is handled once by one of the connections, a subscription that is not shared once
 * (not once per connection), every reply reaches the terminal, a connection the broker drops comes
 * back with its subscriptions while the others go on, and the embedded broker keeps a backlog
 * larger than HiveMQ's default queue.
 */
class GatewayConnectionsTest {

  private static final int CONNECTIONS = 4;
  private static final String SERVER_SECRET = "gateway-connections-test";

  @TempDir static Path brokerFolder;

  private static GatewayTestBrokers brokers;

  @BeforeAll
  static void startEmbeddedBroker() {
    brokers = GatewayTestBrokers.start(brokerFolder, SERVER_SECRET);
  }

  @AfterAll
  static void stopEmbeddedBroker() {
    if (brokers != null) {
      brokers.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "mosquitto"})
  void everyMessageOfASharedSubscriptionIsHandledOnceAndAnswered(String broker) throws Exception {
    MqttSettings settings = settings(broker);
    String run = run();
    Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
    try (PahoMqttGateway gateway = PahoMqttGateway.connect(settings);
        Terminal terminal = Terminal.connect(settings, "terminal-" + run)) {
      awaitConnected(gateway);
      gateway.subscribe("tailor-test/" + run + "/+/requests", true, 1, echo(gateway, handled));
      terminal.listen("tailor-test/" + run + "/+/replies");
      int requests = 800; // below what either broker queues for a client (1,000)
      for (int i = 0; i < requests; i++) {
        terminal.publish("tailor-test/" + run + "/" + i % 50 + "/requests", "request-" + i);
      }
      await(() -> terminal.replies.size() >= requests, "replies to " + requests + " requests");
      assertThat(handled).hasSize(requests);
      assertThat(handled.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
      assertThat(terminal.replies).hasSize(requests).contains("request-0", "request-799");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "mosquitto"})
  void aSubscriptionThatIsNotSharedIsHandledOnceNotOncePerConnection(String broker)
      throws Exception {
    MqttSettings settings = settings(broker);
    String run = run();
    Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
    try (PahoMqttGateway gateway = PahoMqttGateway.connect(settings);
        Terminal terminal = Terminal.connect(settings, "terminal-" + run)) {
      awaitConnected(gateway);
      gateway.subscribe("tailor-test/" + run + "/status", false, 1, count(handled));
      int messages = 200;
      for (int i = 0; i < messages; i++) {
        terminal.publish("tailor-test/" + run + "/status", "status-" + i);
      }
      String last = "status-" + (messages - 1);
      await(() -> handled.containsKey(last), "the last status message handled");
      // a duplicate from a second connection would have arrived by now: the broker sends the
      // copies of one message to its subscribers together
      terminal.publish("tailor-test/" + run + "/status", "marker");
      await(() -> handled.containsKey("marker"), "a later message handled");
      assertThat(handled).hasSize(messages + 1);
      assertThat(handled.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
    }
  }

  /**
   * While the broker refuses the gateway's login, every connection is down, and the health detail
   * says how many of how many, to which broker, and names each by its client id, in the server's
   * language; once the gateway logs in, it says connected.
   */
  @Test
  void theHealthDetailNamesTheConnectionsThatAreDown() throws Exception {
    MqttSettings good = settings("embedded");
    MqttSettings refused = good.withPassword("not-the-secret");
    String first = refused.clientId();
    try (PahoMqttGateway gateway = PahoMqttGateway.connect(refused)) {
      await(
          () -> gateway.disconnectedClientIds().size() == CONNECTIONS, "every connection refused");
      assertThat(gateway.disconnectedClientIds())
          .containsExactly(first, first + "-2", first + "-3", first + "-4");
      assertThatThrownBy(() -> gateway.health(Locale.ENGLISH))
          .hasMessage(
              "4 of 4 connections to "
                  + refused.url()
                  + " are down: "
                  + String.join(", ", gateway.disconnectedClientIds()));
      assertThatThrownBy(() -> gateway.health(Locale.forLanguageTag("es")))
          .hasMessageStartingWith("4 de 4 conexiones con " + refused.url() + " están caídas: ")
          .hasMessageContaining(first + "-4");
    }
    try (PahoMqttGateway gateway = PahoMqttGateway.connect(good)) {
      awaitConnected(gateway);
      assertThat(gateway.disconnectedClientIds()).isEmpty();
      assertThat(gateway.health(Locale.ENGLISH))
          .isEqualTo("connected to " + good.url() + " (4 connections)");
    }
  }

  /**
   * Another client logging in with a connection's client id makes the broker drop that connection
   * (session takeover), as a network fault would; the gateway reconnects it and subscribes again.
   * Dropped here: the first connection, which alone carries the subscriptions that are not shared,
   * and one other.
   */
  @ParameterizedTest
  @ValueSource(strings = {"embedded", "mosquitto"})
  void messagesKeepBeingHandledAfterTheBrokerDropsAConnection(String broker) throws Exception {
    MqttSettings settings = settings(broker);
    String run = run();
    Map<String, AtomicInteger> shared = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> notShared = new ConcurrentHashMap<>();
    try (PahoMqttGateway gateway = PahoMqttGateway.connect(settings);
        Terminal terminal = Terminal.connect(settings, "terminal-" + run)) {
      awaitConnected(gateway);
      gateway.subscribe("tailor-test/" + run + "/+/requests", true, 1, echo(gateway, shared));
      gateway.subscribe("tailor-test/" + run + "/status", false, 1, count(notShared));
      terminal.listen("tailor-test/" + run + "/+/replies");

      for (String clientId : new String[] {gateway.clientId(), gateway.clientId() + "-2"}) {
        try (Terminal intruder = Terminal.connect(settings, clientId)) {
          await(intruder::wasDisconnected, "the gateway taking " + clientId + " back");
        }
      }
      awaitConnected(gateway);
      // The first connection subscribes again in the background once it is back: ask until the
      // subscription that is not shared answers.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      while (!notShared.containsKey("probe") && System.nanoTime() < deadline) {
        terminal.publish("tailor-test/" + run + "/status", "probe");
        Thread.sleep(100); // a pause between probes, not a measurement
      }
      assertThat(notShared).as("the subscription that is not shared, again").containsKey("probe");

      int requests = 500;
      for (int i = 0; i < requests; i++) {
        terminal.publish("tailor-test/" + run + "/" + i % 50 + "/requests", "after-" + i);
      }
      terminal.publish("tailor-test/" + run + "/status", "after");
      await(
          () -> terminal.replies.size() >= requests && notShared.containsKey("after"),
          () ->
              "replies to "
                  + requests
                  + " requests after the drops over "
                  + broker
                  + " (replies received "
                  + terminal.replies.size()
                  + ", requests handled "
                  + shared.size()
                  + ", the status message handled "
                  + notShared.containsKey("after")
                  + ", every connection up "
                  + gateway.isConnected()
                  + ")");
      assertThat(shared).hasSize(requests);
      assertThat(shared.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
      assertThat(notShared.get("after").get()).isEqualTo(1);
      assertThat(gateway.isConnected()).isTrue();
    }
  }

  /**
   * More requests than HiveMQ queues by default (1,000) wait for a server whose handlers are all
   * busy: the embedded broker keeps every one (it used to drop what came beyond 1,000).
   */
  @Test
  void theEmbeddedBrokerKeepsABacklogOfMoreThanAThousandRequests() throws Exception {
    MqttSettings settings = settings("embedded");
    String run = run();
    Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
    CountDownLatch allQueued = new CountDownLatch(1);
    try (PahoMqttGateway gateway = PahoMqttGateway.connect(settings);
        Terminal terminal = Terminal.connect(settings, "terminal-" + run)) {
      awaitConnected(gateway);
      MqttHandler counting = count(handled);
      gateway.subscribe(
          "tailor-test/" + run + "/+/requests",
          true,
          1,
          incoming -> {
            try {
              allQueued.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            counting.onMessage(incoming);
          });
      int requests = 1_500;
      List<IMqttToken> accepted = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        accepted.add(terminal.publish("tailor-test/" + run + "/" + i % 50 + "/requests", "r-" + i));
      }
      for (IMqttToken token : accepted) {
        token.waitForCompletion(WAIT_SECONDS * 1_000); // the broker has it queued
      }
      allQueued.countDown();
      await(() -> handled.size() >= requests, requests + " requests handled");
      assertThat(handled).hasSize(requests);
    }
  }

  private static MqttSettings settings(String broker) {
    return brokers.settings(broker, 4, CONNECTIONS, "the gateway's connections");
  }

  /** Counts each payload, and answers it on the request's {@code replies} topic. */
  private static MqttHandler echo(PahoMqttGateway gateway, Map<String, AtomicInteger> handled) {
    return incoming -> {
      handled
          .computeIfAbsent(
              new String(incoming.payload(), StandardCharsets.UTF_8), p -> new AtomicInteger())
          .incrementAndGet();
      String replies =
          incoming.topic().substring(0, incoming.topic().lastIndexOf('/')) + "/replies";
      gateway.publish(
          new MqttOutgoing(
              replies, incoming.payload(), 1, false, Optional.empty(), Optional.empty()));
    };
  }

  private static MqttHandler count(Map<String, AtomicInteger> handled) {
    return incoming ->
        handled
            .computeIfAbsent(
                new String(incoming.payload(), StandardCharsets.UTF_8), p -> new AtomicInteger())
            .incrementAndGet();
  }

  private static void awaitConnected(PahoMqttGateway gateway) throws InterruptedException {
    await(gateway::isConnected, "every connection of the gateway up");
  }

  /** A client standing for terminals: publishes QoS 1, collects the payloads it is sent. */
  private static final class Terminal implements ArrivalsOnly, AutoCloseable {
    private final MqttAsyncClient client;
    private final Set<String> replies = ConcurrentHashMap.newKeySet();
    private final CountDownLatch disconnected = new CountDownLatch(1);

    private Terminal(MqttAsyncClient client) {
      this.client = client;
    }

    static Terminal connect(MqttSettings settings, String clientId) throws MqttException {
      Terminal terminal =
          new Terminal(new MqttAsyncClient(settings.url(), clientId, new MemoryPersistence()));
      terminal.client.setCallback(terminal);
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setCleanStart(true);
      options.setUserName(settings.username());
      settings.password().ifPresent(p -> options.setPassword(p.getBytes(StandardCharsets.UTF_8)));
      terminal.client.connect(options).waitForCompletion(10_000);
      return terminal;
    }

    void listen(String filter) throws MqttException {
      client.subscribe(new MqttSubscription(filter, 1)).waitForCompletion(10_000);
    }

    /** Publishes at QoS 1; the token completes when the broker acknowledged the message. */
    IMqttToken publish(String topic, String payload) throws Exception {
      MqttMessage message =
          new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, false, null);
      while (true) {
        try {
          return client.publish(topic, message);
        } catch (MqttException windowFull) {
          Thread.sleep(1); // this client's own window of unacknowledged QoS 1 messages
        }
      }
    }

    boolean wasDisconnected() {
      return disconnected.getCount() == 0;
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      replies.add(new String(message.getPayload(), StandardCharsets.UTF_8));
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      disconnected.countDown();
    }

    @Override
    public void close() throws MqttException {
      try {
        if (client.isConnected()) {
          client.disconnect().waitForCompletion(10_000);
        }
      } finally {
        client.close(true);
      }
    }
  }
}
