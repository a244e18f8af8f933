package org.tailor.server.mqtt;

import java.util.Map;

/** The real agent jar against the server's embedded broker (HiveMQ CE, ACL from the database). */
class KioskAgentJarOverEmbeddedBrokerTest extends KioskAgentJarContract {

  @Override
  Map<String, String> brokerSettings() {
    return Map.of("tailor.mqtt.broker", "embedded", "tailor.mqtt.embedded.port", "0");
  }

  @Override
  void assumeBroker() {
    // always there
  }
}
