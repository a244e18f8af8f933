package org.tailor.channel.kiosk;

import jakarta.json.Json;
import jakarta.json.JsonReaderFactory;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.plugin.host.DecisionLog;
import org.tailor.plugin.host.HostConfiguration;
import org.tailor.plugin.host.MqttGateway;
import org.tailor.plugin.host.MqttHandler;
import org.tailor.plugin.host.MqttIncoming;
import org.tailor.plugin.host.MqttOutgoing;
import org.tailor.plugin.host.MqttSubscription;
import org.tailor.plugin.host.OfferDecisions;
import org.tailor.plugin.host.ShopperDirectory;
import org.tailor.plugin.host.TerminalRegistry;
import org.tailor.terminal.protocol.Topics;

/**
 * The kiosk channel: subscribes (shared; identify at QoS 0, the rest QoS 1) to what every terminal
 * of every store sends, in any protocol version, and hands each message to {@link
 * TerminalMessages}. Starts when the host's services are there; unsubscribes when stopped.
 *
 * <p>Setting (host configuration): {@code tailor.kiosk.max.payload.bytes}, the largest payload read
 * (default 16384); larger ones are refused with {@code payload-too-large}.
 */
@Component(immediate = true)
public final class KioskChannel {

  static final String MAX_PAYLOAD_SETTING = "tailor.kiosk.max.payload.bytes";
  static final int DEFAULT_MAX_PAYLOAD = 16_384;

  /**
   * Identify requests reach the server at QoS 0 (the terminal still publishes them at QoS 1 to the
   * broker): a question asked again costs nothing, the broker then keeps no acknowledgement state
   * per request, and a flood beyond what the server answers is shed by the gateway, boundedly,
   * instead of queued in the broker. HiveMQ CE (the embedded broker) takes each acknowledged QoS 1
   * message off a shared subscription's queue by walking the whole queue, so with tens of thousands
   * of identifies queued under overload its event loops did nothing else and the server answered a
   * quarter of its capacity. Redemptions, shown and status stay QoS 1, acknowledged when handled.
   * An identify the gateway sheds is answered at once with a {@code busy} error ({@link
   * TerminalMessages#busyReply}), so the shopper is asked to scan again instead of waiting.
   */
  static final int IDENTIFY_QOS = 0;

  private static final Logger LOG = LoggerFactory.getLogger(KioskChannel.class);

  private final MqttGateway mqtt;
  private final List<MqttSubscription> subscriptions = new ArrayList<>();
  private final Jsonb jsonb;

  @Activate
  public KioskChannel(
      @Reference MqttGateway mqtt,
      @Reference OfferDecisions decisions,
      @Reference DecisionLog log,
      @Reference ShopperDirectory shoppers,
      @Reference TerminalRegistry terminals,
      @Reference HostConfiguration host) {
    this.mqtt = mqtt;
    int maxBytes = maxPayload(host);
    this.jsonb = withHostClassLoader(JsonbBuilder::create);
    JsonReaderFactory readers = withHostClassLoader(() -> Json.createReaderFactory(Map.of()));
    TerminalMessages messages =
        new TerminalMessages(
            new TerminalMessages.Services(
                mqtt, decisions, log, shoppers, terminals, host.currency()),
            new PayloadReader(readers, jsonb, maxBytes),
            jsonb,
            Clock.systemUTC());
    subscribe(
        Topics.IDENTIFY,
        IDENTIFY_QOS,
        new MqttHandler() {
          @Override
          public void onMessage(MqttIncoming message) {
            messages.identify(message);
          }

          @Override
          public Optional<MqttOutgoing> onShed(MqttIncoming message) {
            return messages.busyReply(message);
          }
        });
    subscribe(Topics.REDEMPTIONS, 1, messages::redemption);
    subscribe(Topics.SHOWN, 1, messages::shown);
    subscribe(Topics.STATUS, 1, messages::status);
    LOG.info("kiosk channel serving terminals (payloads up to {} bytes)", maxBytes);
  }

  private void subscribe(String kind, int qos, MqttHandler handler) {
    subscriptions.add(mqtt.subscribe(Topics.anyTerminalFilter(kind), true, qos, handler));
  }

  @Deactivate
  void deactivate() {
    subscriptions.forEach(MqttSubscription::close);
    subscriptions.clear();
    try {
      jsonb.close();
    } catch (Exception e) {
      LOG.warn("closing JSON-B", e);
    }
    LOG.info("kiosk channel stopped");
  }

  static int maxPayload(HostConfiguration host) {
    String value = host.setting(MAX_PAYLOAD_SETTING).orElse(null);
    if (value == null) {
      return DEFAULT_MAX_PAYLOAD;
    }
    try {
      int bytes = Integer.parseInt(value.strip());
      if (bytes >= 256) {
        return bytes;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    LOG.warn(
        "setting {} = \"{}\": expected a whole number of bytes from 256; using {}",
        MAX_PAYLOAD_SETTING,
        value,
        DEFAULT_MAX_PAYLOAD);
    return DEFAULT_MAX_PAYLOAD;
  }

  /**
   * Runs a JSON provider look-up with the class loader of the Jakarta API as context class loader:
   * the host exports the API and keeps its implementations (Yasson, Parsson) on its own class path,
   * which the API's service look-up then finds.
   */
  static <T> T withHostClassLoader(Supplier<T> lookup) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(JsonbBuilder.class.getClassLoader());
    try {
      return lookup.get();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
