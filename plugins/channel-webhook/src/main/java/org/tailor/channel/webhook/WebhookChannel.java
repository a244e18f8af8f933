package org.tailor.channel.webhook;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.parsson.JsonProviderImpl;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.ChannelPlugin;
import org.tailor.plugin.DeliveryException;
import org.tailor.plugin.DeliveryReceipt;
import org.tailor.plugin.OfferMessage;

/**
 * A channel that POSTs each message as signed JSON to an integrator's gateway (SMS, push, …),
 * retrying with back-off before it hands a failure back to the host.
 */
@Component(
    service = ChannelPlugin.class,
    configurationPid = WebhookChannel.PID,
    configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = WebhookChannel.Settings.class)
public class WebhookChannel implements ChannelPlugin {

  static final String PID = "tailor.channel.webhook";

  private static final JsonProvider JSON = new JsonProviderImpl();

  /** Where the gateway is and how hard to try. */
  @ObjectClassDefinition(name = "Webhook channel", description = "Signed JSON POST per message.")
  public @interface Settings {
    @AttributeDefinition(name = "Channel name")
    String channel() default "sms";

    @AttributeDefinition(name = "Gateway URL")
    String url() default "http://127.0.0.1:9000/messages";

    @AttributeDefinition(name = "Signing secret", type = AttributeType.PASSWORD, required = false)
    String secret() default "";

    @AttributeDefinition(name = "Attempts per hand-over", min = "1", max = "10")
    int attempts() default 3;

    @AttributeDefinition(name = "First back-off (ms)", min = "0")
    long backoff_ms() default 500;

    @AttributeDefinition(name = "Timeout (ms)", min = "100")
    int timeout_ms() default 10_000;
  }

  /** The settings as plain values, so the channel can also be used outside OSGi (tests). */
  record Gateway(
      String channel,
      URI url,
      String secret,
      int attempts,
      long backoffMillis,
      int timeoutMillis) {}

  private volatile Gateway gateway;
  private volatile HttpClient client;

  /** For Declarative Services. */
  public WebhookChannel() {}

  /** For use outside OSGi. */
  WebhookChannel(Gateway gateway) {
    use(gateway);
  }

  @Activate
  void activate(Settings settings) {
    use(
        new Gateway(
            settings.channel(),
            URI.create(settings.url()),
            settings.secret(),
            settings.attempts(),
            settings.backoff_ms(),
            settings.timeout_ms()));
  }

  private void use(Gateway settings) {
    this.gateway = settings;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofMillis(settings.timeoutMillis()))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  @Override
  public String channel() {
    return gateway.channel();
  }

  @Override
  public DeliveryReceipt deliver(OfferMessage message) throws DeliveryException {
    Gateway target = gateway;
    String body = json(target.channel(), message);
    String lastProblem = "";
    for (int attempt = 1; attempt <= target.attempts(); attempt++) {
      if (attempt > 1) {
        pause(target.backoffMillis() << (attempt - 2));
      }
      HttpRequest.Builder request =
          HttpRequest.newBuilder(target.url())
              .timeout(Duration.ofMillis(target.timeoutMillis()))
              .header("Content-Type", "application/json; charset=utf-8")
              .header("Idempotency-Key", message.messageId())
              .POST(HttpRequest.BodyPublishers.ofString(body));
      if (!target.secret().isEmpty()) {
        request.header(
            WebhookSignature.HEADER,
            WebhookSignature.header(target.secret(), Instant.now().getEpochSecond(), body));
      }
      HttpResponse<String> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        lastProblem = "gateway " + target.url() + " unreachable: " + e;
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DeliveryException("interrupted while posting to " + target.url(), true, e);
      }
      int status = response.statusCode();
      if (status / 100 == 2) {
        return new DeliveryReceipt(
            message.messageId(),
            Instant.now(),
            response.headers().firstValue("X-Request-Id").orElse("HTTP " + status));
      }
      lastProblem =
          "gateway " + target.url() + " answered HTTP " + status + ": " + snippet(response.body());
      if (!(status >= 500 || status == 408 || status == 429)) {
        throw new DeliveryException(lastProblem, false, null);
      }
    }
    throw new DeliveryException(
        lastProblem + " (after " + target.attempts() + " attempts)", true, null);
  }

  static String json(String channel, OfferMessage message) {
    JsonArrayBuilder offers = JSON.createArrayBuilder();
    for (CandidateOffer offer : message.offers()) {
      offers.add(offer.offerCode());
    }
    JsonObjectBuilder object =
        JSON.createObjectBuilder()
            .add("messageId", message.messageId())
            .add("channel", channel)
            .add("purpose", message.purpose())
            .add("address", message.address())
            .add("loyaltyId", message.shopper().loyaltyId())
            .add("language", message.shopper().language())
            .add("firstName", message.shopper().firstName().orElse(""))
            .add("subject", message.subject())
            .add("body", message.body())
            .add("offers", offers);
    return object.build().toString();
  }

  private static String snippet(String body) {
    String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 197) + "...";
  }

  private static void pause(long millis) throws DeliveryException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("interrupted while backing off", true, e);
    }
  }
}
