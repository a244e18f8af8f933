package org.tailor.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The kiosk channel over the embedded broker reached as before the in-process gateway, through Paho
 * MQTT clients over loopback TCP ({@code tailor.mqtt.embedded.gateway = paho}): the fallback that
 * lets both be compared in one build.
 */
class KioskOverEmbeddedBrokerThroughPahoTest extends KioskOverMqttContract {

  @Override
  Map<String, String> brokerSettings() {
    return Map.of(
        "tailor.mqtt.broker",
        "embedded",
        "tailor.mqtt.embedded.port",
        "0",
        "tailor.mqtt.embedded.gateway",
        "paho");
  }

  @Override
  void assumeBroker() {
    // always there
  }

  @Test
  void theServerTalksToItsEmbeddedBrokerThroughPaho() {
    assertThat(server.mqtt()).isInstanceOf(PahoMqttGateway.class);
    assertThat(server.mqtt().health(Locale.ENGLISH)).startsWith("connected to " + server.mqttUrl());
  }
}
