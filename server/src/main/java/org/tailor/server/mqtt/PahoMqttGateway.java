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
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.plugin.host.MqttHandler;
import org.tailor.plugin.host.MqttIncoming;
import org.tailor.plugin.host.MqttOutgoing;
import org.tailor.plugin.host.MqttSubscription;
import org.tailor.server.i18n.Message;
import org.tailor.server.mqtt.MqttDispatch.Route;

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
 * kiosk channel's "busy" reply to an identify) is answered at once, and boundedly, as {@link
 * MqttDispatch} (which this gateway shares with {@link EmbeddedMqttGateway}) describes.
 */
public final class PahoMqttGateway implements ServerMqttGateway {

  private static final Logger LOG = LoggerFactory.getLogger(PahoMqttGateway.class);
  private static final long TIMEOUT_MS = 10_000;
  private static final int QUEUE = MqttDispatch.QUEUE;
  private static final int OUTAGE_BUFFER = 10_000;
  private static final long IN_FLIGHT_WAIT_MS = 5_000;
  static final int BUSY_REPLY_QUEUE = MqttDispatch.BUSY_REPLY_QUEUE;

  private final MqttSettings settings;
  private final List<Connection> connections;
  private final MqttDispatch dispatch;
  private final ScheduledExecutorService connector;
  private final AtomicBoolean closed = new AtomicBoolean();

  private PahoMqttGateway(MqttSettings settings) throws MqttException {
    this.settings = settings;
    this.dispatch = new MqttDispatch(settings.workers(), "tailor-mqtt-", new BusyReplies());
    this.connector =
        Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "tailor-mqtt-connector"));
    MqttConnectionOptions options = connectionOptions(settings);
    List<Connection> made = new ArrayList<>();
    try {
      for (int i = 0; i < settings.connections(); i++) {
        made.add(new Connection(i, options));
      }
    } catch (MqttException | RuntimeException e) {
      connector.shutdownNow();
      dispatch.abort();
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
    Route route =
        dispatch.subscribe(
            topicFilter, shared, qos, handler, settings.sharedGroup(), this::unsubscribeAtBroker);
    for (Connection connection : connections) {
      if (connection.carries(route) && connection.client.isConnected()) {
        connection.subscribeAtBroker(route);
      } // else: subscribed on connect
    }
    LOG.info("subscribed to {}", route.subscribed);
    return route;
  }

  /** The last subscription to a filter was closed: unsubscribe the connections that carried it. */
  private void unsubscribeAtBroker(Route route) {
    for (Connection connection : connections) {
      if (connection.carries(route)) {
        connection.unsubscribe(route.subscribed);
      }
    }
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
  @Override
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

  @Override
  public long shedCount() {
    return dispatch.shedCount();
  }

  /**
   * Shed messages answered at once with their subscriber's reply ({@link MqttHandler#onShed}),
   * counted when the client has written the reply (QoS 0) or the broker acknowledged it (QoS 1).
   */
  @Override
  public long shedAnsweredCount() {
    return dispatch.shedAnsweredCount();
  }

  /**
   * Shed messages dropped without asking their subscriber for a reply, because {@value
   * #BUSY_REPLY_QUEUE} shed messages were already waiting for one.
   */
  @Override
  public long shedDroppedCount() {
    return dispatch.shedDroppedCount();
  }

  /**
   * Shed messages left unanswered otherwise: no subscriber answers shed messages, it gave no reply
   * or failed, or the reply could not be published (the connection down, the broker's window full).
   */
  @Override
  public long shedUnansweredCount() {
    return dispatch.shedUnansweredCount();
  }

  /**
   * Messages waiting for a handler now; QoS 0 messages are shed while {@value #QUEUE} or more wait.
   */
  @Override
  public int messagesWaiting() {
    return dispatch.messagesWaiting();
  }

  /** Shed messages waiting for the busy-reply thread now; at most {@value #BUSY_REPLY_QUEUE}. */
  int busyRepliesWaiting() {
    return dispatch.busyRepliesWaiting();
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
    dispatch.closing();
    for (Connection connection : connections) {
      connection.disconnect();
    }
    dispatch.awaitWorkers();
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
      // When closing, the message is dropped unacknowledged, as any in flight when a client goes.
      dispatch.deliver(
          topic,
          matching,
          message.getQos(),
          () -> incoming(topic, message),
          () -> acknowledge(message));
    }

    /** The open subscriptions of this connection whose filter the topic matches. */
    private List<Route> matching(String topic) {
      return dispatch.matching(topic, this::carries);
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
            for (Route route : dispatch.routes()) {
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

  /** Publishes busy replies on the connection their topic hashes to, counted when written. */
  private final class BusyReplies implements MqttDispatch.BusyReplySender {
    @Override
    public boolean canSend(String topic) {
      return connectionFor(topic).client.isConnected();
    }

    @Override
    public void send(MqttOutgoing reply, Consumer<Boolean> outcome) {
      PahoMqttGateway.this.send(
          reply,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              outcome.accept(true);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
              outcome.accept(false);
            }
          });
    }
  }

  /** Whether a handler answers shed messages; see {@link MqttDispatch#answersShed}. */
  static boolean answersShed(MqttHandler handler) {
    return MqttDispatch.answersShed(handler);
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
