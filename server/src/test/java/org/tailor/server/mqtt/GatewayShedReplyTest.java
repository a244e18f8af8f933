package org.tailor.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tailor.server.mqtt.GatewayTestBrokers.WAIT_SECONDS;
import static org.tailor.server.mqtt.GatewayTestBrokers.await;
import static org.tailor.server.mqtt.GatewayTestBrokers.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tailor.plugin.host.MqttHandler;
import org.tailor.plugin.host.MqttIncoming;
import org.tailor.plugin.host.MqttOutgoing;

/**
 * What the gateway does with the QoS 0 messages it sheds while its handlers are behind, against the
 * real embedded broker (HiveMQ CE) and the machine's Mosquitto (skipped when none listens on
 * 127.0.0.1:1883). The handler here waits until the test lets it go, so the one worker is taken and
 * the gateway's queue fills: from then on every request is shed. A subscriber that gives a busy
 * reply ({@link MqttHandler#onShed}) has it published at once with the request's correlation data;
 * one that gives none (as every plugin before API 1.6) leaves the request unanswered, as before;
 * and when the busy replies themselves are behind, the shed requests beyond their small queue are
 * dropped and counted instead of piling up.
 */
class GatewayShedReplyTest {

  private static final String SERVER_SECRET = "gateway-shed-reply-test";
  private static final int WORKERS = 1;
  private static final int QUEUE = 1_000;

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
  void aShedRequestIsAnsweredAtOnceWithItsSubscribersBusyReplyAndCorrelationData(String broker)
      throws Exception {
    MqttSettings settings = settings(broker);
    String run = run();
    String requests = "tailor-test/" + run + "/requests";
    String replies = "tailor-test/" + run + "/replies";
    CountDownLatch release = new CountDownLatch(1);
    try (PahoMqttGateway gateway = PahoMqttGateway.connect(settings);
        Terminal terminal = Terminal.connect(settings, "terminal-" + run)) {
      try {
        await(gateway::isConnected, "every connection of the gateway up");
        gateway.subscribe(requests, true, 0, new BusyReplying(release, new CountDownLatch(0)));
        terminal.listen(replies);
        fillUntilShed(gateway, terminal, requests);

        terminal.request(requests, "question", replies, "correlation-1");

        await(() -> terminal.replies.containsKey("correlation-1"), "the busy reply");
        assertThat(terminal.replies.get("correlation-1")).isEqualTo("busy: question");
        await(() -> settled(gateway), "every shed message counted");
        assertThat(gateway.shedAnsweredCount()).isEqualTo(1);
        assertThat(gateway.shedDroppedCount()).isZero();
        assertThat(gateway.shedUnansweredCount())
            .as("the requests without a response topic")
            .isEqualTo(gateway.shedCount() - 1);
      } finally {
        release.countDown();
      }
    }
  }

  @Test
  void aHandlerWithoutABusyReplyLeavesShedMessagesUnansweredWithoutQueueingThem() throws Exception {
    MqttSettings settings = settings("embedded");
    String run = run();
    String requests = "tailor-test/" + run + "/requests";
    String replies = "tailor-test/" + run + "/replies";
    CountDownLatch release = new CountDownLatch(1);
    MqttHandler waiting =
        message -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    assertThat(PahoMqttGateway.answersShed(waiting)).isFalse();
    assertThat(PahoMqttGateway.answersShed(new BusyReplying(release, release))).isTrue();
    try (PahoMqttGateway gateway = PahoMqttGateway.connect(settings);
        Terminal terminal = Terminal.connect(settings, "terminal-" + run)) {
      try {
        await(gateway::isConnected, "every connection of the gateway up");
        gateway.subscribe(requests, true, 0, waiting);
        terminal.listen(replies);
        fillUntilShed(gateway, terminal, requests);
        for (int i = 0; i < 20; i++) {
          terminal.request(requests, "question-" + i, replies, "correlation-" + i);
        }

        await(
            () -> gateway.shedCount() >= 21 && gateway.shedUnansweredCount() == gateway.shedCount(),
            "the requests counted unanswered");
        assertThat(gateway.shedAnsweredCount()).isZero();
        assertThat(gateway.shedDroppedCount()).isZero();
        assertThat(gateway.busyRepliesWaiting()).isZero();
        assertThat(terminal.replies).isEmpty();
      } finally {
        release.countDown();
      }
    }
  }

  /**
   * The busy replies are behind too (the subscriber's reply waits): one shed request is with the
   * busy-reply thread, {@value PahoMqttGateway#BUSY_REPLY_QUEUE} wait for it, and every later one
   * is dropped and counted; once the replies go again, exactly those that waited are answered.
   */
  @ParameterizedTest
  @ValueSource(strings = {"embedded", "mosquitto"})
  void theBusyReplyPathDropsAndCountsInsteadOfGrowingWhenItIsFullItself(String broker)
      throws Exception {
    MqttSettings settings = settings(broker);
    String run = run();
    String requests = "tailor-test/" + run + "/requests";
    String replies = "tailor-test/" + run + "/replies";
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch releaseReplies = new CountDownLatch(1);
    int beyond = 50;
    int sent = WORKERS + QUEUE + 1 + PahoMqttGateway.BUSY_REPLY_QUEUE + beyond;
    long expectedShed = sent - WORKERS - QUEUE;
    try (PahoMqttGateway gateway = PahoMqttGateway.connect(settings);
        Terminal terminal = Terminal.connect(settings, "terminal-" + run)) {
      try {
        await(gateway::isConnected, "every connection of the gateway up");
        gateway.subscribe(requests, true, 0, new BusyReplying(release, releaseReplies));
        terminal.listen(replies);

        List<IMqttToken> accepted = new ArrayList<>();
        for (int i = 0; i < sent; i++) {
          accepted.add(terminal.request(requests, "question-" + i, replies, "correlation-" + i));
        }
        for (IMqttToken token : accepted) {
          token.waitForCompletion(WAIT_SECONDS * 1_000);
        }
        await(() -> gateway.shedCount() >= expectedShed, expectedShed + " requests shed");
        assertThat(gateway.shedCount()).isEqualTo(expectedShed);
        assertThat(gateway.busyRepliesWaiting()).isEqualTo(PahoMqttGateway.BUSY_REPLY_QUEUE);
        assertThat(gateway.shedDroppedCount()).isEqualTo(beyond);
        assertThat(gateway.shedAnsweredCount()).isZero();

        releaseReplies.countDown();
        int answered = 1 + PahoMqttGateway.BUSY_REPLY_QUEUE;
        await(() -> gateway.shedAnsweredCount() >= answered, answered + " busy replies published");
        await(() -> terminal.replies.size() >= answered, answered + " busy replies received");
        assertThat(gateway.shedAnsweredCount()).isEqualTo(answered);
        assertThat(gateway.shedDroppedCount()).isEqualTo(beyond);
        assertThat(gateway.shedUnansweredCount()).isZero();
        assertThat(terminal.replies).hasSize(answered);
        assertThat(terminal.replies)
            .allSatisfy(
                (correlation, payload) -> assertThat(payload).startsWith("busy: question-"));
      } finally {
        release.countDown();
        releaseReplies.countDown();
      }
    }
  }

  /**
   * A subscriber as the kiosk channel is: its handler waits until {@code release}; its busy reply
   * (after {@code repliesGo}) answers on the request's response topic with its correlation data.
   */
  private static final class BusyReplying implements MqttHandler {
    private final CountDownLatch release;
    private final CountDownLatch repliesGo;

    BusyReplying(CountDownLatch release, CountDownLatch repliesGo) {
      this.release = release;
      this.repliesGo = repliesGo;
    }

    @Override
    public void onMessage(MqttIncoming message) {
      awaitQuietly(release);
    }

    @Override
    public Optional<MqttOutgoing> onShed(MqttIncoming message) {
      awaitQuietly(repliesGo);
      return message
          .responseTopic()
          .map(
              topic ->
                  new MqttOutgoing(
                      topic,
                      ("busy: " + new String(message.payload(), StandardCharsets.UTF_8))
                          .getBytes(StandardCharsets.UTF_8),
                      0,
                      false,
                      Optional.empty(),
                      message.correlationData()));
    }

    private static void awaitQuietly(CountDownLatch latch) {
      try {
        latch.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Sends requests without a response topic until the gateway sheds one. */
  private static void fillUntilShed(PahoMqttGateway gateway, Terminal terminal, String requests)
      throws Exception {
    int sent = 0;
    while (gateway.shedCount() == 0) {
      assertThat(sent).as("requests sent before the gateway shed one").isLessThan(5 * QUEUE);
      terminal.request(requests, "filler-" + sent++, null, null).waitForCompletion(10_000);
    }
  }

  /** Every shed message is counted one way or another (none waits for the busy-reply thread). */
  private static boolean settled(PahoMqttGateway gateway) {
    return gateway.shedAnsweredCount() + gateway.shedUnansweredCount() + gateway.shedDroppedCount()
        == gateway.shedCount();
  }

  private static MqttSettings settings(String broker) {
    return brokers.settings(broker, WORKERS, 2, "the gateway's busy replies");
  }

  /**
   * A client standing for terminals: publishes requests at QoS 1 (with a response topic and
   * correlation data when given), and keeps the payload of each reply by its correlation data.
   */
  private static final class Terminal implements ArrivalsOnly, AutoCloseable {
    private final MqttAsyncClient client;
    private final Map<String, String> replies = new ConcurrentHashMap<>();
    private final Set<String> duplicates = ConcurrentHashMap.newKeySet();

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
    IMqttToken request(String topic, String payload, String responseTopic, String correlation)
        throws Exception {
      MqttMessage message =
          new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, false, null);
      MqttProperties properties = new MqttProperties();
      if (responseTopic != null) {
        properties.setResponseTopic(responseTopic);
        properties.setCorrelationData(correlation.getBytes(StandardCharsets.UTF_8));
      }
      message.setProperties(properties);
      while (true) {
        try {
          return client.publish(topic, message);
        } catch (MqttException windowFull) {
          Thread.sleep(1); // this client's own window of unacknowledged QoS 1 messages
        }
      }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      MqttProperties properties = message.getProperties();
      byte[] correlation = properties == null ? null : properties.getCorrelationData();
      String key = correlation == null ? "none" : new String(correlation, StandardCharsets.UTF_8);
      if (replies.putIfAbsent(key, new String(message.getPayload(), StandardCharsets.UTF_8))
          != null) {
        duplicates.add(key);
      }
    }

    @Override
    public void close() throws MqttException {
      assertThat(duplicates).as("replies received twice").isEmpty();
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
