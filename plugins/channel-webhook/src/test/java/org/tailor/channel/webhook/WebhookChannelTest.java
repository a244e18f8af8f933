package org.tailor.channel.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.parsson.JsonProviderImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.DeliveryException;
import org.tailor.plugin.DeliveryReceipt;
import org.tailor.plugin.OfferMessage;
import org.tailor.plugin.ShopperProfile;

/** The webhook channel against a real HTTP server (the JDK's) that answers as told. */
class WebhookChannelTest {

  private static final String SECRET = "shared-secret";

  /** One request as the gateway received it. */
  record Received(String body, String signature, String idempotencyKey) {}

  private HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Deque<Integer> answers = new ArrayDeque<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/messages",
        exchange -> {
          String body;
          try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
          received.add(
              new Received(
                  body,
                  exchange.getRequestHeaders().getFirst("Tailor-Signature"),
                  exchange.getRequestHeaders().getFirst("Idempotency-Key")));
          Integer status;
          synchronized (answers) {
            status = answers.isEmpty() ? 200 : answers.poll();
          }
          byte[] reply = ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("X-Request-Id", "gw-" + received.size());
          exchange.sendResponseHeaders(status, reply.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private WebhookChannel channel(int attempts) {
    return new WebhookChannel(
        new WebhookChannel.Gateway(
            "sms",
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/messages"),
            SECRET,
            attempts,
            1,
            5_000));
  }

  private static OfferMessage message(String id) {
    return new OfferMessage(
        id,
        new ShopperProfile(
            "L-1", Optional.of("美玲"), "zh-TW", Optional.empty(), List.of(), Map.of()),
        "+886912345678",
        "offers",
        List.of(
            new CandidateOffer(
                "tea-10",
                Optional.of("tea"),
                Optional.of(BigDecimal.TEN),
                Optional.empty(),
                Optional.empty())),
        "",
        "美玲 您好，生日快樂");
  }

  private void answer(Integer... statuses) {
    synchronized (answers) {
      answers.addAll(List.of(statuses));
    }
  }

  @Test
  void postsSignedJsonTheGatewayCanVerify() throws Exception {
    DeliveryReceipt receipt = channel(3).deliver(message("m-1"));

    assertThat(receipt.externalReference()).isEqualTo("gw-1");
    Received request = received.get(0);
    assertThat(request.idempotencyKey()).isEqualTo("m-1");
    String timestamp = request.signature().substring(2, request.signature().indexOf(','));
    assertThat(request.signature())
        .isEqualTo(
            "t="
                + timestamp
                + ",v1="
                + WebhookSignature.hmac(SECRET, timestamp + "." + request.body()));
    assertThat(request.signature())
        .isNotEqualTo(
            WebhookSignature.header("another secret", Long.parseLong(timestamp), request.body()));
    JsonObject json =
        new JsonProviderImpl().createReader(new StringReader(request.body())).readObject();
    assertThat(json.getString("messageId")).isEqualTo("m-1");
    assertThat(json.getString("address")).isEqualTo("+886912345678");
    assertThat(json.getString("body")).isEqualTo("美玲 您好，生日快樂");
    assertThat(json.getJsonArray("offers").getString(0)).isEqualTo("tea-10");
  }

  @Test
  void retriesAServerErrorWithTheSameIdempotencyKey() throws Exception {
    answer(503, 429);
    DeliveryReceipt receipt = channel(3).deliver(message("m-2"));

    assertThat(receipt.externalReference()).isEqualTo("gw-3");
    assertThat(received).hasSize(3).extracting(Received::idempotencyKey).containsOnly("m-2");
  }

  @Test
  void givesUpRetryablyAfterItsAttemptsSoTheHostCanTryLaterOrDeadLetterIt() {
    answer(500, 502, 503);
    assertThatThrownBy(() -> channel(3).deliver(message("m-3")))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("HTTP 503")
        .hasMessageContaining("after 3 attempts");
    assertThat(received).hasSize(3);
  }

  @Test
  void aClientErrorIsPermanentAndNotRetried() {
    answer(422);
    assertThatThrownBy(() -> channel(3).deliver(message("m-4")))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("HTTP 422");
    assertThat(received).hasSize(1);
  }

  @Test
  void anUnreachableGatewayIsRetryable() {
    WebhookChannel nowhere =
        new WebhookChannel(
            new WebhookChannel.Gateway("sms", URI.create("http://127.0.0.1:1/x"), "", 2, 1, 2_000));
    assertThatThrownBy(() -> nowhere.deliver(message("m-5")))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("unreachable");
  }
}
