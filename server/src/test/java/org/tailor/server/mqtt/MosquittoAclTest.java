package org.tailor.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.access.BrokerPasswordHash;
import org.tailor.server.store.TerminalCredentials.Credential;
import org.tailor.terminal.protocol.Topics;

/**
 * The shipped {@code config/mosquitto/mosquitto.conf} with the password and ACL files the server
 * writes, in a Mosquitto process of its own on a free port (skipped where the {@code mosquitto}
 * binary is absent): terminals log in with the hashes the server stored and stay in their subtree;
 * the server's user gets every terminal's messages through a shared subscription.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MosquittoAclTest {

  @TempDir static Path root;

  private static final String SERVER_SECRET = BrokerPasswordHash.newSecret();
  private static final String KIOSK_SECRET = BrokerPasswordHash.newSecret();
  private static final String OTHER_SECRET = BrokerPasswordHash.newSecret();

  private Process mosquitto;
  private String url;

  @BeforeAll
  void startMosquitto() throws Exception {
    Optional<Path> binary =
        Stream.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto")
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst();
    assumeTrue(binary.isPresent(), "no mosquitto binary: the Mosquitto ACL test is skipped");
    Path shipped = Path.of("..", "config", "mosquitto", "mosquitto.conf");
    assertThat(shipped).exists();
    Path files = root.resolve("tailor");
    MosquittoFiles.write(
        files,
        List.of(
            new Credential("kiosk-a", "store-a", BrokerPasswordHash.hash(KIOSK_SECRET)),
            new Credential("kiosk-b", "store-b", BrokerPasswordHash.hash(OTHER_SECRET))),
        "tailor-server",
        BrokerPasswordHash.hash(SERVER_SECRET));
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String conf =
        MosquittoFiles.configFor(shipped, files, port)
            // Run as root, Mosquitto drops to user "mosquitto", who cannot read the test's folder.
            + "user "
            + System.getProperty("user.name")
            + "\n";
    Path confFile = Files.writeString(root.resolve("mosquitto.conf"), conf);
    mosquitto =
        new ProcessBuilder(binary.get().toString(), "-c", confFile.toString())
            .redirectErrorStream(true)
            .redirectOutput(root.resolve("mosquitto.log").toFile())
            .start();
    url = "tcp://127.0.0.1:" + port;
    int listening = port;
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> KioskOverMosquittoTest.isListening("127.0.0.1", listening));
  }

  @AfterAll
  void stopMosquitto() throws Exception {
    if (mosquitto != null) {
      mosquitto.destroy();
      mosquitto.waitFor();
    }
  }

  private RawTerminal kioskA() throws MqttException {
    return RawTerminal.connect(url, "store-a", "kiosk-a", "kiosk-a", KIOSK_SECRET);
  }

  @Test
  void aTerminalLogsInWithTheSecretWhoseHashTheServerStoredAndNotWithAnother() throws Exception {
    try (RawTerminal kiosk = kioskA()) {
      assertThat(kiosk.terminal).isEqualTo("kiosk-a");
    }
    assertThatThrownBy(
            () -> RawTerminal.connect(url, "store-a", "kiosk-a", "kiosk-a", OTHER_SECRET))
        .isInstanceOf(MqttException.class);
    assertThatThrownBy(() -> RawTerminal.connect(url, "store-a", "kiosk-a", null, null))
        .isInstanceOf(MqttException.class);
  }

  @Test
  void aTerminalCannotReadOrPublishIntoAnotherStoresTopics() throws Exception {
    try (RawTerminal kiosk = kioskA();
        RawTerminal other =
            RawTerminal.connect(url, "store-b", "kiosk-b", "kiosk-b", OTHER_SECRET)) {
      String othersOffers = Topics.terminalTopic("store-b", "kiosk-b", Topics.OFFERS);
      other.subscribedTo(othersOffers);
      // Mosquitto grants the subscription but delivers nothing the ACL does not let it read.
      kiosk.subscribedTo("tailor/v1/stores/store-b/#", kiosk.topic(Topics.OFFERS));

      kiosk.publish(othersOffers, "{\"forged\":true}", null, null);
      other.publish(othersOffers, "{\"marker\":\"b\"}", null, null);
      kiosk.publish(kiosk.topic(Topics.OFFERS), "{\"marker\":\"a\"}", null, null);

      assertThat(other.next().payload()).isEqualTo("{\"marker\":\"b\"}");
      assertThat(kiosk.next().payload()).isEqualTo("{\"marker\":\"a\"}");
    }
  }

  @Test
  void theServerGetsEveryTerminalsMessagesInAnyVersionThroughASharedSubscription()
      throws Exception {
    try (RawTerminal server =
            RawTerminal.connect(url, "-", "tailor-server", "tailor-server", SERVER_SECRET);
        RawTerminal kiosk = kioskA()) {
      server.subscribedTo("$share/tailor/" + Topics.anyTerminalFilter(Topics.IDENTIFY));
      String v1 = kiosk.topic(Topics.IDENTIFY);
      String v2 = v1.replace("/v1/", "/v2/");
      kiosk.publish(v1, "{\"n\":1}", null, null);
      kiosk.publish(v2, "{\"n\":2}", null, null);
      assertThat(List.of(server.next().topic(), server.next().topic()))
          .containsExactlyInAnyOrder(v1, v2);
      String log = Files.readString(root.resolve("mosquitto.log"), StandardCharsets.UTF_8);
      assertThat(log).doesNotContain("Error");
    }
  }
}
