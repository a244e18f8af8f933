package org.tailor.channel.kiosk;

import jakarta.json.bind.Jsonb;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.plugin.ShopperProfile;
import org.tailor.plugin.host.ChosenOffer;
import org.tailor.plugin.host.Decision;
import org.tailor.plugin.host.DecisionLog;
import org.tailor.plugin.host.DecisionRequest;
import org.tailor.plugin.host.MqttGateway;
import org.tailor.plugin.host.MqttIncoming;
import org.tailor.plugin.host.MqttOutgoing;
import org.tailor.plugin.host.OfferDecisions;
import org.tailor.plugin.host.RedemptionRecord;
import org.tailor.plugin.host.RequestRejectedException;
import org.tailor.plugin.host.ShopperDirectory;
import org.tailor.plugin.host.TerminalRegistry;
import org.tailor.plugin.host.TerminalReport;
import org.tailor.plugin.host.TerminalSettings;
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
 * Handles what terminals send: identify (answered with offers on the response topic, with the
 * request's correlation data), presentations shown and redemptions (acknowledged), and status
 * (recorded; a terminal coming online gets its configuration). Every message that cannot be acted
 * on is answered with an error naming the field, the value and what was expected, and logged; the
 * channel goes on serving.
 */
final class TerminalMessages {

  static final String CHANNEL = "kiosk";

  /** The QoS of every answer to an identify (offers or an error); see {@link #answerIdentify}. */
  static final int IDENTIFY_REPLY_QOS = 0;

  private static final Logger LOG = LoggerFactory.getLogger(TerminalMessages.class);
  private static final Set<String> RIGHT_TO_LEFT =
      Set.of("ar", "fa", "he", "iw", "ur", "ps", "yi", "dv", "ckb", "sd", "ug");

  /**
   * The direction of each language tag seen, so that a reply does not take a tag apart into a
   * {@code Locale} every time (a few hundred bytes each); at most {@value #MAX_DIRECTIONS_KEPT}.
   */
  private static final Map<String, Boolean> DIRECTIONS = new ConcurrentHashMap<>();

  static final int MAX_DIRECTIONS_KEPT = 1_000;

  /**
   * The services the channel uses (only the host implements them), and the chain's currency (ISO
   * 4217), which terminals show the offers' amounts in.
   */
  record Services(
      MqttGateway mqtt,
      OfferDecisions decisions,
      DecisionLog log,
      ShopperDirectory shoppers,
      TerminalRegistry terminals,
      String currency) {}

  private final Services services;
  private final PayloadReader reader;
  private final ReplyWriter json;
  private final Clock clock;

  TerminalMessages(Services services, PayloadReader reader, Jsonb jsonb, Clock clock) {
    this.services = services;
    this.reader = reader;
    this.json = new ReplyWriter(jsonb);
    this.clock = clock;
  }

  void identify(MqttIncoming message) {
    Optional<TerminalTopic> parsed = terminalTopic(message);
    if (parsed.isEmpty()) {
      return;
    }
    TerminalTopic topic = parsed.get();
    String replyTopic = replyTopic(message, topic, Topics.OFFERS);
    byte[] payload = message.payload();
    // The message id as read, or null until the payload is; an error reply reads it leniently.
    String requestId = null;
    try {
      checkAddressing(message, topic);
      IdentifyRequest request = reader.identify(payload);
      requestId = request.messageId();
      Decision decision = services.decisions().decide(decisionRequest(topic, request));
      answerIdentify(message, replyTopic, offersReply(request.messageId(), decision));
    } catch (PayloadException e) {
      refuseIdentify(message, replyTopic, messageId(requestId, payload), e.error());
    } catch (RequestRejectedException e) {
      refuseIdentify(message, replyTopic, messageId(requestId, payload), rejected(e));
    } catch (RuntimeException e) {
      LOG.error("identify on {} failed", message.topic(), e);
      String id = messageId(requestId, payload);
      answerIdentify(message, replyTopic, errorReply(id, Errors.internal(id)));
    }
  }

  /**
   * Answers an identify at QoS {@value #IDENTIFY_REPLY_QOS}, with the request's correlation data.
   * The identify itself reaches the server at QoS 0 ({@link KioskChannel#IDENTIFY_QOS}), so the
   * round trip is at most once whatever the answer's QoS; a QoS 1 answer only cost two more packets
   * per identify (the broker's acknowledgement to the server and the terminal's to the broker) and
   * made the handlers wait for the broker's window of unacknowledged messages when the broker fell
   * behind. A lost answer ends as the agent's {@code identify.noAnswer} after its timeout, as a
   * lost identify does.
   */
  private void answerIdentify(MqttIncoming request, String topic, OffersReply body) {
    services.mqtt().publish(identifyAnswer(request, topic, json.toJson(body)));
  }

  /** The message answering an identify: on the reply topic, with the request's correlation data. */
  static MqttOutgoing identifyAnswer(MqttIncoming request, String topic, byte[] payload) {
    return new MqttOutgoing(
        topic, payload, IDENTIFY_REPLY_QOS, false, Optional.empty(), request.correlationData());
  }

  /**
   * The answer to an identify the host shed unread because the server is overloaded: a {@code busy}
   * error on the request's response topic when the terminal owns it (else its own {@code offers}
   * topic, as every identify is answered), with the request's correlation data. Built from the
   * message alone — its message id read leniently, no database — and sent at QoS 0, so that it
   * costs the broker no acknowledgement: a busy reply lost on the way ends as the agent's own
   * timeout, as before. Not logged one by one; the host counts them.
   */
  Optional<MqttOutgoing> busyReply(MqttIncoming message) {
    Optional<TerminalTopic> topic = TerminalTopic.parse(message.topic());
    if (topic.isEmpty()) {
      return Optional.empty();
    }
    String replyTopic = replyTopic(message, topic.get(), Topics.OFFERS);
    OffersReply reply = errorReply(reader.messageIdOf(message.payload()), Errors.busy());
    return Optional.of(identifyAnswer(message, replyTopic, json.toJson(reply)));
  }

  void redemption(MqttIncoming message) {
    Optional<TerminalTopic> parsed = terminalTopic(message);
    if (parsed.isEmpty()) {
      return;
    }
    TerminalTopic topic = parsed.get();
    String ackTopic = replyTopic(message, topic, Topics.ACKS);
    byte[] payload = message.payload();
    String messageId = null;
    try {
      checkAddressing(message, topic);
      RedemptionMessage redemption = reader.redemption(payload);
      messageId = redemption.messageId();
      services.terminals().requireTerminal(topic.storeCode(), topic.terminalCode());
      Optional<String> loyaltyId =
          Optional.ofNullable(redemption.identifier())
              .flatMap(id -> services.shoppers().find(id.value()))
              .map(ShopperProfile::loyaltyId);
      boolean first =
          services
              .log()
              .recordRedemption(
                  new RedemptionRecord(
                      redemption.messageId(),
                      Optional.ofNullable(redemption.presentationId()),
                      redemption.offerCode(),
                      loyaltyId,
                      topic.storeCode(),
                      Optional.of(topic.terminalCode()),
                      redemption.redeemedAt(),
                      redemption.basketAmount()));
      reply(
          message,
          ackTopic,
          new Ack(redemption.messageId(), first ? "accepted" : "duplicate", null));
    } catch (PayloadException e) {
      refuseAck(message, ackTopic, messageId(messageId, payload), e.error());
    } catch (RequestRejectedException e) {
      refuseAck(message, ackTopic, messageId(messageId, payload), rejected(e));
    } catch (RuntimeException e) {
      // Not acknowledged: the agent keeps the redemption and sends it again.
      LOG.error(
          "redemption {} on {} could not be recorded; not acknowledged",
          messageId(messageId, payload),
          message.topic(),
          e);
    }
  }

  void shown(MqttIncoming message) {
    Optional<TerminalTopic> parsed = terminalTopic(message);
    if (parsed.isEmpty()) {
      return;
    }
    TerminalTopic topic = parsed.get();
    String ackTopic = replyTopic(message, topic, Topics.ACKS);
    byte[] payload = message.payload();
    String messageId = null;
    try {
      checkAddressing(message, topic);
      PresentationShown shown = reader.shown(payload);
      messageId = shown.messageId();
      boolean first =
          services
              .terminals()
              .recordShown(
                  topic.storeCode(), topic.terminalCode(), shown.presentationId(), shown.shownAt());
      reply(message, ackTopic, new Ack(shown.messageId(), first ? "accepted" : "duplicate", null));
    } catch (PayloadException e) {
      refuseAck(message, ackTopic, messageId(messageId, payload), e.error());
    } catch (RequestRejectedException e) {
      refuseAck(message, ackTopic, messageId(messageId, payload), rejected(e));
    } catch (RuntimeException e) {
      // Not acknowledged: the agent keeps the message and sends it again.
      LOG.error(
          "shown message {} on {} could not be recorded; not acknowledged",
          messageId(messageId, payload),
          message.topic(),
          e);
    }
  }

  void status(MqttIncoming message) {
    Optional<TerminalTopic> parsed = terminalTopic(message);
    if (parsed.isEmpty()) {
      return;
    }
    TerminalTopic topic = parsed.get();
    try {
      checkAddressing(message, topic);
      TerminalStatus status = reader.status(message.payload());
      services
          .terminals()
          .recordStatus(
              new TerminalReport(
                  topic.storeCode(),
                  topic.terminalCode(),
                  status.state(),
                  Optional.ofNullable(status.agentVersion()),
                  status.queuedMessages(),
                  status.sentAt()));
      if (status.state().equals("online")) {
        TerminalSettings settings =
            services.terminals().settings(topic.storeCode(), topic.terminalCode());
        if (settings.revision() != status.configRevision()) {
          publishConfig(topic, settings);
        }
      }
    } catch (PayloadException e) {
      LOG.warn("status on {} refused: {}", message.topic(), e.error().message());
    } catch (RequestRejectedException e) {
      LOG.warn("status on {} refused: {}", message.topic(), rejected(e).message());
    }
  }

  /** Publishes a terminal's configuration, retained, on its {@code config} topic. */
  void publishConfig(TerminalTopic topic, TerminalSettings settings) {
    TerminalConfig config =
        new TerminalConfig(
            settings.revision(),
            settings.language(),
            settings.maxOffers(),
            settings.idleSeconds(),
            settings.heartbeatSeconds());
    services
        .mqtt()
        .publish(
            MqttOutgoing.of(
                Topics.terminalTopic(topic.storeCode(), topic.terminalCode(), Topics.CONFIG),
                json.toJson(config),
                1,
                true));
  }

  /**
   * The message id for an error reply: the one read, or else whatever {@link
   * PayloadReader#messageIdOf} can get from a payload that failed to read. Only on errors, so a
   * good message's payload is parsed once.
   */
  private String messageId(String read, byte[] payload) {
    return read != null ? read : reader.messageIdOf(payload);
  }

  private Optional<TerminalTopic> terminalTopic(MqttIncoming message) {
    Optional<TerminalTopic> topic = TerminalTopic.parse(message.topic());
    if (topic.isEmpty()) {
      LOG.warn("ignored a message on {}: not a terminal topic, nowhere to answer", message.topic());
    }
    return topic;
  }

  /** Refuses a topic of another version and a response topic outside the terminal's subtree. */
  private static void checkAddressing(MqttIncoming message, TerminalTopic topic)
      throws PayloadException {
    if (!topic.isSupportedVersion()) {
      throw PayloadException.of(
          Errors.UNSUPPORTED_VERSION,
          "topic",
          message.topic(),
          "protocol version "
              + Topics.VERSION
              + ": "
              + Topics.terminalTopic(topic.storeCode(), topic.terminalCode(), topic.kind()));
    }
    Optional<String> responseTopic = message.responseTopic();
    if (responseTopic.isPresent() && !topic.owns(responseTopic.get())) {
      throw PayloadException.of(
          Errors.INVALID_FIELD,
          "responseTopic",
          responseTopic.get(),
          "a topic under "
              + Topics.ROOT
              + "/"
              + topic.version()
              + "/stores/"
              + topic.storeCode()
              + "/terminals/"
              + topic.terminalCode()
              + "/");
    }
  }

  /** The request's response topic when the terminal owns it; else its own topic of that kind. */
  private static String replyTopic(MqttIncoming message, TerminalTopic topic, String kind) {
    return message.responseTopic().filter(topic::owns).orElseGet(() -> topic.sibling(kind));
  }

  private DecisionRequest decisionRequest(TerminalTopic topic, IdentifyRequest request) {
    return new DecisionRequest(
        Optional.ofNullable(request.identifier()).map(id -> id.value().strip()),
        topic.storeCode(),
        Optional.of(topic.terminalCode()),
        CHANNEL,
        clock.instant(),
        request.maxOffers(),
        Optional.ofNullable(request.language()));
  }

  private OffersReply offersReply(String requestId, Decision decision) {
    List<OfferView> offers = decision.offers().stream().map(TerminalMessages::view).toList();
    String language = decision.language();
    ShopperGreeting greeting =
        new ShopperGreeting(
            decision.shopper().isPresent(),
            decision.shopper().flatMap(ShopperProfile::firstName).orElse(null),
            language,
            isRightToLeft(language));
    return new OffersReply(
        requestId,
        decision.presentationId(),
        greeting,
        decision.holdout(),
        offers,
        services.currency(),
        null,
        clock.instant());
  }

  private static OfferView view(ChosenOffer offer) {
    return new OfferView(
        offer.offerCode(),
        offer.rank(),
        offer.headline(),
        offer.body(),
        offer.discountPercent().orElse(null),
        offer.discountAmount().orElse(null),
        offer.validUntil());
  }

  static boolean isRightToLeft(String languageTag) {
    Boolean known = DIRECTIONS.get(languageTag);
    if (known != null) {
      return known;
    }
    boolean rightToLeft = RIGHT_TO_LEFT.contains(Locale.forLanguageTag(languageTag).getLanguage());
    // Languages are few; a tag a terminal made up is answered all the same, only not kept.
    if (DIRECTIONS.size() < MAX_DIRECTIONS_KEPT) {
      DIRECTIONS.put(languageTag, rightToLeft);
    }
    return rightToLeft;
  }

  private static ProtocolError rejected(RequestRejectedException e) {
    String code =
        switch (e.field()) {
          case "storeCode" -> Errors.UNKNOWN_STORE;
          case "terminalCode" -> Errors.UNKNOWN_TERMINAL;
          default -> Errors.INVALID_FIELD;
        };
    return Errors.of(code, e.field(), e.value(), e.expected());
  }

  private OffersReply errorReply(String requestId, ProtocolError error) {
    return new OffersReply(requestId, null, null, false, List.of(), null, error, clock.instant());
  }

  private void refuseIdentify(
      MqttIncoming message, String replyTopic, String requestId, ProtocolError error) {
    LOG.warn("identify on {} refused: {}", message.topic(), error.message());
    answerIdentify(message, replyTopic, errorReply(requestId, error));
  }

  private void refuseAck(
      MqttIncoming message, String ackTopic, String messageId, ProtocolError error) {
    LOG.warn("message {} on {} refused: {}", messageId, message.topic(), error.message());
    reply(message, ackTopic, new Ack(messageId, "rejected", error));
  }

  private void reply(MqttIncoming request, String topic, Object body) {
    byte[] payload = json.toJson(body);
    services.mqtt().publish(MqttOutgoing.replyTo(topic, request.correlationData(), payload));
  }
}
