package org.tailor.agent.terminal;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.tailor.agent.broker.BrokerConnection;
import org.tailor.agent.broker.MalformedPayloadException;
import org.tailor.agent.broker.PayloadCodec;
import org.tailor.agent.broker.PublishRefusedException;
import org.tailor.agent.identification.IdentifierClassifier;
import org.tailor.agent.identification.InvalidIdentifierException;
import org.tailor.agent.outbox.DurableOutbox;
import org.tailor.agent.outbox.OutboxEntry;
import org.tailor.agent.remoteconfig.RemoteConfiguration;
import org.tailor.agent.settings.AgentSettings;
import org.tailor.terminal.protocol.Ack;
import org.tailor.terminal.protocol.IdentifyRequest;
import org.tailor.terminal.protocol.OffersReply;
import org.tailor.terminal.protocol.PresentationShown;
import org.tailor.terminal.protocol.ProtocolError;
import org.tailor.terminal.protocol.RedemptionMessage;
import org.tailor.terminal.protocol.ShopperIdentifier;
import org.tailor.terminal.protocol.TerminalConfig;
import org.tailor.terminal.protocol.TerminalStatus;
import org.tailor.terminal.protocol.Topics;

/**
 * One kiosk or till as the server sees it: identifies shoppers (MQTT 5 request/response), records
 * presentations shown and redemptions in the {@link DurableOutbox} before sending them, sends them
 * until acknowledged, applies remote configuration and reports its status. The kiosk page and the
 * till console are its two faces.
 */
public final class Terminal implements AutoCloseable {

  /** How long an unacknowledged message waits before it is sent again on the same connection. */
  static final long RESEND_AFTER_SECONDS = 30;

  private static final System.Logger LOG = System.getLogger(Terminal.class.getName());

  private final AgentSettings settings;
  private final String agentVersion;
  private final DurableOutbox outbox;
  private final RemoteConfiguration configuration;
  private final ScheduledExecutorService worker;
  private final BrokerConnection broker;
  private final Map<String, CompletableFuture<OffersReply>> awaitingOffers =
      new ConcurrentHashMap<>();
  private final Map<String, Long> sentAtNanos = new ConcurrentHashMap<>();
  private ScheduledFuture<?> heartbeat;

  /**
   * @param settings the checked settings
   * @param agentVersion reported in every status
   */
  public Terminal(AgentSettings settings, String agentVersion) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.agentVersion = Objects.requireNonNull(agentVersion, "agentVersion");
    this.outbox = new DurableOutbox(settings.dataDir());
    this.configuration =
        new RemoteConfiguration(
            settings.dataDir().resolve("terminal-config.json"),
            new TerminalConfig(
                0,
                settings.defaultLanguage(),
                settings.maxOffers(),
                settings.idleSeconds(),
                settings.heartbeatSeconds()));
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "tailor-agent-worker");
              thread.setDaemon(true);
              return thread;
            });
    this.broker = new BrokerConnection(settings, this::status, new BrokerListener(), worker);
  }

  /** Connects (in the background) and starts the heartbeat and the outbox resends. */
  public void start() {
    broker.start();
    worker.execute(this::scheduleHeartbeat);
    configuration.onChange(config -> worker.execute(this::scheduleHeartbeat));
    worker.scheduleWithFixedDelay(this::sendOutbox, 5, 5, TimeUnit.SECONDS);
  }

  /** The settings the terminal runs with. */
  public AgentSettings settings() {
    return settings;
  }

  /** The remote configuration in force. */
  public TerminalConfig config() {
    return configuration.current();
  }

  /** Whether the broker is reachable now. */
  public boolean connected() {
    return broker.connected();
  }

  /** Messages recorded but not yet acknowledged by the server. */
  public int queuedMessages() {
    return outbox.size();
  }

  /** The terminal's status now, as reported in heartbeats. */
  public TerminalStatus status() {
    return new TerminalStatus(
        "online", agentVersion, outbox.size(), configuration.current().revision(), Instant.now());
  }

  /**
   * Identifies a shopper from a scan or typed entry and waits for their offers, at most {@code
   * identify.timeout.seconds}; without waiting when the broker refuses the request (a busy server's
   * broker refuses it with {@code QUOTA_EXCEEDED}: {@link IdentifyOutcome#BUSY}). A server that
   * shed the request answers it with the error code {@code busy}, shown the same way.
   */
  public IdentifyOutcome identify(String input) {
    ShopperIdentifier identifier;
    try {
      identifier = IdentifierClassifier.classify(input);
    } catch (InvalidIdentifierException e) {
      return new IdentifyOutcome.Refused(e.reason(), e.arguments());
    }
    if (!broker.connected()) {
      return new IdentifyOutcome.Refused("identify.offline", List.of());
    }
    TerminalConfig config = configuration.current();
    String messageId = UUID.randomUUID().toString();
    CompletableFuture<OffersReply> answer = new CompletableFuture<>();
    awaitingOffers.put(messageId, answer);
    try {
      IdentifyRequest request =
          new IdentifyRequest(
              messageId, identifier, config.language(), config.maxOffers(), Instant.now());
      broker.request(
          Topics.IDENTIFY,
          PayloadCodec.encode(request),
          Topics.OFFERS,
          messageId.getBytes(StandardCharsets.UTF_8));
      OffersReply reply = answer.get(settings.identifyTimeoutSeconds(), TimeUnit.SECONDS);
      if (reply.error() != null && ProtocolError.BUSY.equals(reply.error().code())) {
        // The server shed the request unread, overloaded: the same as its broker refusing it.
        LOG.log(Level.INFO, "identify {0} answered busy by the server", messageId);
        return new IdentifyOutcome.Refused(IdentifyOutcome.BUSY, List.of());
      }
      if (reply.error() != null) {
        String message = reply.error().message() == null ? "" : reply.error().message();
        LOG.log(Level.WARNING, "server refused identify {0}: {1}", messageId, reply.error());
        return new IdentifyOutcome.Refused("identify.serverError", List.of(message));
      }
      return new IdentifyOutcome.Offers(identifier, reply);
    } catch (MqttException e) {
      LOG.log(Level.WARNING, "could not send identify request: {0}", e.toString());
      return new IdentifyOutcome.Refused("identify.offline", List.of());
    } catch (PublishRefusedException e) {
      // The broker said at once that no answer will come: no point waiting for one.
      if (e.busy()) {
        LOG.log(Level.INFO, "identify {0} refused, the server is busy: {1}", messageId, e);
        return new IdentifyOutcome.Refused(IdentifyOutcome.BUSY, List.of());
      }
      LOG.log(Level.WARNING, "identify {0} refused: {1}", messageId, e.getMessage());
      return new IdentifyOutcome.Refused(
          "identify.serverError",
          List.of(e.reasonString().orElse("MQTT 0x" + Integer.toHexString(e.reasonCode()))));
    } catch (TimeoutException e) {
      LOG.log(Level.WARNING, "no offers for request {0} in time", messageId);
      return new IdentifyOutcome.Refused("identify.noAnswer", List.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new IdentifyOutcome.Refused("identify.noAnswer", List.of());
    } catch (ExecutionException e) {
      return new IdentifyOutcome.Refused("identify.noAnswer", List.of());
    } finally {
      awaitingOffers.remove(messageId);
    }
  }

  /** Records that a presentation appeared on screen; queued durably, sent until acknowledged. */
  public Optional<PresentationShown> presentationShown(OffersReply reply) {
    if (reply.presentationId() == null) {
      return Optional.empty();
    }
    PresentationShown shown =
        new PresentationShown(UUID.randomUUID().toString(), reply.presentationId(), Instant.now());
    record(Topics.SHOWN, shown.messageId(), PayloadCodec.encode(shown));
    return Optional.of(shown);
  }

  /**
   * Records a redemption at the till. It is on disk when this returns, under a message id made now
   * and kept through every resend, so the server counts it once however often it arrives.
   *
   * @param entry what the cashier entered
   * @param shown the shopper's current offers, if one identified; links the redemption to their
   *     presentation when the offer was among them
   */
  public RedemptionMessage redeem(RedemptionEntry entry, Optional<IdentifyOutcome.Offers> shown) {
    String presentationId =
        shown
            .filter(offers -> offers.shows(entry.offerCode()))
            .map(offers -> offers.reply().presentationId())
            .orElse(null);
    ShopperIdentifier identifier = shown.map(IdentifyOutcome.Offers::identifier).orElse(null);
    RedemptionMessage redemption =
        new RedemptionMessage(
            UUID.randomUUID().toString(),
            presentationId,
            entry.offerCode(),
            identifier,
            Instant.now(),
            entry.basketAmount());
    record(Topics.REDEMPTIONS, redemption.messageId(), PayloadCodec.encode(redemption));
    return redemption;
  }

  private void record(String kind, String messageId, byte[] payload) {
    outbox.add(kind, messageId, payload);
    worker.execute(this::sendOutbox);
  }

  /** Sends what waits in the outbox and was not sent on this connection recently (worker). */
  private void sendOutbox() {
    if (!broker.connected()) {
      return;
    }
    long now = System.nanoTime();
    for (OutboxEntry entry : outbox.pending()) {
      Long sentAt = sentAtNanos.get(entry.messageId());
      if (sentAt != null && now - sentAt < TimeUnit.SECONDS.toNanos(RESEND_AFTER_SECONDS)) {
        continue;
      }
      try {
        broker.publish(entry.kind(), entry.payload(), 1, false);
        sentAtNanos.put(entry.messageId(), now);
      } catch (MqttException e) {
        LOG.log(Level.WARNING, "sending {0} failed, kept for later: {1}", entry.messageId(), e);
        return;
      }
    }
  }

  private void scheduleHeartbeat() {
    if (heartbeat != null) {
      heartbeat.cancel(false);
    }
    long seconds = configuration.current().heartbeatSeconds();
    heartbeat =
        worker.scheduleWithFixedDelay(this::sendHeartbeat, seconds, seconds, TimeUnit.SECONDS);
  }

  private void sendHeartbeat() {
    if (!broker.connected()) {
      return;
    }
    try {
      broker.publish(Topics.STATUS, PayloadCodec.encode(status()), 1, true);
    } catch (MqttException e) {
      LOG.log(Level.WARNING, "heartbeat not sent: {0}", e.toString());
    }
  }

  private void acknowledged(Ack ack) {
    if (ack.messageId() == null || ack.status() == null) {
      LOG.log(Level.WARNING, "ignoring an ack without message id or status: {0}", ack);
      return;
    }
    sentAtNanos.remove(ack.messageId());
    switch (ack.status()) {
      case "accepted", "duplicate" -> outbox.remove(ack.messageId());
      case "rejected" -> {
        String reason = ack.error() == null ? "rejected without a reason" : ack.error().toString();
        if (outbox.reject(ack.messageId(), reason)) {
          LOG.log(
              Level.ERROR,
              "server rejected message {0}; set aside in {1}: {2}",
              ack.messageId(),
              outbox.rejectedFolder(),
              reason);
        }
      }
      default -> LOG.log(Level.WARNING, "ignoring an ack with unknown status: {0}", ack);
    }
  }

  private void offersArrived(MqttMessage message) {
    OffersReply reply = PayloadCodec.decode(message.getPayload(), OffersReply.class);
    byte[] correlation =
        message.getProperties() == null ? null : message.getProperties().getCorrelationData();
    String requestId =
        correlation != null ? new String(correlation, StandardCharsets.UTF_8) : reply.requestId();
    CompletableFuture<OffersReply> awaiting =
        requestId == null ? null : awaitingOffers.get(requestId);
    if (awaiting == null) {
      LOG.log(Level.INFO, "offers for request {0} came too late or were not asked for", requestId);
      return;
    }
    awaiting.complete(reply);
  }

  /** Says goodbye to the broker and stops the background work. */
  @Override
  public void close() {
    try {
      worker.submit(broker::close).get(5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.log(Level.WARNING, "could not close the broker connection cleanly: {0}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      worker.shutdownNow();
    }
  }

  private final class BrokerListener implements BrokerConnection.Listener {

    @Override
    public void connected() {
      sentAtNanos.clear();
      sendOutbox();
    }

    @Override
    public void messageArrived(String kind, MqttMessage message) {
      try {
        switch (kind) {
          case Topics.OFFERS -> offersArrived(message);
          case Topics.ACKS -> acknowledged(PayloadCodec.decode(message.getPayload(), Ack.class));
          case Topics.CONFIG -> {
            if (message.getPayload().length > 0) {
              configuration.apply(PayloadCodec.decode(message.getPayload(), TerminalConfig.class));
            }
          }
          default -> LOG.log(Level.WARNING, "ignoring a message of kind {0}", kind);
        }
      } catch (MalformedPayloadException e) {
        LOG.log(Level.WARNING, "ignoring a malformed {0} message: {1}", kind, e.getMessage());
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "could not handle a " + kind + " message", e);
      }
    }
  }
}
