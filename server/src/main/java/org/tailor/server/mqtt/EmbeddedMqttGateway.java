package org.tailor.server.mqtt;

import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.builder.PublishBuilder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.plugin.host.MqttHandler;
import org.tailor.plugin.host.MqttIncoming;
import org.tailor.plugin.host.MqttOutgoing;
import org.tailor.plugin.host.MqttSubscription;
import org.tailor.server.i18n.Message;
import org.tailor.server.mqtt.MqttDispatch.Route;

/**
 * The host's {@link org.tailor.plugin.host.MqttGateway} inside the embedded broker (HiveMQ CE, in
 * the server's own process): no MQTT client, no loopback TCP, no packets encoded and decoded again.
 * A terminal's publish is taken from the broker by a publish inbound interceptor and handed to the
 * handlers; the server's messages are published through HiveMQ's extension publish service. Over
 * TCP through {@link PahoMqttGateway} every identify crossed the broker four times and was decoded
 * and encoded by both broker and client; here it crosses it twice.
 *
 * <p><b>Receiving.</b> {@link EmbeddedMqttBroker} calls {@link #interceptor()} for every publish of
 * a terminal that its permissions allow (the interceptor runs before HiveMQ's authorisation, so the
 * broker checks the terminal's subtree first: a terminal cannot reach the server's handlers through
 * another store's topics). A publish whose topic matches subscriptions is copied into an {@link
 * MqttIncoming} and run by the same {@link MqttDispatch} the Paho gateway uses: {@link
 * MqttSettings#workers()} threads; QoS 0 messages beyond {@value MqttDispatch#QUEUE} waiting are
 * shed and answered busy where the subscriber can ({@link MqttHandler#onShed}). A QoS 1 or 2
 * publish holds the interceptor (asynchronously, no thread waits) until its handlers returned, so
 * the terminal's PUBACK follows the handler: a message whose handler was cut short by a crash is
 * sent again by the terminal. Its wait is bounded by each terminal's own window (the broker's
 * receive maximum), not by this gateway.
 *
 * <p><b>Shared subscriptions.</b> The embedded broker serves one server, so a shared subscription
 * ({@code shared = true}) gets every message of its filter once, as the only member of its group
 * would; its {@link MqttSubscription#filter()} still names the group, as the Paho gateway's does.
 *
 * <p><b>Routing.</b> The intercepted publish then goes on through the broker as usual, so other
 * subscribers (a monitoring client on {@code tailor/#}) still see the terminals' traffic and
 * retained messages are kept. It is handled once: this gateway is no subscriber at the broker, so
 * the broker delivers it to no handler of the server again. What a terminal does not publish itself
 * does not pass the interceptor: a last will (the agent's retained {@code offline} status) is
 * handed over by the broker when it publishes it ({@link #onTerminalWill}); the retained messages a
 * new subscription would get are not seen by the handlers, and neither are publishes of clients
 * logged in as the server's user.
 *
 * <p><b>Admission.</b> {@link IdentifyAdmission} gauges what HiveMQ itself queues; identifies
 * queued here are not in it, so the bound of {@value MqttDispatch#QUEUE} QoS 0 messages waiting
 * (and the busy replies beyond it) is what protects the server from an overload.
 */
public final class EmbeddedMqttGateway implements ServerMqttGateway {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMqttGateway.class);

  /**
   * How long a QoS 1/2 publish may wait for its handlers before the broker gives up on it and
   * answers the terminal with an error (the handler may still finish; the terminal sends again).
   */
  static final Duration HANDLER_TIMEOUT = Duration.ofMinutes(10);

  private final EmbeddedMqttBroker broker;
  private final MqttSettings settings;
  private final MqttDispatch dispatch;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final PublishInboundInterceptor interceptor = this::onTerminalPublish;

  private EmbeddedMqttGateway(EmbeddedMqttBroker broker, MqttSettings settings) {
    this.broker = broker;
    this.settings = settings;
    this.dispatch = new MqttDispatch(settings.workers(), "tailor-mqtt-", new BusyReplies());
  }

  /** Attaches a gateway to the running broker: from now on, terminals' publishes reach it. */
  public static EmbeddedMqttGateway attach(EmbeddedMqttBroker broker, MqttSettings settings) {
    Objects.requireNonNull(broker, "broker");
    EmbeddedMqttGateway gateway = new EmbeddedMqttGateway(broker, settings);
    broker.interceptTerminalPublishes(gateway.interceptor);
    broker.interceptTerminalWills(gateway::onTerminalWill);
    LOG.info("MQTT gateway in process with the embedded broker at {}", broker.address());
    return gateway;
  }

  @Override
  public MqttSubscription subscribe(
      String topicFilter, boolean shared, int qos, MqttHandler handler) {
    if (closed.get()) {
      throw new IllegalStateException("the MQTT gateway is closed");
    }
    // Nothing to unsubscribe at a broker: the routes are all there is.
    Route route =
        dispatch.subscribe(topicFilter, shared, qos, handler, settings.sharedGroup(), r -> {});
    LOG.info("subscribed to {} (in process)", route.subscribed);
    return route;
  }

  @Override
  public void publish(MqttOutgoing outgoing) {
    send(outgoing);
  }

  private CompletableFuture<Void> send(MqttOutgoing outgoing) {
    Objects.requireNonNull(outgoing, "outgoing");
    if (closed.get() || !broker.isRunning()) {
      throw new IllegalStateException(
          "cannot publish to " + outgoing.topic() + ": the MQTT gateway is closed");
    }
    MqttTopicValidator.validate(outgoing.topic(), false, true);
    PublishBuilder builder =
        Builders.publish()
            .topic(outgoing.topic())
            .payload(ByteBuffer.wrap(outgoing.payload()))
            .qos(Qos.valueOf(outgoing.qos()))
            .retain(outgoing.retained());
    outgoing.responseTopic().ifPresent(builder::responseTopic);
    outgoing.correlationData().map(ByteBuffer::wrap).ifPresent(builder::correlationData);
    CompletableFuture<Void> published = Services.publishService().publish(builder.build());
    published.whenComplete(
        (done, failure) -> {
          if (failure != null && !closed.get()) {
            LOG.warn("the embedded broker did not take a message to {}", outgoing.topic(), failure);
          }
        });
    return published;
  }

  /** True while the embedded broker runs and the gateway is open. */
  @Override
  public boolean isConnected() {
    return !closed.get() && broker.isRunning();
  }

  /**
   * The detail of the server's {@code mqtt} health check, such as "in process with the embedded
   * broker at 127.0.0.1:1884"; throws while the broker is stopped or the gateway closed.
   */
  @Override
  public String health(Locale language) {
    if (!isConnected()) {
      throw new IllegalStateException(
          Message.of("domain", "mqtt.health.in.process.down", broker.address()).in(language));
    }
    return Message.of("domain", "mqtt.health.in.process", broker.address()).in(language);
  }

  /**
   * On one of HiveMQ's extension threads, for a terminal's publish its permissions allow: hands it
   * to the handlers of the subscriptions it matches. Never waits.
   */
  private void onTerminalPublish(PublishInboundInput input, PublishInboundOutput output) {
    if (closed.get()) {
      return;
    }
    PublishPacket packet = input.getPublishPacket();
    String topic = packet.getTopic();
    List<Route> matching = dispatch.matching(topic, route -> true);
    if (matching.isEmpty()) {
      return;
    }
    int qos = deliveredQos(packet.getQos().getQosNumber(), matching);
    // A QoS 1/2 publish is acknowledged when its handlers have returned. When closing, it is left
    // unacknowledged: the broker stops next, the terminal's session keeps the message and sends it
    // again, as with a client that went away holding it.
    Runnable done =
        qos == 0
            ? () -> {}
            : output.async(
                    HANDLER_TIMEOUT,
                    TimeoutFallback.FAILURE,
                    AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR,
                    "the server did not finish handling the message in time")
                ::resume;
    dispatch.deliver(topic, matching, qos, () -> incoming(packet, qos), done);
  }

  /**
   * A terminal's last will, as the broker publishes it (a will passes no publish interceptor):
   * handed to the handlers of the subscriptions it matches, as a publish is. No terminal waits for
   * an acknowledgement of it.
   */
  void onTerminalWill(EmbeddedMqttBroker.TerminalWill will) {
    if (closed.get()) {
      return;
    }
    List<Route> matching = dispatch.matching(will.topic(), route -> true);
    if (matching.isEmpty()) {
      return;
    }
    int qos = deliveredQos(will.qos(), matching);
    dispatch.deliver(
        will.topic(),
        matching,
        qos,
        () ->
            new MqttIncoming(
                will.topic(),
                will.payload(),
                qos,
                false,
                will.responseTopic(),
                will.correlationData()),
        () -> {});
  }

  /**
   * The QoS a message published at {@code published} is handled at, as a broker delivers it to a
   * subscriber: the lower of that and the highest of the matching subscriptions'.
   */
  private static int deliveredQos(int published, List<Route> matching) {
    int subscribed = 0;
    for (Route route : matching) {
      subscribed = Math.max(subscribed, route.qos);
    }
    return Math.min(published, subscribed);
  }

  private static MqttIncoming incoming(PublishPacket packet, int qos) {
    return new MqttIncoming(
        packet.getTopic(),
        packet.getPayload().map(EmbeddedMqttGateway::bytes).orElseGet(() -> new byte[0]),
        qos,
        false, // a live message, as a broker delivers it to a subscriber already there
        packet.getResponseTopic(),
        packet.getCorrelationData().map(EmbeddedMqttGateway::bytes));
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.asReadOnlyBuffer();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }

  /** Publishes busy replies through the broker, counted when the broker has taken them. */
  private final class BusyReplies implements MqttDispatch.BusyReplySender {
    @Override
    public boolean canSend(String topic) {
      return isConnected();
    }

    @Override
    public void send(MqttOutgoing reply, Consumer<Boolean> outcome) {
      EmbeddedMqttGateway.this
          .send(reply)
          .whenComplete((done, failure) -> outcome.accept(failure == null));
    }
  }

  @Override
  public long shedCount() {
    return dispatch.shedCount();
  }

  @Override
  public long shedAnsweredCount() {
    return dispatch.shedAnsweredCount();
  }

  @Override
  public long shedDroppedCount() {
    return dispatch.shedDroppedCount();
  }

  @Override
  public long shedUnansweredCount() {
    return dispatch.shedUnansweredCount();
  }

  @Override
  public int messagesWaiting() {
    return dispatch.messagesWaiting();
  }

  /** Shed messages waiting for the busy-reply thread now. */
  int busyRepliesWaiting() {
    return dispatch.busyRepliesWaiting();
  }

  /**
   * Detaches from the broker (terminals' publishes go on unhandled), lets the handlers already
   * queued finish (their QoS 1/2 publishes are then acknowledged) and stops.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    broker.interceptTerminalPublishes(null);
    broker.interceptTerminalWills(null);
    dispatch.closing();
    dispatch.awaitWorkers();
  }
}
