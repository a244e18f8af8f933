package org.tailor.agent;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** The machine's Mosquitto on 127.0.0.1:1883; tests that need it skip with a clear message. */
public final class Mosquitto {

  public static final String HOST = "127.0.0.1";
  public static final int PORT = 1883;
  public static final String URL = "tcp://" + HOST + ":" + PORT;

  private Mosquitto() {}

  /** Skips the calling test when no broker answers on 127.0.0.1:1883. */
  public static void assumeRunning() {
    assumeTrue(
        reachable(),
        "Mosquitto is not running on 127.0.0.1:1883: skipping this test against a real broker"
            + " (install and start mosquitto to run it)");
  }

  private static boolean reachable() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, PORT), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
