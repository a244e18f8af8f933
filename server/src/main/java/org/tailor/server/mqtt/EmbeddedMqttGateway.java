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
import com.hivemq.extension.sdk.api.services.general.IterationCallback;
import com.hivemq.extension.sdk.api.services.publish.RetainedPublish;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * Like a shared subscription at a broker, it is handed no retained messages (MQTT 5, 4.8.2).
 *
 * <p><b>Routing.</b> The intercepted publish then goes on through the broker as usual, so other
 * subscribers (a monitoring client on {@code tailor/#}) still see the terminals' traffic and
 * retained messages are kept. It is handled once: this gateway is no subscriber at the broker, so
 * the broker delivers it to no handler of the server again. What a terminal does not publish itself
 * does not pass the interceptor: a last will (the agent's retained {@code offline} status) is
 * handed over by the broker when it publishes it ({@link #onTerminalWill}); publishes of clients
 * logged in as the server's user are not seen by the handlers.
 *
 * <p><b>Retained messages.</b> A new subscription that is not shared is handed the retained
 * messages its filter matches from the broker's store when it is made, flagged retained, as a
 * broker hands them to a new subscriber ({@link #handRetained}): the terminals' retained statuses
 * to a plugin that starts while they are connected, say. Whoever published them, the server's own
 * retained messages (a terminal's {@code config}) included, as at a broker. The embedded broker
 * keeps them in memory only, so after the server (and with it the broker) restarts there are none
 * until the terminals publish again.
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

  /** How long {@link #subscribe} waits for the broker's retained messages to be handed over. */
  static final Duration RETAINED_TIMEOUT = Duration.ofSeconds(10);

  private final EmbeddedMqttBroker broker;
  private final MqttSettings settings;
  private final MqttDispatch dispatch;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final PublishInboundInterceptor interceptor = this::onTerminalPublish;
  // subscriptions being handed the retained messages: the topics retained anew meanwhile
  private final Map<Route, Set<String>> retainedAnew = new ConcurrentHashMap<>();
  private final Executor retainedReader;

  private EmbeddedMqttGateway(
      EmbeddedMqttBroker broker, MqttSettings settings, Executor retainedReader) {
    this.broker = broker;
    this.settings = settings;
    this.retainedReader = retainedReader;
    this.dispatch = new MqttDispatch(settings.workers(), "tailor-mqtt-", new BusyReplies());
  }

  /** Attaches a gateway to the running broker: from now on, terminals' publishes reach it. */
  public static EmbeddedMqttGateway attach(EmbeddedMqttBroker broker, MqttSettings settings) {
    return attach(broker, settings, Services.extensionExecutorService());
  }

  /**
   * @param retainedReader where the broker's retained messages are handed to a new subscription
   *     ({@link #handRetained}), a batch at a time
   */
  static EmbeddedMqttGateway attach(
      EmbeddedMqttBroker broker, MqttSettings settings, Executor retainedReader) {
    Objects.requireNonNull(broker, "broker");
    EmbeddedMqttGateway gateway = new EmbeddedMqttGateway(broker, settings, retainedReader);
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
    if (!shared) {
      handRetained(route);
    }
    return route;
  }

  /**
   * Hands a new subscription the retained messages its filter matches, as a broker hands them to a
   * new subscriber (MQTT 5, 3.3.1.3): each with {@code retained = true}, at the lower of its QoS
   * and the subscription's, through the same {@link MqttDispatch#deliver} as a publish (a QoS 0 one
   * is shed while the workers are full). Only this subscription gets them, and only one that is not
   * shared, which gets none from a broker either (4.8.2). Returns once they are queued for the
   * workers, or after {@link #RETAINED_TIMEOUT}.
   *
   * <p>The broker's store is read while terminals go on publishing: a topic whose retained message
   * a terminal replaced since the subscription was made (a publish or a will with the retain flag,
   * already handed over live) is left out, so the handler does not get the older one after the
   * newer. The workers run messages in any order, so a handler still cannot rely on the order of
   * two messages on one topic.
   */
  private void handRetained(Route route) {
    if (!broker.isRunning()) {
      return;
    }
    Set<String> replaced = ConcurrentHashMap.newKeySet();
    AtomicBoolean over = new AtomicBoolean();
    retainedAnew.put(route, replaced);
    IterationCallback<RetainedPublish> hand =
        (iteration, retained) -> {
          if (over.get() || closed.get() || !route.isOpen()) {
            iteration.abortIteration();
            return;
          }
          String topic = retained.getTopic();
          if (route.matches(topic) && !replaced.contains(topic)) {
            int qos = Math.min(retained.getQos().getQosNumber(), route.qos);
            dispatch.deliver(topic, List.of(route), qos, () -> incoming(retained, qos), () -> {});
          }
        };
    try {
      Services.retainedMessageStore()
          .iterateAllRetainedMessages(hand, retainedReader)
          .get(RETAINED_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("interrupted while handing {} the retained messages", route.subscribed);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      if (!closed.get()) {
        LOG.warn(
            "the retained messages matching {} could not all be read from the embedded broker;"
                + " the subscription gets the new ones",
            route.subscribed,
            e instanceof ExecutionException ? e.getCause() : e);
      }
    } finally {
      over.set(true);
      retainedAnew.remove(route);
    }
  }

  /**
   * Notes, for the subscriptions being handed the retained messages ({@link #handRetained}), that
   * {@code topic}'s retained message is being replaced by one handed to them live.
   */
  private void retainedAnew(String topic, List<Route> matching) {
    for (Route route : matching) {
      Set<String> replaced = retainedAnew.get(route);
      if (replaced != null) {
        replaced.add(topic);
      }
    }
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
    if (packet.getRetain() && !retainedAnew.isEmpty()) {
      retainedAnew(topic, matching);
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
    if (will.retain() && !retainedAnew.isEmpty()) {
      retainedAnew(will.topic(), matching);
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

  /** A retained message handed to a new subscription: flagged retained, as a broker sends it. */
  private static MqttIncoming incoming(RetainedPublish retained, int qos) {
    return new MqttIncoming(
        retained.getTopic(),
        retained.getPayload().map(EmbeddedMqttGateway::bytes).orElseGet(() -> new byte[0]),
        qos,
        true,
        retained.getResponseTopic(),
        retained.getCorrelationData().map(EmbeddedMqttGateway::bytes));
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
