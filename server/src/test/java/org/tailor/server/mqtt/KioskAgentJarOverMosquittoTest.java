package org.tailor.server.mqtt;

import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.tailor.agent.Mosquitto;
import org.tailor.server.store.TerminalCredentials.IssuedCredential;
import org.tailor.terminal.protocol.Topics;

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

  @Override
  void clearRetained() throws Exception {
    MqttClient client =
        new MqttClient(Mosquitto.URL, "e2e-cleaner-" + UUID.randomUUID(), new MemoryPersistence());
    client.connect();
    try {
      for (IssuedCredential till : tills) {
        for (String kind : new String[] {Topics.STATUS, Topics.CONFIG}) {
          client.publish(
              Topics.terminalTopic(till.storeCode(), till.terminalCode(), kind),
              new byte[0],
              1,
              true);
        }
      }
    } finally {
      client.disconnect();
      client.close();
    }
  }
}
