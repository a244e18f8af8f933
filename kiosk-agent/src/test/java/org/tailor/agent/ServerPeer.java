package org.tailor.agent;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.tailor.agent.broker.PayloadCodec;
import org.tailor.terminal.protocol.Ack;
import org.tailor.terminal.protocol.IdentifyRequest;
import org.tailor.terminal.protocol.OfferView;
import org.tailor.terminal.protocol.OffersReply;
import org.tailor.terminal.protocol.PresentationShown;
import org.tailor.terminal.protocol.ProtocolError;
import org.tailor.terminal.protocol.RedemptionMessage;
import org.tailor.terminal.protocol.ShopperGreeting;
import org.tailor.terminal.protocol.TerminalConfig;
import org.tailor.terminal.protocol.TerminalStatus;
import org.tailor.terminal.protocol.Topics;

/**
 * The server's side of the contract, played by a test-side Paho client on the real broker: answers
 * identify requests on their response topic with their correlation data, acknowledges redemptions
 * and presentations (deduplicating by message id as the server does) and publishes configuration.
 */
public final class ServerPeer implements AutoCloseable {

  private final String store;
  private final MqttClient client;
  private final ExecutorService replies = Executors.newSingleThreadExecutor();
  private volatile Function<IdentifyRequest, OffersReply> answer;
  private volatile boolean answering = true;
  private volatile String ackStatus = "accepted";

  /** Every identify request received. */
  public final List<IdentifyRequest> identifyRequests = new CopyOnWriteArrayList<>();

  /** Every redemption delivery received, duplicates included. */
  public final List<RedemptionMessage> redemptionDeliveries = new CopyOnWriteArrayList<>();

  /** Redemptions counted once per message id, as the server counts them. */
  public final Map<String, RedemptionMessage> redemptions = new ConcurrentHashMap<>();

  /** Presentations shown, once per message id. */
  public final Map<String, PresentationShown> shown = new ConcurrentHashMap<>();

  /** The latest status per terminal topic. */
  public final Map<String, TerminalStatus> statuses = new ConcurrentHashMap<>();

  /** Connects to Mosquitto and listens to every terminal of {@code store}. */
  public ServerPeer(String store, Function<IdentifyRequest, OffersReply> answer)
      throws MqttException {
    this(Mosquitto.URL, store, answer);
  }

  /** Connects to the broker at {@code url} and listens to every terminal of {@code store}. */
  public ServerPeer(String url, String store, Function<IdentifyRequest, OffersReply> answer)
      throws MqttException {
    this.store = store;
    this.answer = answer;
    this.client =
        new MqttClient(url, "tailor-test-server-" + UUID.randomUUID(), new MemoryPersistence());
    client.setCallback(new Callback());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    client.connect(options);
    String terminals = Topics.ROOT + "/" + Topics.VERSION + "/stores/" + store + "/terminals/+/";
    client.subscribe(
        new MqttSubscription[] {
          new MqttSubscription(terminals + Topics.IDENTIFY, 1),
          new MqttSubscription(terminals + Topics.REDEMPTIONS, 1),
          new MqttSubscription(terminals + Topics.SHOWN, 1),
          new MqttSubscription(terminals + Topics.STATUS, 1)
        });
  }

  /** Stops answering identify requests (the server is busy or gone). */
  public void stopAnswering() {
    answering = false;
  }

  /** Acknowledges the next redemptions and presentations with this status. */
  public void acknowledgeWith(String status) {
    this.ackStatus = status;
  }

  /** Publishes a retained configuration for a terminal. */
  public void configure(String terminal, TerminalConfig config) throws MqttException {
    client.publish(
        Topics.terminalTopic(store, terminal, Topics.CONFIG), PayloadCodec.encode(config), 1, true);
  }

  /** Clears the retained messages this test left on the broker. */
  public void clearRetained(String terminal) throws MqttException {
    for (String kind : List.of(Topics.CONFIG, Topics.STATUS)) {
      client.publish(Topics.terminalTopic(store, terminal, kind), new byte[0], 1, true);
    }
  }

  @Override
  public void close() throws MqttException {
    replies.shutdownNow();
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close();
  }

  private void handle(String topic, MqttMessage message) throws MqttException {
    String terminalPrefix = topic.substring(0, topic.lastIndexOf('/') + 1);
    String kind = topic.substring(topic.lastIndexOf('/') + 1);
    switch (kind) {
      case Topics.IDENTIFY -> {
        IdentifyRequest request = PayloadCodec.decode(message.getPayload(), IdentifyRequest.class);
        identifyRequests.add(request);
        if (!answering) {
          return;
        }
        MqttProperties properties = new MqttProperties();
        properties.setCorrelationData(message.getProperties().getCorrelationData());
        client.publish(
            message.getProperties().getResponseTopic(),
            new MqttMessage(PayloadCodec.encode(answer.apply(request)), 1, false, properties));
      }
      case Topics.REDEMPTIONS -> {
        RedemptionMessage redemption =
            PayloadCodec.decode(message.getPayload(), RedemptionMessage.class);
        redemptionDeliveries.add(redemption);
        boolean first = redemptions.putIfAbsent(redemption.messageId(), redemption) == null;
        ack(terminalPrefix, redemption.messageId(), first);
      }
      case Topics.SHOWN -> {
        PresentationShown presentation =
            PayloadCodec.decode(message.getPayload(), PresentationShown.class);
        boolean first = shown.putIfAbsent(presentation.messageId(), presentation) == null;
        ack(terminalPrefix, presentation.messageId(), first);
      }
      case Topics.STATUS -> {
        if (message.getPayload().length > 0) {
          statuses.put(topic, PayloadCodec.decode(message.getPayload(), TerminalStatus.class));
        }
      }
      default -> {}
    }
  }

  private void ack(String terminalPrefix, String messageId, boolean first) throws MqttException {
    String status = first ? ackStatus : "duplicate";
    Ack ack =
        new Ack(
            messageId,
            status,
            status.equals("rejected")
                ? new ProtocolError(
                    "invalid-field", "offerCode", "?", "a known offer", "unknown offer")
                : null);
    client.publish(terminalPrefix + Topics.ACKS, PayloadCodec.encode(ack), 1, false);
  }

  /**
   * The reply of a server that shed the request under overload: the error code {@code busy}, as the
   * kiosk channel sends it.
   */
  public static OffersReply busy(IdentifyRequest request) {
    return new OffersReply(
        request.messageId(),
        null,
        null,
        false,
        List.of(),
        null,
        new ProtocolError(
            ProtocolError.BUSY,
            null,
            null,
            null,
            "the server is busy and did not read the request; ask again in a moment"),
        Instant.now());
  }

  /** A canned reply: a known shopper with a first name and language, and two offers. */
  public static OffersReply reply(IdentifyRequest request, String firstName, String language) {
    return new OffersReply(
        request.messageId(),
        "P-" + request.messageId(),
        new ShopperGreeting(true, firstName, language, language.startsWith("fa")),
        false,
        List.of(
            new OfferView(
                "SPRING-10",
                1,
                "Spring bouquet",
                "Ten percent off flowers",
                new BigDecimal("10"),
                null,
                Instant.parse("2030-05-31T21:59:59Z")),
            new OfferView("TEA-2", 2, "Tea for two", null, null, new BigDecimal("2.5"), null)),
        "EUR",
        null,
        Instant.now());
  }

  private final class Callback implements MqttCallback {

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      byte[] payload = message.getPayload();
      MqttMessage copy = new MqttMessage(payload, message.getQos(), false, message.getProperties());
      replies.execute(
          () -> {
            try {
              handle(topic, copy);
            } catch (MqttException | RuntimeException e) {
              System.err.println(
                  "test server peer failed on "
                      + topic
                      + ": "
                      + e
                      + " payload "
                      + new String(payload, StandardCharsets.UTF_8));
            }
          });
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {}

    @Override
    public void mqttErrorOccurred(MqttException exception) {}

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
