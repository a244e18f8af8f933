package org.tailor.server.mqtt;

import java.util.Map;
import java.util.UUID;
import org.tailor.agent.Mosquitto;

/**
 * The real agent jar against the machine's Mosquitto on 127.0.0.1:1883 (skipped with a message
 * where none listens), as configured there: the agent presents its credentials and the broker
 * decides. The server uses a shared subscription group of its own.
 */
class KioskAgentJarOverMosquittoTest extends KioskAgentJarContract {

  @Override
  Map<String, String> brokerSettings() {
    return Map.of(
        "tailor.mqtt.broker",
        "external",
        "tailor.mqtt.url",
        Mosquitto.URL,
        "tailor.mqtt.shared.group",
        "tailor-e2e-" + UUID.randomUUID().toString().substring(0, 8));
  }

  @Override
  void assumeBroker() {
    Mosquitto.assumeRunning();
  }
}
