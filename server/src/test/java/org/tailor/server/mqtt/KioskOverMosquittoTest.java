package org.tailor.server.mqtt;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.UUID;

/**
 * The kiosk channel over the real Mosquitto on 127.0.0.1:1883 (skipped where none runs). That
 * broker is shared with whatever else runs on the machine, so this server uses a shared
 * subscription group of its own.
 */
class KioskOverMosquittoTest extends KioskOverMqttContract {

  static final String HOST = "127.0.0.1";
  static final int PORT = 1883;

  @Override
  Map<String, String> brokerSettings() {
    return Map.of(
        "tailor.mqtt.broker",
        "external",
        "tailor.mqtt.url",
        "tcp://" + HOST + ":" + PORT,
        "tailor.mqtt.shared.group",
        "tailor-test-" + UUID.randomUUID().toString().substring(0, 8));
  }

  @Override
  void assumeBroker() {
    assumeTrue(
        isListening(HOST, PORT),
        "no MQTT broker on " + HOST + ":" + PORT + ": the Mosquitto tests are skipped");
  }

  static boolean isListening(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
