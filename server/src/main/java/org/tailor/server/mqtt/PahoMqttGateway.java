package org.tailor.server.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.DisconnectedBufferOptions;
import org.eclipse.paho.mqttv5.client.IMqttToken;
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

/**
 * The host's {@link MqttGateway}: one Eclipse Paho MQTT 5 client connected as the privileged server
 * user, reconnecting by itself and subscribing again after every reconnect (clean start, so the
 * broker keeps no session for a server that is gone). Shared subscriptions use the group {@link
 * MqttSettings#sharedGroup()}, so the servers of a chain split the terminals' messages.
 *
 * <p>Messages are handed to a pool of {@link MqttSettings#workers()} threads; acknowledgements are
 * manual, sent when the handlers of a message returned, so a QoS 1 message the server did not
 * finish is delivered again. When the pool is saturated, the client's thread runs the handler
 * itself, which slows reading from the broker rather than queuing without bound.
 */
public final class PahoMqttGateway implements MqttGateway, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PahoMqttGateway.class);
  private static final long TIMEOUT_MS = 10_000;
  private static final int QUEUE = 1_000;
  private static final int OUTAGE_BUFFER = 10_000;
  private static final long IN_FLIGHT_WAIT_MS = 5_000;

  private final MqttSettings settings;
  private final MqttAsyncClient client;
  private final MqttConnectionOptions options;
  private final List<Route> routes = new CopyOnWriteArrayList<>();
  private final ThreadPoolExecutor workers;
  private final ScheduledExecutorService connector;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicLong shed =
      new java.util.concurrent.atomic.AtomicLong();

  /** One subscription: the filter as sent to the broker, the filter messages are matched with. */
  private final class Route implements MqttSubscription {
    private final String subscribed;
    private final String matching;
    private final int qos;
    private final MqttHandler handler;
    private final AtomicBoolean open = new AtomicBoolean(true);

    Route(String subscribed, String matching, int qos, MqttHandler handler) {
      this.subscribed = subscribed;
      this.matching = matching;
      this.qos = qos;
      this.handler = handler;
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
        if (!stillWanted && client.isConnected()) {
          try {
            client.unsubscribe(subscribed).waitForCompletion(TIMEOUT_MS);
          } catch (MqttException e) {
            LOG.warn("could not unsubscribe from {}: {}", subscribed, e.toString());
          }
        }
      }
    }
  }

  private PahoMqttGateway(MqttSettings settings) throws MqttException {
    this.settings = settings;
    this.client = new MqttAsyncClient(settings.url(), settings.clientId(), new MemoryPersistence());
    this.options = connectionOptions(settings);
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
    DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
    buffer.setBufferEnabled(true);
    buffer.setBufferSize(OUTAGE_BUFFER);
    buffer.setPersistBuffer(false);
    buffer.setDeleteOldestMessages(false);
    client.setBufferOpts(buffer);
    client.setManualAcks(true);
    client.setCallback(new Callback());
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
    gateway.connectOrRetry(0);
    return gateway;
  }

  private void connectOrRetry(long delaySeconds) {
    if (closed.get()) {
      return;
    }
    try {
      client.connect(options).waitForCompletion(TIMEOUT_MS);
      LOG.info("connected to the MQTT broker at {} as {}", settings.url(), settings.username());
    } catch (MqttException e) {
      long next = Math.min(30, Math.max(2, delaySeconds * 2));
      LOG.warn(
          "cannot connect to the MQTT broker at {} as {}: {}; trying again in {} s",
          settings.url(),
          settings.username(),
          e.getMessage(),
          next);
      try {
        connector.schedule(() -> connectOrRetry(next), next, TimeUnit.SECONDS);
      } catch (java.util.concurrent.RejectedExecutionException stopped) {
        // closed meanwhile
      }
    }
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
    Route route = new Route(subscribed, topicFilter, qos, handler);
    routes.add(route);
    if (client.isConnected()) {
      subscribeAtBroker(route);
    } // else: subscribed on connect
    LOG.info("subscribed to {}", subscribed);
    return route;
  }

  private void subscribeAtBroker(Route route) {
    try {
      IMqttToken token =
          client.subscribe(
              new org.eclipse.paho.mqttv5.common.MqttSubscription(route.subscribed, route.qos));
      token.waitForCompletion(TIMEOUT_MS);
      int[] codes = token.getReasonCodes();
      if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
        LOG.error(
            "the MQTT broker refused the subscription {}: reason code {}",
            route.subscribed,
            codes[0]);
      }
    } catch (MqttException e) {
      LOG.error("could not subscribe to {}: {}", route.subscribed, e.toString());
    }
  }

  @Override
  public void publish(MqttOutgoing outgoing) {
    Objects.requireNonNull(outgoing, "outgoing");
    MqttTopicValidator.validate(outgoing.topic(), false, true);
    MqttMessage message =
        new MqttMessage(outgoing.payload(), outgoing.qos(), outgoing.retained(), null);
    if (outgoing.responseTopic().isPresent() || outgoing.correlationData().isPresent()) {
      MqttProperties properties = new MqttProperties();
      outgoing.responseTopic().ifPresent(properties::setResponseTopic);
      outgoing.correlationData().ifPresent(properties::setCorrelationData);
      message.setProperties(properties);
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(IN_FLIGHT_WAIT_MS);
    long pause = 1;
    while (true) {
      try {
        client.publish(outgoing.topic(), message);
        return;
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

  @Override
  public boolean isConnected() {
    return client.isConnected();
  }

  /** QoS 0 messages shed because every handler was busy and the queue full. */
  public long shedCount() {
    return shed.get();
  }

  /** The MQTT client id, such as {@code tailor-server-1a2b3c4d}. */
  public String clientId() {
    return settings.clientId();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    connector.shutdownNow();
    try {
      if (client.isConnected()) {
        client.disconnect(TIMEOUT_MS).waitForCompletion(TIMEOUT_MS);
      }
    } catch (MqttException e) {
      LOG.warn("MQTT disconnect: {}", e.toString());
    }
    workers.shutdown();
    try {
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      LOG.warn("MQTT close: {}", e.toString());
    }
  }

  private final class Callback implements MqttCallback {
    @Override
    public void disconnected(MqttDisconnectResponse response) {
      if (!closed.get()) {
        LOG.warn("disconnected from the MQTT broker: {}; reconnecting", response);
      }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      LOG.error("MQTT error", exception);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      List<Route> matching =
          routes.stream().filter(r -> MqttTopicValidator.isMatched(r.matching, topic)).toList();
      if (matching.isEmpty()) {
        acknowledge(message);
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
      // Paho's callback thread (this one) also completes our own publishes, so it must never run a
      // handler or wait: a handler's reply waits for a free slot of the broker's window, which
      // only this thread frees. The queue is therefore unbounded; QoS 1/2 messages are bounded by
      // the receive maximum we give the broker (it sends no more unacknowledged ones, and we
      // acknowledge each when its handler is done), QoS 0 ones beyond QUEUE waiting are shed.
      if (message.getQos() == 0 && workers.getQueue().size() >= QUEUE) {
        long dropped = shed.incrementAndGet();
        if (Long.bitCount(dropped) == 1) {
          LOG.warn(
              "the MQTT handlers are behind: {} QoS 0 message(s) shed so far (latest on {})",
              dropped,
              topic);
        }
        return;
      }
      try {
        workers.execute(task);
      } catch (RejectedExecutionException closing) {
        // closing: dropped unacknowledged, as any message in flight when a client goes
      }
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
      // nothing to do: QoS 1 replies need no follow-up
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      if (reconnect) {
        LOG.info("reconnected to the MQTT broker at {}", serverUri);
      }
      // Clean start: the broker forgot our subscriptions, so make them again. Off the client's
      // thread, which must not wait for its own subscribe acknowledgements.
      connector.execute(() -> routes.forEach(PahoMqttGateway.this::subscribeAtBroker));
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
      // no enhanced authentication
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

  private void acknowledge(MqttMessage message) {
    if (message.getQos() == 0) {
      return;
    }
    try {
      client.messageArrivedComplete(message.getId(), message.getQos());
    } catch (MqttException e) {
      LOG.warn("could not acknowledge MQTT message {}: {}", message.getId(), e.toString());
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
   * How many unacknowledged QoS 1/2 messages the broker may send us, and so the most that wait for
   * a handler.
   */
  static int receiveMaximum() {
    return Math.min(65_535, QUEUE);
  }

  private static MqttConnectionOptions connectionOptions(MqttSettings settings) {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setSessionExpiryInterval(0L);
    options.setAutomaticReconnect(true);
    options.setAutomaticReconnectDelay(1, 30);
    options.setKeepAliveInterval(30);
    options.setConnectionTimeout(10);
    // Flow control: the broker may have at most this many of our QoS 1/2 messages unacknowledged,
    // and we acknowledge a message only when its handler is done, so at most this many wait for a
    // handler; the broker keeps the rest queued (Mosquitto: max_queued_messages) or sheds it.
    options.setReceiveMaximum(receiveMaximum());
    options.setUserName(settings.username());
    settings.password().ifPresent(p -> options.setPassword(p.getBytes(StandardCharsets.UTF_8)));
    if (settings.url().startsWith("ssl://") && settings.trustStore().isPresent()) {
      options.setSocketFactory(
          sslContext(settings.trustStore().get(), settings.trustStorePassword())
              .getSocketFactory());
    }
    return options;
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
