package org.tailor.server.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.tailor.terminal.protocol.Topics;

/**
 * A terminal played by a raw Paho MQTT 5 client in a test: it sends hand-written JSON, so tests can
 * send what a broken agent would, and collects what arrives on the topics it subscribed.
 */
final class RawTerminal implements AutoCloseable {

  /** A message received. */
  record Received(String topic, String payload, Optional<byte[]> correlationData) {}

  private static final long WAIT_SECONDS = 30;

  final String store;
  final String terminal;
  private final MqttClient client;
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

  private RawTerminal(String store, String terminal, MqttClient client) {
    this.store = store;
    this.terminal = terminal;
    this.client = client;
  }

  /** Connects with a user name and password (either may be null) and subscribes to nothing. */
  static RawTerminal connect(
      String url, String store, String terminal, String username, String password)
      throws MqttException {
    MqttClient client =
        new MqttClient(url, terminal + "-" + UUID.randomUUID(), new MemoryPersistence());
    RawTerminal raw = new RawTerminal(store, terminal, client);
    client.setCallback(
        new ArrivalsOnly() {

          @Override
          public void messageArrived(String topic, MqttMessage message) {
            MqttProperties properties = message.getProperties();
            raw.received.add(
                new Received(
                    topic,
                    new String(message.getPayload(), StandardCharsets.UTF_8),
                    Optional.ofNullable(
                        properties == null ? null : properties.getCorrelationData())));
          }
        });
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    if (username != null) {
      options.setUserName(username);
    }
    if (password != null) {
      options.setPassword(password.getBytes(StandardCharsets.UTF_8));
    }
    options.setConnectionTimeout(10);
    client.connect(options);
    return raw;
  }

  /** Subscribes to its own offers and acks topics (in version v1). */
  RawTerminal listening() throws MqttException {
    return subscribedTo(topic(Topics.OFFERS), topic(Topics.ACKS));
  }

  /** Subscribes; returns the broker's reason codes through an exception if one was refused. */
  RawTerminal subscribedTo(String... filters) throws MqttException {
    for (String filter : filters) {
      IMqttToken token = client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)});
      int code = token.getReasonCodes()[0];
      if (code >= 0x80) {
        throw new SubscriptionRefused(filter, code);
      }
    }
    return this;
  }

  /** The broker refused a subscription. */
  static final class SubscriptionRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int reasonCode;

    SubscriptionRefused(String filter, int reasonCode) {
      super("subscription " + filter + " refused with reason code " + reasonCode);
      this.reasonCode = reasonCode;
    }
  }

  String topic(String kind) {
    return Topics.terminalTopic(store, terminal, kind);
  }

  /** Publishes with QoS 1, a response topic and correlation data; returns the broker's reason. */
  int publish(String topic, String json, String responseTopic, byte[] correlation)
      throws MqttException {
    return publish(topic, json.getBytes(StandardCharsets.UTF_8), responseTopic, correlation);
  }

  int publish(String topic, byte[] payload, String responseTopic, byte[] correlation)
      throws MqttException {
    MqttMessage message = new MqttMessage(payload, 1, false, null);
    MqttProperties properties = new MqttProperties();
    if (responseTopic != null) {
      properties.setResponseTopic(responseTopic);
    }
    if (correlation != null) {
      properties.setCorrelationData(correlation);
    }
    message.setProperties(properties);
    try {
      client.publish(topic, message);
      return 0;
    } catch (MqttException e) {
      return e.getReasonCode();
    }
  }

  /** The next message received, waiting at most 30 s; fails the test when none comes. */
  Received next() throws InterruptedException {
    Received message = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    if (message == null) {
      throw new AssertionError(terminal + " received nothing within " + WAIT_SECONDS + " s");
    }
    return message;
  }

  /** The next message on a topic, skipping others. */
  Received nextOn(String topic) throws InterruptedException {
    while (true) {
      Received message = next();
      if (message.topic().equals(topic)) {
        return message;
      }
    }
  }

  /** What has arrived and not been taken, without waiting. */
  Optional<Received> poll() {
    return Optional.ofNullable(received.poll());
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close(true);
  }
}
