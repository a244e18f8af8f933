package org.tailor.agent.broker;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
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
import org.tailor.agent.settings.AgentSettings;
import org.tailor.agent.settings.TrustStore;
import org.tailor.terminal.protocol.TerminalStatus;
import org.tailor.terminal.protocol.Topics;

/**
 * The terminal's MQTT 5 session with the broker (Eclipse Paho): TLS and per-terminal credentials
 * (user name = terminal code), a persistent session (clean start off, a session expiry) so QoS 1
 * messages survive short outages, a retained birth message ({@link TerminalStatus} {@code online})
 * on every connect and the retained {@code offline} status as last will. It subscribes to the
 * terminal's own {@code config}, {@code acks} and {@code offers} topics and keeps trying to
 * reconnect, from the worker thread it is given, whenever the broker is out of reach.
 */
public final class BrokerConnection implements AutoCloseable {

  /** How long the broker keeps the terminal's session (subscriptions, QoS 1 messages): 7 days. */
  public static final long SESSION_EXPIRY_SECONDS = 7L * 24 * 3600;

  private static final System.Logger LOG = System.getLogger(BrokerConnection.class.getName());
  private static final long RECONNECT_EVERY_MILLIS = 2_000;

  /** What the rest of the agent hears from the broker. */
  public interface Listener {

    /** Connected (again) and subscribed; called on the worker thread. */
    void connected();

    /**
     * A message on one of the terminal's topics; called on Paho's thread, so must not block.
     *
     * @param kind the topic kind, such as {@code acks}
     */
    void messageArrived(String kind, MqttMessage message);
  }

  private final AgentSettings settings;
  private final Supplier<TerminalStatus> status;
  private final Listener listener;
  private final ScheduledExecutorService worker;
  private final AcknowledgedClient client;
  private volatile boolean reachable = true;
  private volatile boolean closed;

  /**
   * @param settings broker, store, terminal, credentials, TLS
   * @param status the terminal's status now, for the birth message
   * @param listener hears connects and messages
   * @param worker the single thread that connects and publishes
   */
  public BrokerConnection(
      AgentSettings settings,
      Supplier<TerminalStatus> status,
      Listener listener,
      ScheduledExecutorService worker) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.status = Objects.requireNonNull(status, "status");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.worker = Objects.requireNonNull(worker, "worker");
    try {
      this.client = new AcknowledgedClient(settings.brokerUrl(), clientId(settings));
    } catch (MqttException e) {
      throw new IllegalStateException("cannot create MQTT client for " + settings.brokerUrl(), e);
    }
    client.setCallback(new Callback());
  }

  /** The stable client id of a terminal, so the broker finds its session again. */
  public static String clientId(AgentSettings settings) {
    return "tailor-agent-" + settings.storeCode() + "-" + settings.terminalCode();
  }

  /** The full topic of one of this terminal's kinds, such as {@code redemptions}. */
  public String topic(String kind) {
    return Topics.terminalTopic(settings.storeCode(), settings.terminalCode(), kind);
  }

  /** Starts connecting, and reconnecting after every loss, in the background. */
  public void start() {
    worker.scheduleWithFixedDelay(
        this::connectIfNeeded, 0, RECONNECT_EVERY_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Whether the session is up now. */
  public boolean connected() {
    return client.isConnected();
  }

  /**
   * Publishes on one of the terminal's topics; blocks until a QoS 1 message is acknowledged by the
   * broker.
   */
  public void publish(String kind, byte[] payload, int qos, boolean retained) throws MqttException {
    client.publish(topic(kind), payload, qos, retained);
  }

  /**
   * Publishes an MQTT 5 request at QoS 1 and waits for the broker's acknowledgement: the answer
   * comes on {@code responseKind} with the same correlation data.
   *
   * @throws PublishRefusedException when the broker acknowledged the request with a reason code of
   *     0x80 or more: it will not be answered
   */
  public void request(String kind, byte[] payload, String responseKind, byte[] correlationData)
      throws MqttException, PublishRefusedException {
    MqttProperties properties = new MqttProperties();
    properties.setResponseTopic(topic(responseKind));
    properties.setCorrelationData(correlationData);
    String topic = topic(kind);
    IMqttToken token =
        client.publishAcknowledged(topic, new MqttMessage(payload, 1, false, properties));
    int[] reasonCodes = token.getReasonCodes();
    if (reasonCodes != null && reasonCodes.length > 0 && reasonCodes[0] >= 0x80) {
      MqttProperties acknowledgement = token.getResponseProperties();
      throw new PublishRefusedException(
          topic,
          reasonCodes[0],
          Optional.ofNullable(acknowledgement == null ? null : acknowledgement.getReasonString()));
    }
  }

  private void connectIfNeeded() {
    if (closed || client.isConnected()) {
      return;
    }
    try {
      client.connect(options());
      client.subscribe(
          new MqttSubscription[] {
            new MqttSubscription(topic(Topics.CONFIG), 1),
            new MqttSubscription(topic(Topics.ACKS), 1),
            new MqttSubscription(topic(Topics.OFFERS), 1)
          });
      client.publish(topic(Topics.STATUS), PayloadCodec.encode(status.get()), 1, true);
      reachable = true;
      LOG.log(Level.INFO, "connected to {0} as {1}", settings.brokerUrl(), clientId(settings));
      listener.connected();
    } catch (MqttException | RuntimeException e) {
      LOG.log(
          reachable ? Level.WARNING : Level.DEBUG,
          "broker {0} not reachable, retrying every {1} ms: {2}",
          settings.brokerUrl(),
          RECONNECT_EVERY_MILLIS,
          e.toString());
      reachable = false;
      if (client.isConnected()) {
        try {
          client.disconnectForcibly(0, 1000, false);
        } catch (MqttException ignored) {
          // the next attempt starts from a closed connection either way
        }
      }
    }
  }

  private MqttConnectionOptions options() {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(false);
    options.setSessionExpiryInterval(SESSION_EXPIRY_SECONDS);
    options.setAutomaticReconnect(false);
    options.setConnectionTimeout(5);
    options.setKeepAliveInterval(30);
    options.setUserName(settings.terminalCode());
    settings.password().ifPresent(p -> options.setPassword(p.getBytes(StandardCharsets.UTF_8)));
    TerminalStatus offline = offline(status.get());
    options.setWill(
        topic(Topics.STATUS), new MqttMessage(PayloadCodec.encode(offline), 1, true, null));
    if (settings.tls()) {
      options.setSocketFactory(socketFactory(settings));
    }
    return options;
  }

  private static TerminalStatus offline(TerminalStatus now) {
    return new TerminalStatus(
        "offline", now.agentVersion(), now.queuedMessages(), now.configRevision(), now.sentAt());
  }

  /** A TLS socket factory trusting the configured trust store, or the JVM's default trust. */
  static SSLSocketFactory socketFactory(AgentSettings settings) {
    if (settings.trustStore().isEmpty()) {
      return (SSLSocketFactory) SSLSocketFactory.getDefault();
    }
    TrustStore trust = settings.trustStore().get();
    try (InputStream in = Files.newInputStream(trust.path())) {
      KeyStore store = KeyStore.getInstance(trust.type());
      store.load(in, trust.password().toCharArray());
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "tls.truststore.path = " + trust.path() + ": cannot load the trust store: " + e, e);
    }
  }

  /** Says goodbye: publishes the {@code offline} status and ends the session. */
  @Override
  public void close() {
    closed = true;
    try {
      if (client.isConnected()) {
        client.publish(topic(Topics.STATUS), PayloadCodec.encode(offline(status.get())), 1, true);
        client.disconnect(2_000);
      }
      client.close();
    } catch (MqttException e) {
      LOG.log(Level.WARNING, "could not disconnect cleanly: {0}", e.toString());
    }
  }

  /**
   * Paho's blocking client, whose {@code publish} waits for the broker's acknowledgement but keeps
   * it to itself; {@link #publishAcknowledged} hands it back, so that a refusal is seen.
   */
  private static final class AcknowledgedClient extends MqttClient {

    AcknowledgedClient(String serverUri, String clientId) throws MqttException {
      super(serverUri, clientId, new MemoryPersistence());
    }

    /** Publishes and waits as {@link #publish(String, MqttMessage)} does; the completed token. */
    IMqttToken publishAcknowledged(String topic, MqttMessage message) throws MqttException {
      IMqttToken token = aClient.publish(topic, message, null, null);
      token.waitForCompletion(getTimeToWait());
      return token;
    }
  }

  private final class Callback implements MqttCallback {

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      LOG.log(Level.WARNING, "disconnected from broker: {0}", response);
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      LOG.log(Level.WARNING, "MQTT error: {0}", exception.toString());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      String prefix = Topics.prefix(settings.storeCode(), settings.terminalCode());
      if (topic.startsWith(prefix)) {
        String kind = topic.substring(prefix.length());
        if (List.of(Topics.CONFIG, Topics.ACKS, Topics.OFFERS).contains(kind)) {
          listener.messageArrived(kind, message);
          return;
        }
      }
      LOG.log(Level.WARNING, "ignoring a message on unexpected topic {0}", topic);
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
      // QoS 1 publishes block until the broker acknowledged them
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      // subscriptions and the birth message follow from the worker thread
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
      // no enhanced authentication
    }
  }
}
