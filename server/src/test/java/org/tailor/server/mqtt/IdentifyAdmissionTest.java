package org.tailor.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.config.TailorSettings;

/**
 * The embedded broker refuses a terminal's identify requests as busy once its queues hold more than
 * {@link IdentifyAdmission#MAX_QUEUED_BYTES}, and never a redemption: a server that takes nothing
 * off its shared subscriptions (it never acknowledges) lets the identifies pile up.
 */
class IdentifyAdmissionTest {

  private static final String SERVER_SECRET = "identify-admission-test";
  private static final int QUOTA_EXCEEDED = 0x97;

  @TempDir Path brokerFolder;

  @Test
  void refusesIdentifiesAsBusyWhenTheBacklogIsFullButNeverARedemption() throws Exception {
    MqttSettings settings =
        MqttSettings.from(TailorSettings.of(Map.of("tailor.mqtt.embedded.port", "0")))
            .withPassword(SERVER_SECRET);
    String prefix = "tailor/v1/stores/S1/terminals/kiosk-1/";
    try (EmbeddedMqttBroker broker =
        EmbeddedMqttBroker.start(
            settings,
            brokerFolder,
            SERVER_SECRET,
            (terminal, secret) ->
                terminal.equals("kiosk-1") && secret.equals("kiosk-secret")
                    ? Optional.of("S1")
                    : Optional.empty())) {
      String url = "tcp://" + broker.address();
      MqttAsyncClient server = client(url, "stalled-server");
      server.setManualAcks(true); // takes messages and acknowledges none: the backlog stays
      connect(server, settings.username(), SERVER_SECRET);
      for (String kind : List.of("identify", "redemptions")) {
        server
            .subscribe(new MqttSubscription("$share/g/tailor/+/stores/+/terminals/+/" + kind, 1))
            .waitForCompletion(10_000);
      }
      MqttAsyncClient terminal = client(url, "kiosk-1-agent");
      connect(terminal, "kiosk-1", "kiosk-secret");

      String padding = "x".repeat(400);
      List<Integer> identifyCodes = publishAll(terminal, prefix + "identify", 5_000, padding);
      List<Integer> redemptionCodes = publishAll(terminal, prefix + "redemptions", 300, padding);

      long refused = identifyCodes.stream().filter(code -> code == QUOTA_EXCEEDED).count();
      long accepted = identifyCodes.stream().filter(code -> code < 0x80).count();
      assertThat(accepted).as("identifies queued before the limit").isGreaterThan(500);
      assertThat(refused).as("identifies refused as busy").isGreaterThan(1_000);
      assertThat(accepted + refused).isEqualTo(5_000);
      assertThat(redemptionCodes)
          .hasSize(300)
          .allSatisfy(code -> assertThat(code).isLessThan(0x80));
      terminal.disconnect().waitForCompletion(10_000);
      terminal.close();
      server.disconnect().waitForCompletion(10_000);
      server.close();
    }
  }

  private static MqttAsyncClient client(String url, String clientId) throws MqttException {
    return new MqttAsyncClient(url, clientId, new MemoryPersistence());
  }

  private static void connect(MqttAsyncClient client, String user, String password)
      throws MqttException {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setUserName(user);
    options.setPassword(password.getBytes(StandardCharsets.UTF_8));
    client.connect(options).waitForCompletion(10_000);
  }

  /** Publishes {@code count} QoS 1 messages one after the other; the broker's reason codes. */
  private static List<Integer> publishAll(
      MqttAsyncClient client, String topic, int count, String padding) throws Exception {
    List<Integer> codes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] payload =
          ("{\"messageId\":\"m-" + i + "\",\"padding\":\"" + padding + "\"}")
              .getBytes(StandardCharsets.UTF_8);
      IMqttToken token = client.publish(topic, new MqttMessage(payload, 1, false, null));
      try {
        token.waitForCompletion(10_000);
        int[] reasons = token.getReasonCodes();
        codes.add(reasons == null || reasons.length == 0 ? 0 : reasons[0]);
      } catch (MqttException refused) {
        codes.add(refused.getReasonCode());
      }
    }
    return codes;
  }
}
