package org.tailor.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.tailor.server.config.TailorSettings;

/**
 * The brokers the gateway's tests run against: an embedded broker (HiveMQ CE) started for a test
 * class, and the machine's Mosquitto on 127.0.0.1:1883 (the test skipped when none listens); each
 * run with its own client ids and shared-subscription group.
 */
final class GatewayTestBrokers implements AutoCloseable {

  static final String SERVER_USER = "tailor-server";

  /** How long a test waits for what the brokers and the gateway should do. */
  static final long WAIT_SECONDS = 60;

  private final EmbeddedMqttBroker embedded;
  private final MqttSettings embeddedSettings;
  private final String secret;

  private GatewayTestBrokers(
      EmbeddedMqttBroker embedded, MqttSettings embeddedSettings, String secret) {
    this.embedded = embedded;
    this.embeddedSettings = embeddedSettings;
    this.secret = secret;
  }

  /** Starts an embedded broker on a free port, its data in {@code folder}. */
  static GatewayTestBrokers start(Path folder, String secret) {
    MqttSettings settings =
        MqttSettings.from(TailorSettings.of(Map.of("tailor.mqtt.embedded.port", "0")))
            .withPassword(secret);
    return new GatewayTestBrokers(
        EmbeddedMqttBroker.start(settings, folder, secret, (terminal, s) -> Optional.empty()),
        settings,
        secret);
  }

  /**
   * The gateway's settings for {@code broker} ("embedded" or "mosquitto"), with ids of a run of
   * their own; skips the test, saying {@code untested}, when no Mosquitto listens.
   */
  MqttSettings settings(String broker, int workers, int connections, String untested) {
    String run = run();
    if (broker.equals("embedded")) {
      return new MqttSettings(
          MqttSettings.Broker.EMBEDDED,
          embeddedSettings.url(),
          embeddedSettings.embeddedHost(),
          embeddedSettings.embeddedPort(),
          SERVER_USER,
          Optional.of(secret),
          Optional.empty(),
          Optional.empty(),
          "tailor-test-" + run,
          workers,
          connections,
          "tailor-server-" + run);
    }
    assumeTrue(
        KioskOverMosquittoTest.isListening("127.0.0.1", 1883),
        "no MQTT broker on 127.0.0.1:1883: " + untested + " over Mosquitto are not tested");
    return new MqttSettings(
        MqttSettings.Broker.EXTERNAL,
        "tcp://127.0.0.1:1883",
        "127.0.0.1",
        1883,
        "tailor-test",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "tailor-test-" + run,
        workers,
        connections,
        "tailor-server-" + run);
  }

  @Override
  public void close() {
    embedded.close();
  }

  /** Eight characters of a random id, for topics and client ids of one run. */
  static String run() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    await(condition, () -> what);
  }

  /** As above; the description is made when the wait failed, so it can tell what was missing. */
  static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(condition.getAsBoolean()).as(what.get() + " within " + WAIT_SECONDS + " s").isTrue();
  }
}
