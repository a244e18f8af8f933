package org.tailor.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.tailor.server.mqtt.GatewayTestBrokers.WAIT_SECONDS;
import static org.tailor.server.mqtt.GatewayTestBrokers.await;
import static org.tailor.server.mqtt.GatewayTestBrokers.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
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
import org.tailor.plugin.host.MqttHandler;
import org.tailor.plugin.host.MqttIncoming;
import org.tailor.plugin.host.MqttOutgoing;
import org.tailor.server.config.SettingsException;
import org.tailor.server.config.TailorSettings;

/**
 * The gateway inside the embedded broker (HiveMQ CE), with real terminals: Eclipse Paho MQTT 5
 * clients that log in with a terminal's code and secret and are confined to their store's subtree.
 */
class EmbeddedMqttGatewayTest {

  private static final String STORE = "store-a";
  private static final String OTHER_STORE = "store-b";

  @TempDir static Path brokerFolder;

  private static EmbeddedMqttBroker broker;
  private static MqttSettings settings;

  @BeforeAll
  static void startBroker() {
    settings =
        MqttSettings.from(TailorSettings.of(Map.of("tailor.mqtt.embedded.port", "0")))
            .withPassword("embedded-gateway-test");
    // A terminal "<store>:<name>" logs in with the secret "secret-<name>".
    broker =
        EmbeddedMqttBroker.start(
            settings,
            brokerFolder,
            "embedded-gateway-test",
            (terminal, secret) ->
                terminal.contains(":") && secret.equals("secret-" + terminal.split(":")[1])
                    ? Optional.of(terminal.split(":")[0])
                    : Optional.empty());
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  /** A gateway with its own number of workers and shared group. */
  private static EmbeddedMqttGateway gateway(int workers) {
    return EmbeddedMqttGateway.attach(broker, settings(workers));
  }

  private static MqttSettings settings(int workers) {
    String run = run();
    return new MqttSettings(
        MqttSettings.Broker.EMBEDDED,
        settings.url(),
        settings.embeddedHost(),
        settings.embeddedPort(),
        "tailor-server",
        settings.password(),
        Optional.empty(),
        Optional.empty(),
        "tailor-test-" + run,
        workers,
        1,
        "tailor-server-" + run);
  }

  @Test
  void aRequestIsAnsweredOnItsResponseTopicWithItsCorrelationDataByAHandlerOnAWorkerThread()
      throws Exception {
    List<String> threads = new CopyOnWriteArrayList<>();
    try (EmbeddedMqttGateway gateway = gateway(4);
        Terminal terminal = Terminal.connect(STORE, "t-" + run())) {
      gateway.subscribe(
          "tailor/+/stores/+/terminals/+/ask",
          true,
          0,
          request -> {
            threads.add(Thread.currentThread().getName());
            gateway.publish(
                MqttOutgoing.replyTo(
                    request.responseTopic().orElseThrow(),
                    request.correlationData(),
                    ("answer to " + new String(request.payload(), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8)));
          });
      terminal.subscribe(terminal.topic("answers"));

      terminal.publish(terminal.topic("ask"), 0, "question-1", terminal.topic("answers"), "c-1");

      Terminal.Received answer = terminal.next();
      assertThat(answer.topic()).isEqualTo(terminal.topic("answers"));
      assertThat(answer.payload()).isEqualTo("answer to question-1");
      assertThat(answer.correlation()).isEqualTo("c-1");
      assertThat(threads).singleElement().asString().startsWith("tailor-mqtt-");
      assertThat(gateway.isConnected()).isTrue();
    }
  }

  @Test
  void aQos1MessageIsAcknowledgedToTheTerminalOnlyAfterItsHandlerReturned() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean returned = new AtomicBoolean();
    AtomicBoolean returnedWhenAcknowledged = new AtomicBoolean();
    CountDownLatch acknowledged = new CountDownLatch(1);
    try (EmbeddedMqttGateway gateway = gateway(2);
        Terminal terminal = Terminal.connect(STORE, "t-" + run());
        Terminal other = Terminal.connect(STORE, "o-" + run())) {
      gateway.subscribe(
          "tailor/+/stores/+/terminals/+/redeem",
          true,
          1,
          message -> {
            assertThat(message.qos()).isEqualTo(1);
            entered.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            returned.set(true);
          });

      IMqttToken token =
          terminal.publishAsync(
              terminal.topic("redeem"),
              1,
              "r-1",
              new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken done) {
                  returnedWhenAcknowledged.set(returned.get());
                  acknowledged.countDown();
                }

                @Override
                public void onFailure(IMqttToken done, Throwable exception) {}
              });
      assertThat(entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("handler called").isTrue();
      // Another terminal's QoS 1 message goes through the broker and back meanwhile.
      other.publish(other.topic("status"), 1, "{}", null, null);
      assertThat(token.isComplete()).as("acknowledged while its handler runs").isFalse();

      release.countDown();
      assertThat(acknowledged.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("acknowledged").isTrue();
      assertThat(returnedWhenAcknowledged).as("handler returned before the PUBACK").isTrue();
    }
  }

  @Test
  void qos0RequestsBeyondTheQueueAreShedAndAnsweredBusyWithTheirCorrelationData() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger handled = new AtomicInteger();
    try (EmbeddedMqttGateway gateway = gateway(1);
        Terminal terminal = Terminal.connect(STORE, "t-" + run())) {
      gateway.subscribe(
          "tailor/+/stores/+/terminals/+/identify",
          true,
          0,
          new MqttHandler() {
            @Override
            public void onMessage(MqttIncoming message) {
              handled.incrementAndGet();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }

            @Override
            public Optional<MqttOutgoing> onShed(MqttIncoming message) {
              return Optional.of(
                  MqttOutgoing.replyTo(
                      message.responseTopic().orElseThrow(),
                      message.correlationData(),
                      "busy".getBytes(StandardCharsets.UTF_8)));
            }
          });
      terminal.subscribe(terminal.topic("offers"));
      try {
        String identify = terminal.topic("identify");
        for (int i = 0; gateway.shedCount() == 0; i++) {
          assertThat(i).as("requests sent before one was shed").isLessThan(5_000);
          // QoS 1, acknowledged once the broker took it; delivered at the subscription's QoS 0
          terminal.publish(identify, 1, "fill-" + i, null, null);
        }
        terminal.publish(identify, 1, "shed-me", terminal.topic("offers"), "c-shed");

        Terminal.Received busy = terminal.next();
        assertThat(busy.payload()).isEqualTo("busy");
        assertThat(busy.correlation()).isEqualTo("c-shed");
        await(() -> gateway.shedAnsweredCount() >= 1, "the busy reply counted answered");
        assertThat(gateway.shedCount()).isGreaterThanOrEqualTo(2);
        assertThat(gateway.messagesWaiting()).isEqualTo(MqttDispatch.QUEUE);
        assertThat(handled).hasValue(1);
      } finally {
        release.countDown();
      }
      await(() -> gateway.messagesWaiting() == 0, "the queue worked off");
    }
  }

  @Test
  void aClosedSubscriptionGetsNoMoreMessages() throws Exception {
    List<String> closedGot = new CopyOnWriteArrayList<>();
    List<String> openGot = new CopyOnWriteArrayList<>();
    // One worker: messages are handled in the order the terminal sent them.
    try (EmbeddedMqttGateway gateway = gateway(1);
        Terminal terminal = Terminal.connect(STORE, "t-" + run())) {
      var closing =
          gateway.subscribe(
              "tailor/+/stores/+/terminals/+/a",
              false,
              1,
              m -> closedGot.add(new String(m.payload(), StandardCharsets.UTF_8)));
      gateway.subscribe(
          "tailor/+/stores/+/terminals/+/b",
          false,
          1,
          m -> openGot.add(new String(m.payload(), StandardCharsets.UTF_8)));
      terminal.publish(terminal.topic("a"), 1, "before", null, null);
      await(() -> closedGot.size() == 1, "the first message handled");

      closing.close();
      terminal.publish(terminal.topic("a"), 1, "after", null, null);
      terminal.publish(terminal.topic("b"), 1, "marker", null, null);
      await(() -> openGot.contains("marker"), "the open subscription's message handled");

      assertThat(closedGot).containsExactly("before");
    }
  }

  @Test
  void aTerminalCannotReachTheHandlersThroughAnotherStoresTopics() throws Exception {
    List<String> got = new CopyOnWriteArrayList<>();
    // One worker: a forged request, had it been handed over, would be handled before the next.
    try (EmbeddedMqttGateway gateway = gateway(1);
        Terminal forger = Terminal.connect(STORE, "f-" + run());
        Terminal terminal = Terminal.connect(STORE, "t-" + run())) {
      gateway.subscribe(
          "tailor/+/stores/+/terminals/+/identify",
          true,
          0,
          m -> got.add(m.topic() + " " + new String(m.payload(), StandardCharsets.UTF_8)));
      String forged = "tailor/v1/stores/" + OTHER_STORE + "/terminals/victim/identify";
      // The broker refuses it after the interceptors ran, and disconnects the forger.
      int refused = forger.publish(forged, 1, "forged", null, null);
      await(() -> refused >= 0x80 || !forger.isConnected(), "the forged request refused");
      terminal.publish(terminal.topic("identify"), 1, "own", null, null);
      await(() -> !got.isEmpty(), "the terminal's own request handled");

      assertThat(got).containsExactly(terminal.topic("identify") + " own");
    }
  }

  @Test
  void subscribingRefusesBadFiltersAndQosAndAClosedGatewayRefusesToPublish() {
    EmbeddedMqttGateway gateway = gateway(1);
    assertThatThrownBy(() -> gateway.subscribe("a/#/b", false, 0, m -> {}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> gateway.subscribe("a/b", false, 3, m -> {}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> gateway.publish(MqttOutgoing.of("a/+", new byte[0], 0, false)))
        .isInstanceOf(IllegalArgumentException.class);
    gateway.close();
    assertThat(gateway.isConnected()).isFalse();
    assertThatThrownBy(() -> gateway.publish(MqttOutgoing.of("a/b", new byte[0], 0, false)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theEmbeddedGatewaySettingIsInProcessByDefaultOrPahoAndRefusesAnythingElse() {
    assertThat(MqttSettings.embeddedGateway(TailorSettings.of(Map.of())))
        .isEqualTo(MqttSettings.EmbeddedGateway.IN_PROCESS);
    assertThat(
            MqttSettings.embeddedGateway(
                TailorSettings.of(Map.of("tailor.mqtt.embedded.gateway", "paho"))))
        .isEqualTo(MqttSettings.EmbeddedGateway.PAHO);
    assertThatThrownBy(
            () ->
                MqttSettings.embeddedGateway(
                    TailorSettings.of(Map.of("tailor.mqtt.embedded.gateway", "loopback"))))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("tailor.mqtt.embedded.gateway")
        .hasMessageContaining("\"loopback\"")
        .hasMessageContaining("in-process, paho");
  }

  @Test
  void aTerminalsLastWillReachesTheHandlersWhenItDropsButNotWhenItSaysGoodbye() throws Exception {
    BlockingQueue<String> statuses = new LinkedBlockingQueue<>();
    try (EmbeddedMqttGateway gateway = gateway(2)) {
      gateway.subscribe(
          "tailor/+/stores/+/terminals/+/status",
          true,
          1,
          status ->
              statuses.add(
                  status.topic() + " " + new String(status.payload(), StandardCharsets.UTF_8)));
      Terminal leaving = Terminal.connect(STORE, "bye-" + run(), "offline");
      Terminal dropping = Terminal.connect(STORE, "drop-" + run(), "offline");

      leaving.close(); // a normal DISCONNECT: no will
      dropping.drop();

      assertThat(statuses.poll(WAIT_SECONDS, TimeUnit.SECONDS))
          .isEqualTo(dropping.topic("status") + " offline");
      dropping.close();
      // the goodbye was handled before the drop; had it published a will, it would be here
      assertThat(statuses.poll(1, TimeUnit.SECONDS)).isNull();
    }
  }

  @Test
  void aNewSubscriptionGetsTheRetainedMessagesItsFilterMatchesAsRetainedAtItsQos()
      throws Exception {
    String kind = "state-" + run();
    BlockingQueue<MqttIncoming> got = new LinkedBlockingQueue<>();
    try (Terminal first = Terminal.connect(STORE, "r1-" + run());
        Terminal second = Terminal.connect(STORE, "r2-" + run());
        EmbeddedMqttGateway gateway = gateway(1)) {
      first.publishRetained(first.topic(kind), 1, "first-retained");
      second.publishRetained(second.topic(kind), 0, "second-retained");
      first.publishRetained(first.topic("other-" + kind), 1, "another-kind");
      // each is kept by the broker: a new subscriber (the terminal itself) is handed it
      first.awaitRetained(first.topic(kind));
      second.awaitRetained(second.topic(kind));
      first.awaitRetained(first.topic("other-" + kind));

      gateway.subscribe("tailor/+/stores/+/terminals/+/" + kind, false, 1, got::add);
      MqttIncoming one = got.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      MqttIncoming two = got.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      first.publish(first.topic(kind), 1, "live", null, null);
      MqttIncoming live = got.poll(WAIT_SECONDS, TimeUnit.SECONDS);

      assertThat(Arrays.asList(one, two))
          .extracting(
              m -> m.topic() + " " + new String(m.payload(), StandardCharsets.UTF_8),
              MqttIncoming::qos,
              MqttIncoming::retained)
          .containsExactlyInAnyOrder(
              tuple(first.topic(kind) + " first-retained", 1, true),
              tuple(second.topic(kind) + " second-retained", 0, true));
      assertThat(live.payload()).asString(StandardCharsets.UTF_8).isEqualTo("live");
      assertThat(live.retained()).as("a live message is not flagged retained").isFalse();
      assertThat(got).as("nothing else, the other kind's retained message least").isEmpty();
    }
  }

  @Test
  void aRetainedMessageReplacedWhileTheStoreIsReadIsNotHandedOverAfterTheNewOne() throws Exception {
    String kind = "replaced-" + run();
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // The broker's store was read; handing the batch to the subscription waits for release.
    Executor heldReader =
        batch ->
            new Thread(
                    () -> {
                      reading.countDown();
                      try {
                        release.await();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      batch.run();
                    })
                .start();
    // One worker: messages are handled in the order they were handed over.
    try (Terminal terminal = Terminal.connect(STORE, "rr-" + run());
        EmbeddedMqttGateway gateway = EmbeddedMqttGateway.attach(broker, settings(1), heldReader)) {
      String topic = terminal.topic(kind);
      terminal.publishRetained(topic, 1, "old");
      terminal.awaitRetained(topic);

      CompletableFuture<Void> subscribed =
          CompletableFuture.runAsync(
              () ->
                  gateway.subscribe(
                      "tailor/+/stores/+/terminals/+/" + kind,
                      false,
                      1,
                      m ->
                          got.add(
                              new String(m.payload(), StandardCharsets.UTF_8)
                                  + (m.retained() ? " (retained)" : ""))));
      assertThat(reading.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("store read").isTrue();
      terminal.publishRetained(topic, 1, "new");
      assertThat(got.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("new");
      release.countDown();
      subscribed.get(WAIT_SECONDS, TimeUnit.SECONDS);
      terminal.publish(topic, 1, "marker", null, null);

      assertThat(got.poll(WAIT_SECONDS, TimeUnit.SECONDS))
          .as("the old one left out, not handed over after the new one")
          .isEqualTo("marker");
    } finally {
      release.countDown();
    }
  }

  @Test
  void aSharedSubscriptionGetsNoRetainedMessages() throws Exception {
    String kind = "shared-state-" + run();
    List<String> shared = new CopyOnWriteArrayList<>();
    BlockingQueue<String> plain = new LinkedBlockingQueue<>();
    // One worker: whatever the shared subscription was handed was handled before the plain one's.
    try (Terminal terminal = Terminal.connect(STORE, "rs-" + run());
        EmbeddedMqttGateway gateway = gateway(1)) {
      terminal.publishRetained(terminal.topic(kind), 1, "retained");
      terminal.awaitRetained(terminal.topic(kind));

      String filter = "tailor/+/stores/+/terminals/+/" + kind;
      gateway.subscribe(
          filter, true, 1, m -> shared.add(new String(m.payload(), StandardCharsets.UTF_8)));
      gateway.subscribe(
          filter, false, 1, m -> plain.add(new String(m.payload(), StandardCharsets.UTF_8)));

      assertThat(plain.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("retained");
      assertThat(shared).as("MQTT 5, 4.8.2: no retained messages for a shared one").isEmpty();
    }
  }

  /** A terminal: a Paho MQTT 5 client logged in with its code and secret. */
  private static final class Terminal implements AutoCloseable {

    record Received(String topic, String payload, String correlation) {}

    private final String store;
    private final String name;
    private final MqttAsyncClient client;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    private Terminal(String store, String name, MqttAsyncClient client) {
      this.store = store;
      this.name = name;
      this.client = client;
    }

    static Terminal connect(String store, String name) throws MqttException {
      return connect(store, name, null);
    }

    /** Connects with a last will on its {@code status} topic when {@code will} is not null. */
    static Terminal connect(String store, String name, String will) throws MqttException {
      MqttAsyncClient client =
          new MqttAsyncClient(settings.url(), name + "-" + run(), new MemoryPersistence());
      Terminal terminal = new Terminal(store, name, client);
      client.setCallback(
          new ArrivalsOnly() {

            @Override
            public void messageArrived(String topic, MqttMessage message) {
              MqttProperties properties = message.getProperties();
              byte[] correlation = properties == null ? null : properties.getCorrelationData();
              terminal.received.add(
                  new Received(
                      topic,
                      new String(message.getPayload(), StandardCharsets.UTF_8),
                      correlation == null
                          ? null
                          : new String(correlation, StandardCharsets.UTF_8)));
            }
          });
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setCleanStart(true);
      options.setUserName(store + ":" + name);
      options.setPassword(("secret-" + name).getBytes(StandardCharsets.UTF_8));
      if (will != null) {
        options.setWill(
            terminal.topic("status"),
            new MqttMessage(will.getBytes(StandardCharsets.UTF_8), 1, true, null));
      }
      client.connect(options).waitForCompletion(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      return terminal;
    }

    String topic(String kind) {
      return "tailor/v1/stores/" + store + "/terminals/" + store + ":" + name + "/" + kind;
    }

    void subscribe(String filter) throws MqttException {
      IMqttToken token = client.subscribe(new MqttSubscription(filter, 1));
      token.waitForCompletion(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      assertThat(token.getReasonCodes()[0]).as("subscribed to " + filter).isLessThan(0x80);
    }

    /**
     * Publishes and waits until the client has sent it (QoS 0) or it was acknowledged; returns the
     * broker's reason code for a refused QoS 1 message, else 0.
     */
    int publish(String topic, int qos, String payload, String responseTopic, String correlation)
        throws MqttException {
      IMqttToken token = client.publish(topic, message(qos, payload, responseTopic, correlation));
      try {
        token.waitForCompletion(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        int[] codes = token.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
      } catch (MqttException e) {
        return e.getReasonCode();
      }
    }

    /** Publishes a retained message and waits until the broker took it (or it was sent). */
    void publishRetained(String topic, int qos, String payload) throws MqttException {
      client
          .publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, true)
          .waitForCompletion(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    }

    /** Subscribes to a topic and waits for the retained message the broker keeps there. */
    void awaitRetained(String topic) throws Exception {
      subscribe(topic);
      assertThat(next().topic()).isEqualTo(topic);
    }

    IMqttToken publishAsync(String topic, int qos, String payload, MqttActionListener listener)
        throws MqttException {
      return client.publish(topic, message(qos, payload, null, null), null, listener);
    }

    private static MqttMessage message(
        int qos, String payload, String responseTopic, String correlation) {
      MqttMessage message =
          new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), qos, false, null);
      MqttProperties properties = new MqttProperties();
      if (responseTopic != null) {
        properties.setResponseTopic(responseTopic);
      }
      if (correlation != null) {
        properties.setCorrelationData(correlation.getBytes(StandardCharsets.UTF_8));
      }
      message.setProperties(properties);
      return message;
    }

    boolean isConnected() {
      return client.isConnected();
    }

    /** Drops the connection without a DISCONNECT, as a kiosk losing power does. */
    void drop() throws MqttException {
      client.disconnectForcibly(0, 0, false);
    }

    Received next() throws InterruptedException {
      Received message = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(message)
          .as(name + " received a message within " + WAIT_SECONDS + " s")
          .isNotNull();
      return message;
    }

    @Override
    public void close() throws MqttException {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      }
      client.close(true);
    }
  }
}
