package org.tailor.channel.kiosk;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.tailor.plugin.host.ChosenOffer;
import org.tailor.plugin.host.Decision;
import org.tailor.plugin.host.DecisionLog;
import org.tailor.plugin.host.MqttGateway;
import org.tailor.plugin.host.MqttHandler;
import org.tailor.plugin.host.MqttIncoming;
import org.tailor.plugin.host.MqttOutgoing;
import org.tailor.plugin.host.MqttSubscription;
import org.tailor.plugin.host.ShopperDirectory;
import org.tailor.plugin.host.TerminalRegistry;
import org.tailor.terminal.protocol.Topics;

/** Which QoS and correlation data each answer of the channel goes out with. */
class TerminalMessagesTest {

  private static final Jsonb JSONB = JsonbBuilder.create();
  private static final byte[] CORRELATION = {1, 2, 3, 4, 5, 6, 7, 8};
  private static final String OFFERS_TOPIC = Topics.terminalTopic("S1", "kiosk-1", Topics.OFFERS);
  private static final String ACKS_TOPIC = Topics.terminalTopic("S1", "kiosk-1", Topics.ACKS);

  private final List<MqttOutgoing> published = new ArrayList<>();

  @AfterAll
  static void close() throws Exception {
    JSONB.close();
  }

  @Test
  void answersAnIdentifyWithOffersAtQosZeroAndTheRequestsCorrelationData() {
    messages().identify(identify("{" + IDENTIFY_FIELDS + "}"));

    assertThat(published).hasSize(1);
    MqttOutgoing answer = published.get(0);
    assertThat(answer.topic()).isEqualTo(OFFERS_TOPIC);
    assertThat(answer.qos()).isZero();
    assertThat(answer.retained()).isFalse();
    assertThat(answer.correlationData())
        .hasValueSatisfying(c -> assertThat(c).isEqualTo(CORRELATION));
    assertThat(text(answer))
        .contains("\"requestId\":\"m-1\"", "\"presentationId\":\"42\"", "\"code\":\"tea-2\"")
        .doesNotContain("\"error\"");
  }

  @Test
  void answersARefusedIdentifyAtQosZeroToo() {
    messages().identify(identify("{" + IDENTIFY_FIELDS + ",\"colour\":\"red\"}"));

    assertThat(published).hasSize(1);
    MqttOutgoing answer = published.get(0);
    assertThat(answer.topic()).isEqualTo(OFFERS_TOPIC);
    assertThat(answer.qos()).isZero();
    assertThat(answer.correlationData())
        .hasValueSatisfying(c -> assertThat(c).isEqualTo(CORRELATION));
    assertThat(text(answer)).contains("\"requestId\":\"m-1\"", "\"error\"", "colour");
  }

  @Test
  void acknowledgesAPresentationShownAtQosOne() {
    messages()
        .shown(
            incoming(
                Topics.terminalTopic("S1", "kiosk-1", Topics.SHOWN),
                ACKS_TOPIC,
                "{\"messageId\":\"s-1\",\"presentationId\":\"42\","
                    + "\"shownAt\":\"2026-11-27T10:00:00Z\"}"));

    assertThat(published).hasSize(1);
    assertThat(published.get(0).topic()).isEqualTo(ACKS_TOPIC);
    assertThat(published.get(0).qos()).isEqualTo(1);
    assertThat(text(published.get(0))).contains("\"messageId\":\"s-1\"", "accepted");
  }

  private static final String IDENTIFY_FIELDS =
      "\"messageId\":\"m-1\",\"identifier\":{\"type\":\"loyalty\",\"value\":\"L100\"},"
          + "\"language\":\"en\",\"maxOffers\":3,\"sentAt\":\"2026-11-27T10:00:00Z\"";

  private TerminalMessages messages() {
    MqttGateway mqtt =
        new MqttGateway() {
          @Override
          public MqttSubscription subscribe(
              String topicFilter, boolean shared, int qos, MqttHandler handler) {
            throw new UnsupportedOperationException();
          }

          @Override
          public void publish(MqttOutgoing message) {
            published.add(message);
          }

          @Override
          public boolean isConnected() {
            return true;
          }
        };
    Decision decision =
        new Decision(
            "42",
            Optional.empty(),
            "en",
            false,
            List.of(
                new ChosenOffer(
                    "tea-2",
                    1,
                    0.3,
                    "2 € off",
                    "On tea",
                    Optional.empty(),
                    Optional.of(new BigDecimal("2.00")),
                    Instant.parse("2026-12-31T23:59:59Z"),
                    "test")));
    TerminalRegistry terminals =
        unused(
            TerminalRegistry.class,
            (method, args) -> method.getName().equals("recordShown") ? Boolean.TRUE : null);
    return new TerminalMessages(
        new TerminalMessages.Services(
            mqtt,
            request -> decision,
            unused(DecisionLog.class, (method, args) -> null),
            unused(ShopperDirectory.class, (method, args) -> null),
            terminals,
            "EUR"),
        new PayloadReader(Json.createReaderFactory(Map.of()), JSONB, 4096),
        JSONB,
        Clock.fixed(Instant.parse("2026-11-27T10:00:01Z"), ZoneOffset.UTC));
  }

  private interface Answer {
    Object answer(java.lang.reflect.Method method, Object[] args);
  }

  private static <T> T unused(Class<T> type, Answer answer) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              Object result = answer.answer(method, args);
              if (result == null && !method.getReturnType().equals(void.class)) {
                throw new UnsupportedOperationException(method.getName());
              }
              return result;
            }));
  }

  private static MqttIncoming identify(String json) {
    return incoming(Topics.terminalTopic("S1", "kiosk-1", Topics.IDENTIFY), OFFERS_TOPIC, json);
  }

  private static MqttIncoming incoming(String topic, String responseTopic, String json) {
    return new MqttIncoming(
        topic,
        json.getBytes(StandardCharsets.UTF_8),
        1,
        false,
        Optional.of(responseTopic),
        Optional.of(CORRELATION));
  }

  private static String text(MqttOutgoing message) {
    return new String(message.payload(), StandardCharsets.UTF_8);
  }
}
