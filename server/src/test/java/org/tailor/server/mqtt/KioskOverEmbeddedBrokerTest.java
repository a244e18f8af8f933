package org.tailor.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.tailor.server.store.TerminalDetails;
import org.tailor.terminal.protocol.Topics;

/** The kiosk channel over the embedded broker (HiveMQ CE), whose ACL comes from the database. */
class KioskOverEmbeddedBrokerTest extends KioskOverMqttContract {

  @Override
  Map<String, String> brokerSettings() {
    return Map.of("tailor.mqtt.broker", "embedded", "tailor.mqtt.embedded.port", "0");
  }

  @Override
  void assumeBroker() {
    // always there
  }

  @Test
  void theServerTalksToItsEmbeddedBrokerInProcessByDefault() {
    assertThat(server.mqtt()).isInstanceOf(EmbeddedMqttGateway.class);
    assertThat(server.mqtt().health(Locale.ENGLISH))
        .isEqualTo("in process with the embedded broker at " + server.mqttUrl().substring(6));
  }

  @Test
  void aTerminalCannotSubscribeToOrPublishIntoAnotherStoresTopics() throws Exception {
    try (RawTerminal other = connect(otherKiosk)) {
      String othersOffers = Topics.terminalTopic(OTHER_STORE, OTHER_TERMINAL, Topics.OFFERS);
      other.subscribedTo(othersOffers);

      assertThatThrownBy(() -> terminal.subscribedTo("tailor/v1/stores/" + OTHER_STORE + "/#"))
          .isInstanceOf(RawTerminal.SubscriptionRefused.class)
          .hasMessageContaining("reason code 135");
      terminal.publish(othersOffers, "{\"forged\":true}", null, null);

      // The other terminal's own message is the first it gets: the forged one never arrived.
      other.publish(othersOffers, "{\"marker\":true}", null, null);
      assertThat(other.next().payload()).isEqualTo("{\"marker\":true}");
    }
  }

  @Test
  void aTerminalWithAWrongSecretOrNoneCannotConnect() {
    for (String secret : new String[] {"wrong-secret", null}) {
      assertThatThrownBy(
              () ->
                  RawTerminal.connect(
                      server.mqttUrl(), kiosk.storeCode(), "uk-kiosk-1", "uk-kiosk-1", secret))
          .as("secret %s", secret)
          .isInstanceOf(MqttException.class);
    }
  }

  @Test
  void aRememberedLoginStopsWorkingOnceTheSecretIsReplacedOrRevoked() throws Exception {
    server
        .stores()
        .createTerminal(OTHER_STORE, new TerminalDetails("rotating-kiosk", "kiosk", "Rotating"));
    var first = server.terminalCredentials().issue("rotating-kiosk");
    // Two logins with the same secret: the second is answered from the verified-login cache.
    for (int i = 0; i < 2; i++) {
      try (RawTerminal kiosk = connect(first)) {
        assertThat(kiosk.publish(kiosk.topic(Topics.STATUS), "{}", null, null)).isZero();
      }
    }
    assertThat(server.terminalCredentials().authenticate("rotating-kiosk", first.secret()))
        .contains(OTHER_STORE);

    var second = server.terminalCredentials().issue("rotating-kiosk");
    assertThatThrownBy(() -> connect(first)).isInstanceOf(MqttException.class);
    assertThat(server.terminalCredentials().authenticate("rotating-kiosk", first.secret()))
        .isEmpty();
    try (RawTerminal kiosk = connect(second)) {
      assertThat(kiosk.publish(kiosk.topic(Topics.STATUS), "{}", null, null)).isZero();
    }
    try (RawTerminal kiosk = connect(second)) {
      assertThat(kiosk.publish(kiosk.topic(Topics.STATUS), "{}", null, null)).isZero();
    }

    server.terminalCredentials().revoke("rotating-kiosk");
    assertThatThrownBy(() -> connect(second)).isInstanceOf(MqttException.class);
    assertThat(server.terminalCredentials().authenticate("rotating-kiosk", second.secret()))
        .isEmpty();
  }

  @Test
  void aRememberedLoginStopsWorkingOnceTheTerminalIsDeletedOrRenamed() throws Exception {
    server
        .stores()
        .createTerminal(OTHER_STORE, new TerminalDetails("leaving-kiosk", "kiosk", "Leaving"));
    var leaving = server.terminalCredentials().issue("leaving-kiosk");
    server
        .stores()
        .createTerminal(OTHER_STORE, new TerminalDetails("renamed-kiosk", "kiosk", "Renamed"));
    var renamed = server.terminalCredentials().issue("renamed-kiosk");
    // each login verified, so that the next is answered from the verified-login cache
    for (var credential : java.util.List.of(leaving, renamed)) {
      try (RawTerminal kiosk = connect(credential)) {
        assertThat(kiosk.publish(kiosk.topic(Topics.STATUS), "{}", null, null)).isZero();
      }
    }

    server.stores().deleteTerminal("leaving-kiosk");
    assertThat(server.terminalCredentials().authenticate("leaving-kiosk", leaving.secret()))
        .isEmpty();
    assertThatThrownBy(() -> connect(leaving)).isInstanceOf(MqttException.class);

    server
        .stores()
        .updateTerminal(
            "renamed-kiosk", new TerminalDetails("renamed-kiosk-2", "kiosk", "Renamed"));
    assertThat(server.terminalCredentials().authenticate("renamed-kiosk", renamed.secret()))
        .as("the old code logs in no more")
        .isEmpty();
    assertThat(server.terminalCredentials().authenticate("renamed-kiosk-2", renamed.secret()))
        .as("the new code, with the same secret, does")
        .contains(OTHER_STORE);
  }

  @Test
  void aCredentialIssuedAgainReplacesTheOldOne() throws Exception {
    var first = server.terminalCredentials().issue("uk-till-1");
    var second = server.terminalCredentials().issue("uk-till-1");
    assertThat(second.secret()).isNotEqualTo(first.secret());
    assertThatThrownBy(() -> connect(first)).isInstanceOf(MqttException.class);
    try (RawTerminal till = connect(second)) {
      assertThat(
              till.publish(
                  till.topic(Topics.SHOWN), "{}".getBytes(StandardCharsets.UTF_8), null, null))
          .isZero();
    }
  }
}
