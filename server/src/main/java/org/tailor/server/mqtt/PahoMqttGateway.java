package org.tailor.server.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.DisconnectedBufferOptions;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.plugin.host.MqttGateway;
import org.tailor.plugin.host.MqttHandler;
import org.tailor.plugin.host.MqttIncoming;
import org.tailor.plugin.host.MqttOutgoing;
import org.tailor.plugin.host.MqttSubscription;
import org.tailor.server.i18n.Message;

/**
 * The host's {@link MqttGateway}: {@link MqttSettings#connections()} Eclipse Paho MQTT 5 clients
 * connected as the privileged server user, each reconnecting by itself and subscribing again after
 * every reconnect (clean start, so the broker keeps no session for a server that is gone). Shared
 * subscriptions use the group {@link MqttSettings#sharedGroup()}, so the servers of a chain split
 * the terminals' messages.
 *
 * <p>Several connections, because a broker hands one connection only so much at a time: HiveMQ CE
 * (the embedded broker) gives a member of a shared subscription a batch of at most 50 queued
 * messages and the next batch only when every one of them is acknowledged, so with one connection
 * the handlers sat idle while the slowest request of each batch finished. Every connection joins
 * the shared subscriptions, so the broker spreads the terminals' messages over them; a subscription
 * that is not shared is made on the first connection only, so its messages arrive once. A message
 * is published on the connection its topic hashes to, so messages to one topic keep their order.
 *
 * <p>Messages are handed to a pool of {@link MqttSettings#workers()} threads; acknowledgements are
 * manual, sent on the connection the message came by when the handlers of a message returned, so a
 * QoS 1 message the server did not finish is delivered again. QoS 1/2 messages are bounded by the
 * receive maximum the connections give the broker (together {@value #QUEUE}); QoS 0 messages beyond
 * {@value #QUEUE} waiting for a handler are shed and counted. While a connection is down, what is
 * published on it waits in its share of an outage buffer of {@value #OUTAGE_BUFFER} messages.
 *
 * <p>A shed message whose subscriber answers shed messages ({@link MqttHandler#onShed}, such as the
 * kiosk channel's "busy" reply to an identify) is answered at once, and boundedly, because shedding
 * means the server is already overloaded: one thread asks the handler for the reply and hands it to
 * the client, with at most {@value #BUSY_REPLIES_IN_FLIGHT} busy replies in the client not yet
 * written, and at most {@value #BUSY_REPLY_QUEUE} shed messages wait for that thread; beyond that
 * they are dropped unanswered and counted ({@link #shedDroppedCount()}), and the terminal's agent
 * falls back to its own timeout.
 */
public final class PahoMqttGateway implements MqttGateway, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PahoMqttGateway.class);
  private static final long TIMEOUT_MS = 10_000;
  private static final int QUEUE = 1_000;
  private static final int OUTAGE_BUFFER = 10_000;
  private static final long IN_FLIGHT_WAIT_MS = 5_000;
  static final int BUSY_REPLY_QUEUE = 100;
  static final int BUSY_REPLIES_IN_FLIGHT = 100;

  private final MqttSettings settings;
  private final List<Connection> connections;
  private final List<Route> routes = new CopyOnWriteArrayList<>();
  private final ThreadPoolExecutor workers;
  private final ScheduledExecutorService connector;
  private final ThreadPoolExecutor busyReplies;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong shed = new AtomicLong();
  private final AtomicLong shedAnswered = new AtomicLong();
  private final AtomicLong shedUnanswered = new AtomicLong();
  private final AtomicLong shedDropped = new AtomicLong();
  private final Semaphore busyRepliesInFlight = new Semaphore(BUSY_REPLIES_IN_FLIGHT);

  /** One subscription: the filter as sent to the broker, the filter messages are matched with. */
  private final class Route implements MqttSubscription {
    private final String subscribed;
    private final String matching;
    private final boolean shared;
    private final int qos;
    private final MqttHandler handler;
    private final boolean answersShed;
    private final boolean matchedHere;
    private final AtomicBoolean open = new AtomicBoolean(true);

    Route(String subscribed, String matching, boolean shared, int qos, MqttHandler handler) {
      this.subscribed = subscribed;
      this.matching = matching;
      this.shared = shared;
      this.qos = qos;
      this.handler = handler;
      this.answersShed = answersShed(handler);
      this.matchedHere = TopicFilters.handles(matching);
    }

    boolean matches(String topic) {
      return matchedHere
          ? TopicFilters.matches(matching, topic)
          : MqttTopicValidator.isMatched(matching, topic);
    }

    @Override
    public String filter() {
      return subscribed;
    }

    boolean isOpen() {
      return open.get();
    }

    @Override
    public void close() {
      if (open.compareAndSet(true, false)) {
        routes.remove(this);
        boolean stillWanted = routes.stream().anyMatch(r -> r.subscribed.equals(subscribed));
        if (!stillWanted) {
          for (Connection connection : connections) {
            if (connection.carries(this)) {
              connection.unsubscribe(subscribed);
            }
          }
        }
      }
    }
  }

  private PahoMqttGateway(MqttSettings settings) throws MqttException {
    this.settings = settings;
    AtomicInteger threads = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            settings.workers(),
            settings.workers(),
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> daemon(task, "tailor-mqtt-" + threads.incrementAndGet()),
            new ThreadPoolExecutor.AbortPolicy());
    this.connector =
        Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "tailor-mqtt-connector"));
    this.busyReplies =
        new ThreadPoolExecutor(
            1,
            1,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(BUSY_REPLY_QUEUE),
            task -> daemon(task, "tailor-mqtt-busy-replies"),
            new ThreadPoolExecutor.AbortPolicy());
    MqttConnectionOptions options = connectionOptions(settings);
    List<Connection> made = new ArrayList<>();
    try {
      for (int i = 0; i < settings.connections(); i++) {
        made.add(new Connection(i, options));
      }
    } catch (MqttException | RuntimeException e) {
      connector.shutdownNow();
      busyReplies.shutdownNow();
      workers.shutdownNow();
      for (Connection connection : made) {
        connection.closeClient();
      }
      throw e;
    }
    this.connections = List.copyOf(made);
  }

  /**
   * Creates the gateway and connects. When the broker cannot be reached now, the gateway keeps
   * trying in the background (every few seconds) and the server starts anyway; {@link
   * #isConnected()} tells. A refused login is reported the same way, since an operator may fix the
   * broker's password file while the server runs.
   */
  public static PahoMqttGateway connect(MqttSettings settings) {
    PahoMqttGateway gateway;
    try {
      gateway = new PahoMqttGateway(settings);
    } catch (MqttException | IllegalArgumentException e) {
      throw new BrokerException(
          "cannot create the MQTT client for " + settings.url() + ": " + e.getMessage(), e);
    }
    gateway.connections.forEach(connection -> connection.connectOrRetry(0));
    return gateway;
  }

  @Override
  public MqttSubscription subscribe(
      String topicFilter, boolean shared, int qos, MqttHandler handler) {
    Objects.requireNonNull(topicFilter, "topicFilter");
    Objects.requireNonNull(handler, "handler");
    if (qos < 0 || qos > 2) {
      throw new IllegalArgumentException("qos must be 0, 1 or 2, was " + qos);
    }
    if (topicFilter.startsWith("$share/")) {
      throw new IllegalArgumentException(
          "give the plain filter and shared = true, not " + topicFilter);
    }
    MqttTopicValidator.validate(topicFilter, true, true);
    String subscribed =
        shared ? "$share/" + settings.sharedGroup() + "/" + topicFilter : topicFilter;
    Route route = new Route(subscribed, topicFilter, shared, qos, handler);
    routes.add(route);
    for (Connection connection : connections) {
      if (connection.carries(route) && connection.client.isConnected()) {
        connection.subscribeAtBroker(route);
      } // else: subscribed on connect
    }
    LOG.info("subscribed to {}", subscribed);
    return route;
  }

  @Override
  public void publish(MqttOutgoing outgoing) {
    send(outgoing, null);
  }

  /**
   * Hands a message to the client of the connection its topic hashes to, waiting up to {@value
   * #IN_FLIGHT_WAIT_MS} ms for room in the broker's window; returns the client's token. The
   * listener, if any, is told on the client's callback thread when the message is out.
   */
  private IMqttToken send(MqttOutgoing outgoing, MqttActionListener listener) {
    Objects.requireNonNull(outgoing, "outgoing");
    // The topic is validated by the client's publish (an IllegalArgumentException, as before).
    MqttMessage message =
        new MqttMessage(outgoing.payload(), outgoing.qos(), outgoing.retained(), null);
    if (outgoing.responseTopic().isPresent() || outgoing.correlationData().isPresent()) {
      MqttProperties properties = new MqttProperties();
      outgoing.responseTopic().ifPresent(properties::setResponseTopic);
      outgoing.correlationData().ifPresent(properties::setCorrelationData);
      message.setProperties(properties);
    }
    MqttAsyncClient client = connectionFor(outgoing.topic()).client;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(IN_FLIGHT_WAIT_MS);
    long pause = 1;
    while (true) {
      try {
        return client.publish(outgoing.topic(), message, null, listener);
      } catch (MqttException e) {
        // The broker's receive maximum (its window of QoS 1/2 messages not yet acknowledged) is
        // full: wait for acknowledgements rather than drop a terminal's reply.
        boolean windowFull = e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT;
        if (!windowFull || System.nanoTime() > deadline || closed.get()) {
          throw new IllegalStateException(
              "cannot publish to "
                  + outgoing.topic()
                  + ": "
                  + e.getMessage()
                  + (windowFull
                      ? " (the broker's window of unacknowledged messages stayed full for "
                          + IN_FLIGHT_WAIT_MS
                          + " ms)"
                      : ""),
              e);
        }
        try {
          Thread.sleep(pause);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(
              "interrupted while waiting to publish to " + outgoing.topic(), interrupted);
        }
        pause = Math.min(20, pause * 2);
      }
    }
  }

  /**
   * The connection a topic's messages are published on: always the same one, so they keep order.
   */
  private Connection connectionFor(String topic) {
    return connections.get(Math.floorMod(topic.hashCode(), connections.size()));
  }

  /**
   * Whether every connection is up. While one is down, the messages the broker would have given it
   * go to the others (shared subscriptions) or wait (the first connection's other subscriptions),
   * and replies published on it wait in its outage buffer.
   */
  @Override
  public boolean isConnected() {
    return connections.stream().allMatch(c -> c.client.isConnected());
  }

  /**
   * The MQTT client ids of the connections that are down now, in connection order; empty while
   * {@link #isConnected()}.
   */
  public List<String> disconnectedClientIds() {
    List<String> down = new ArrayList<>();
    for (Connection connection : connections) {
      if (!connection.client.isConnected()) {
        down.add(connection.client.getClientId());
      }
    }
    return down;
  }

  /**
   * The detail of the server's {@code mqtt} health check in {@code language}, such as "connected to
   * tcp://127.0.0.1:1883 (4 connections)"; throws, naming the client ids of the connections that
   * are down (a broker's log and ACLs know a connection by its client id), while any is.
   */
  public String health(Locale language) {
    List<String> down = disconnectedClientIds();
    if (!down.isEmpty()) {
      throw new IllegalStateException(
          Message.of(
                  "domain",
                  "mqtt.health.down",
                  down.size(),
                  connections.size(),
                  settings.url(),
                  String.join(", ", down))
              .in(language));
    }
    return Message.of("domain", "mqtt.health", settings.url(), connections.size()).in(language);
  }

  /** QoS 0 messages shed because every handler was busy and the queue full. */
  public long shedCount() {
    return shed.get();
  }

  /**
   * Shed messages answered at once with their subscriber's reply ({@link MqttHandler#onShed}),
   * counted when the client has written the reply (QoS 0) or the broker acknowledged it (QoS 1).
   */
  public long shedAnsweredCount() {
    return shedAnswered.get();
  }

  /**
   * Shed messages dropped without asking their subscriber for a reply, because {@value
   * #BUSY_REPLY_QUEUE} shed messages were already waiting for one.
   */
  public long shedDroppedCount() {
    return shedDropped.get();
  }

  /**
   * Shed messages left unanswered otherwise: no subscriber answers shed messages, it gave no reply
   * or failed, or the reply could not be published (the connection down, the broker's window full).
   */
  public long shedUnansweredCount() {
    return shedUnanswered.get();
  }

  /**
   * Messages waiting for a handler now; QoS 0 messages are shed while {@value #QUEUE} or more wait.
   */
  int messagesWaiting() {
    return workers.getQueue().size();
  }

  /** Shed messages waiting for the busy-reply thread now; at most {@value #BUSY_REPLY_QUEUE}. */
  int busyRepliesWaiting() {
    return busyReplies.getQueue().size();
  }

  /**
   * The MQTT client id of the first connection, such as {@code tailor-server-1a2b3c4d}; the others
   * add {@code -2}, {@code -3}...
   */
  public String clientId() {
    return settings.clientId();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    connector.shutdownNow();
    busyReplies.shutdownNow();
    for (Connection connection : connections) {
      connection.disconnect();
    }
    workers.shutdown();
    try {
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Connection connection : connections) {
      connection.closeClient();
    }
  }

  /** One of the gateway's MQTT clients, and its callbacks. */
  private final class Connection implements MqttCallback {
    private final int index;
    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;

    Connection(int index, MqttConnectionOptions options) throws MqttException {
      this.index = index;
      this.options = options;
      String clientId = index == 0 ? settings.clientId() : settings.clientId() + "-" + (index + 1);
      this.client = new MqttAsyncClient(settings.url(), clientId, new MemoryPersistence());
      DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
      buffer.setBufferEnabled(true);
      buffer.setBufferSize(Math.max(1, OUTAGE_BUFFER / settings.connections()));
      buffer.setPersistBuffer(false);
      buffer.setDeleteOldestMessages(false);
      client.setBufferOpts(buffer);
      client.setManualAcks(true);
      client.setCallback(this);
    }

    /** Shared subscriptions are made on every connection, the others on the first only. */
    boolean carries(Route route) {
      return route.shared || index == 0;
    }

    void connectOrRetry(long delaySeconds) {
      if (closed.get()) {
        return;
      }
      try {
        client.connect(options).waitForCompletion(TIMEOUT_MS);
        LOG.info(
            "connected to the MQTT broker at {} as {} ({})",
            settings.url(),
            settings.username(),
            client.getClientId());
      } catch (MqttException e) {
        long next = Math.min(30, Math.max(2, delaySeconds * 2));
        LOG.warn(
            "cannot connect to the MQTT broker at {} as {} ({}): {}; trying again in {} s",
            settings.url(),
            settings.username(),
            client.getClientId(),
            e.getMessage(),
            next);
        try {
          connector.schedule(() -> connectOrRetry(next), next, TimeUnit.SECONDS);
        } catch (RejectedExecutionException stopped) {
          // closed meanwhile
        }
      }
    }

    void subscribeAtBroker(Route route) {
      try {
        IMqttToken token =
            client.subscribe(
                new org.eclipse.paho.mqttv5.common.MqttSubscription(route.subscribed, route.qos));
        token.waitForCompletion(TIMEOUT_MS);
        int[] codes = token.getReasonCodes();
        if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
          LOG.error(
              "the MQTT broker refused the subscription {} of {}: reason code {}",
              route.subscribed,
              client.getClientId(),
              codes[0]);
        }
      } catch (MqttException e) {
        LOG.error(
            "could not subscribe {} to {}: {}",
            client.getClientId(),
            route.subscribed,
            e.toString());
      }
    }

    void unsubscribe(String filter) {
      if (!client.isConnected()) {
        return;
      }
      try {
        client.unsubscribe(filter).waitForCompletion(TIMEOUT_MS);
      } catch (MqttException e) {
        LOG.warn(
            "could not unsubscribe {} from {}: {}", client.getClientId(), filter, e.toString());
      }
    }

    void disconnect() {
      try {
        if (client.isConnected()) {
          client.disconnect(TIMEOUT_MS).waitForCompletion(TIMEOUT_MS);
        }
      } catch (MqttException e) {
        LOG.warn("MQTT disconnect of {}: {}", client.getClientId(), e.toString());
      }
    }

    void closeClient() {
      try {
        client.close(true);
      } catch (MqttException e) {
        LOG.warn("MQTT close of {}: {}", client.getClientId(), e.toString());
      }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      if (!closed.get()) {
        LOG.warn(
            "{} disconnected from the MQTT broker: {}; reconnecting",
            client.getClientId(),
            response);
      }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      LOG.error("MQTT error on {}", client.getClientId(), exception);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      List<Route> matching = matching(topic);
      if (matching.isEmpty()) {
        acknowledge(message);
        return;
      }
      // Paho's callback thread (this one) also completes our own publishes, so it must never run a
      // handler or wait: a handler's reply waits for a free slot of the broker's window, which
      // only this thread frees. The queue is therefore unbounded; QoS 1/2 messages are bounded by
      // the receive maximum we give the broker (it sends no more unacknowledged ones, and we
      // acknowledge each when its handler is done), QoS 0 ones beyond QUEUE waiting are shed.
      if (message.getQos() == 0 && workers.getQueue().size() >= QUEUE) {
        shed(topic, message, matching);
        return;
      }
      MqttIncoming incoming = incoming(topic, message);
      Runnable task =
          () -> {
            try {
              for (Route route : matching) {
                if (route.isOpen()) {
                  handle(route, incoming);
                }
              }
            } finally {
              acknowledge(message);
            }
          };
      try {
        workers.execute(task);
      } catch (RejectedExecutionException closing) {
        // closing: dropped unacknowledged, as any message in flight when a client goes
      }
    }

    /**
     * The open subscriptions of this connection whose filter the topic matches (usually one), with
     * no stream and no validation of the filters again per message.
     */
    private List<Route> matching(String topic) {
      Route first = null;
      List<Route> more = null;
      for (Route route : routes) {
        if (carries(route) && route.matches(topic)) {
          if (first == null) {
            first = route;
          } else {
            if (more == null) {
              more = new ArrayList<>(4);
              more.add(first);
            }
            more.add(route);
          }
        }
      }
      return more != null ? List.copyOf(more) : first != null ? List.of(first) : List.of();
    }

    /** Acknowledges on this connection: packet ids are the connection's own. */
    private void acknowledge(MqttMessage message) {
      if (message.getQos() == 0) {
        return;
      }
      try {
        client.messageArrivedComplete(message.getId(), message.getQos());
      } catch (MqttException e) {
        LOG.warn(
            "could not acknowledge MQTT message {} on {}: {}",
            message.getId(),
            client.getClientId(),
            e.toString());
      }
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
      // nothing to do: QoS 1 replies need no follow-up
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      if (reconnect) {
        LOG.info("{} reconnected to the MQTT broker at {}", client.getClientId(), serverUri);
      }
      // Clean start: the broker forgot our subscriptions, so make them again. Off the client's
      // thread, which must not wait for its own subscribe acknowledgements.
      connector.execute(
          () -> {
            for (Route route : routes) {
              if (carries(route)) {
                subscribeAtBroker(route);
              }
            }
          });
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
      // no enhanced authentication
    }
  }

  /**
   * Sheds a QoS 0 message no handler can take now. When a subscriber answers shed messages, the
   * message waits for the busy-reply thread if there is room, else it is dropped and counted; this
   * runs on Paho's callback thread, so it only counts and hands over.
   */
  private void shed(String topic, MqttMessage message, List<Route> matching) {
    long count = shed.incrementAndGet();
    if (Long.bitCount(count) == 1) {
      LOG.warn(
          "the MQTT handlers are behind: {} QoS 0 message(s) shed so far (latest on {}); {} answered"
              + " at once, {} dropped unanswered with the busy-reply queue full",
          count,
          topic,
          shedAnswered.get(),
          shedDropped.get());
    }
    List<Route> answering = matching.stream().filter(r -> r.answersShed).toList();
    if (answering.isEmpty()) {
      shedUnanswered.incrementAndGet();
      return;
    }
    MqttIncoming incoming = incoming(topic, message);
    try {
      busyReplies.execute(() -> answerShed(answering, incoming));
    } catch (RejectedExecutionException full) {
      if (!closed.get()) {
        shedDropped.incrementAndGet();
      }
    }
  }

  /**
   * On the busy-reply thread: asks each subscriber for its reply and publishes it. Counted answered
   * or unanswered when the client has written it (or failed to), on its callback thread.
   */
  private void answerShed(List<Route> routes, MqttIncoming incoming) {
    boolean sending = false;
    for (Route route : routes) {
      if (route.isOpen()) {
        sending |= busyReply(route, incoming).map(this::sendBusyReply).orElse(false);
      }
    }
    if (!sending) {
      shedUnanswered.incrementAndGet();
    }
  }

  private Optional<MqttOutgoing> busyReply(Route route, MqttIncoming incoming) {
    try {
      Optional<MqttOutgoing> reply = route.handler.onShed(incoming);
      return reply == null ? Optional.empty() : reply;
    } catch (RuntimeException | LinkageError e) {
      LOG.error(
          "the handler of {} failed to answer a shed message on {}; left unanswered",
          route.subscribed,
          incoming.topic(),
          e);
      return Optional.empty();
    }
  }

  /**
   * Hands a busy reply to the client, when fewer than {@value #BUSY_REPLIES_IN_FLIGHT} are in it
   * not yet written (QoS 0) or acknowledged (QoS 1), so that busy replies never pile up inside the
   * client; the busy-reply thread waits for room at most {@value #TIMEOUT_MS} ms. A reply that
   * cannot go now is not kept: after an outage, or long behind, "busy" is no use to anyone. Returns
   * whether the reply was handed over (it is then counted when written or failed).
   */
  private boolean sendBusyReply(MqttOutgoing reply) {
    if (!connectionFor(reply.topic()).client.isConnected()) {
      return false;
    }
    try {
      if (!busyRepliesInFlight.tryAcquire(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        logBusyReplyFailure(reply, "the client wrote none of the previous busy replies meanwhile");
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    try {
      send(reply, busyReplyOutcome);
      return true;
    } catch (RuntimeException e) {
      busyRepliesInFlight.release();
      logBusyReplyFailure(reply, e.toString());
      return false;
    }
  }

  /** Counts a busy reply the client has written, or failed to, and makes room for the next. */
  private final MqttActionListener busyReplyOutcome =
      new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          busyRepliesInFlight.release();
          shedAnswered.incrementAndGet();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable exception) {
          busyRepliesInFlight.release();
          shedUnanswered.incrementAndGet();
        }
      };

  private void logBusyReplyFailure(MqttOutgoing reply, String why) {
    long unanswered = shedUnanswered.get() + 1;
    if (Long.bitCount(unanswered) == 1) {
      LOG.warn(
          "a busy reply to {} could not be published ({} shed message(s) unanswered so far): {}",
          reply.topic(),
          unanswered,
          why);
    }
  }

  /**
   * Whether a handler answers shed messages: its class overrides {@link MqttHandler#onShed}. Asked
   * once per subscription, so that the shed messages of the others (a plugin built against an API
   * before 1.6, a lambda) are counted unanswered at once instead of queueing for the busy-reply
   * thread.
   */
  static boolean answersShed(MqttHandler handler) {
    try {
      return !handler.getClass().getMethod("onShed", MqttIncoming.class).isDefault();
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private void handle(Route route, MqttIncoming incoming) {
    try {
      route.handler.onMessage(incoming);
    } catch (RuntimeException | LinkageError e) {
      LOG.error(
          "the handler of {} failed on a message on {}; acknowledged anyway",
          route.subscribed,
          incoming.topic(),
          e);
    }
  }

  private static MqttIncoming incoming(String topic, MqttMessage message) {
    MqttProperties properties = message.getProperties();
    Optional<String> responseTopic =
        properties == null ? Optional.empty() : Optional.ofNullable(properties.getResponseTopic());
    Optional<byte[]> correlation =
        properties == null
            ? Optional.empty()
            : Optional.ofNullable(properties.getCorrelationData());
    return new MqttIncoming(
        topic,
        message.getPayload(),
        message.getQos(),
        message.isRetained(),
        responseTopic,
        correlation);
  }

  /**
   * How many unacknowledged QoS 1/2 messages the broker may send each of {@code connections}
   * connections: together at most {@value #QUEUE}, the most that wait for a handler.
   */
  static int receiveMaximum(int connections) {
    return Math.max(1, Math.min(65_535, QUEUE / connections));
  }

  private static MqttConnectionOptions connectionOptions(MqttSettings settings) {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setSessionExpiryInterval(0L);
    options.setAutomaticReconnect(true);
    options.setAutomaticReconnectDelay(1, 30);
    options.setKeepAliveInterval(30);
    options.setConnectionTimeout(10);
    // Flow control: the broker may have at most this many of a connection's QoS 1/2 messages
    // unacknowledged, and we acknowledge a message only when its handler is done, so at most QUEUE
    // wait for a handler over all connections; the broker keeps the rest queued (Mosquitto:
    // max_queued_messages) or sheds it.
    options.setReceiveMaximum(receiveMaximum(settings.connections()));
    options.setUserName(settings.username());
    settings.password().ifPresent(p -> options.setPassword(p.getBytes(StandardCharsets.UTF_8)));
    if (settings.url().startsWith("ssl://") && settings.trustStore().isPresent()) {
      options.setSocketFactory(
          sslContext(settings.trustStore().get(), settings.trustStorePassword())
              .getSocketFactory());
    } else if (settings.url().startsWith("tcp://")) {
      options.setSocketFactory(new NoDelaySockets());
    }
    return options;
  }

  /**
   * Plain sockets with Nagle's algorithm off (Paho leaves it on): a small reply written while the
   * previous one was unacknowledged waited for the broker's delayed acknowledgement, up to 40 ms.
   */
  private static final class NoDelaySockets extends javax.net.SocketFactory {
    @Override
    public java.net.Socket createSocket() throws IOException {
      return noDelay(new java.net.Socket());
    }

    @Override
    public java.net.Socket createSocket(String host, int port) throws IOException {
      return noDelay(new java.net.Socket(host, port));
    }

    @Override
    public java.net.Socket createSocket(
        String host, int port, java.net.InetAddress localHost, int localPort) throws IOException {
      return noDelay(new java.net.Socket(host, port, localHost, localPort));
    }

    @Override
    public java.net.Socket createSocket(java.net.InetAddress host, int port) throws IOException {
      return noDelay(new java.net.Socket(host, port));
    }

    @Override
    public java.net.Socket createSocket(
        java.net.InetAddress address, int port, java.net.InetAddress localAddress, int localPort)
        throws IOException {
      return noDelay(new java.net.Socket(address, port, localAddress, localPort));
    }

    private static java.net.Socket noDelay(java.net.Socket socket) throws IOException {
      socket.setTcpNoDelay(true);
      return socket;
    }
  }

  private static SSLContext sslContext(Path trustStore, Optional<String> password) {
    try {
      KeyStore store = KeyStore.getInstance(trustStore.toFile(), password.orElse("").toCharArray());
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new BrokerException(
          "setting tailor.mqtt.tls.truststore = \""
              + trustStore
              + "\": expected a readable PKCS12 or JKS trust store ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }
}
