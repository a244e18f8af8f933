package org.tailor.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.agent.settings.AgentSettings;
import org.tailor.terminal.protocol.RedemptionMessage;

/**
 * The promise a till makes: a redemption recorded while the broker is out of reach survives the
 * agent process being killed, and reaches the server exactly once when the broker is back. The
 * agent runs as its own JVM with a 64 MiB heap; the broker disappears behind a TCP proxy the test
 * cuts, so the machine's Mosquitto is never stopped.
 */
class AgentProcessRestartTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern RECORDED = Pattern.compile("\\(id ([0-9a-f-]{36})\\)");

  @TempDir Path folder;

  private final List<Process> processes = new ArrayList<>();
  private ServerPeer server;
  private CuttableProxy proxy;

  @AfterEach
  void stop() throws Exception {
    for (Process process : processes) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.clearRetained("K01");
      server.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void aRedemptionMadeOfflineArrivesExactlyOnceAfterTheAgentIsKilledAndRestarted()
      throws Exception {
    Mosquitto.assumeRunning();
    String store = TestSettings.uniqueStore();
    server = new ServerPeer(store, request -> ServerPeer.reply(request, "Ana", "es"));
    proxy = new CuttableProxy(Mosquitto.HOST, Mosquitto.PORT); // starts cut: broker unreachable
    Path dataDir = folder.resolve("data");
    Properties properties = TestSettings.properties(proxy.url(), store, dataDir);
    properties.setProperty(AgentSettings.MODE, "till");
    Path config = TestSettings.write(properties, folder.resolve("kiosk-agent.properties"));
    Instant beforeRedemption = Instant.now();

    // 1. The cashier records a redemption while the broker is out of reach.
    Path firstOutput = folder.resolve("first.out");
    Process first = startAgent(config, firstOutput);
    OutputStream cashier = first.getOutputStream();
    cashier.write("status\nredeem SPRING-10 42.50\n".getBytes(StandardCharsets.UTF_8));
    cashier.flush();
    await().atMost(WAIT).until(() -> RECORDED.matcher(read(firstOutput)).find());
    Matcher recorded = RECORDED.matcher(read(firstOutput));
    assertThat(recorded.find()).isTrue();
    String messageId = recorded.group(1);
    assertThat(read(firstOutput)).contains("Offline: redemptions are kept on disk");
    assertThat(outbox(dataDir)).singleElement().asString().contains(messageId);

    // 2. The agent process dies (SIGKILL: no shutdown hook, no goodbye).
    first.destroyForcibly();
    assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(outbox(dataDir)).singleElement().asString().contains(messageId);
    assertThat(server.redemptionDeliveries).isEmpty();

    // 3. It is started again; then the broker comes back.
    Path secondOutput = folder.resolve("second.out");
    Process second = startAgent(config, secondOutput);
    await().atMost(WAIT).until(() -> read(secondOutput).contains("Till ready"));
    proxy.restore();

    await().atMost(WAIT).until(() -> server.redemptions.containsKey(messageId));
    await().atMost(WAIT).until(() -> outbox(dataDir).isEmpty());

    RedemptionMessage received = server.redemptions.get(messageId);
    assertThat(server.redemptions).hasSize(1);
    assertThat(server.redemptionDeliveries)
        .extracting(RedemptionMessage::messageId)
        .containsOnly(messageId);
    assertThat(received.offerCode()).isEqualTo("SPRING-10");
    assertThat(received.basketAmount()).isEqualByComparingTo("42.50");
    assertThat(received.redeemedAt()).isAfterOrEqualTo(beforeRedemption.minusSeconds(1));
    assertThat(Files.exists(dataDir.resolve("rejected"))).isTrue();
    try (Stream<Path> rejected = Files.list(dataDir.resolve("rejected"))) {
      assertThat(rejected).isEmpty();
    }

    // 4. The agent ran within a 64 MiB heap and leaves cleanly when the cashier quits.
    assertThat(second.isAlive()).isTrue();
    second.getOutputStream().write("quit\n".getBytes(StandardCharsets.UTF_8));
    second.getOutputStream().flush();
    assertThat(second.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(second.exitValue()).as(read(secondOutput)).isZero();
    assertThat(read(secondOutput)).doesNotContain("OutOfMemoryError");
  }

  private Process startAgent(Path config, Path output) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-Xmx64m",
                "-Duser.language=en",
                "-cp",
                System.getProperty("java.class.path"),
                KioskAgent.class.getName(),
                "--config",
                config.toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }

  private static List<String> outbox(Path dataDir) throws IOException {
    Path outbox = dataDir.resolve("outbox");
    if (!Files.exists(outbox)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(outbox)) {
      return files.map(Path::getFileName).map(Path::toString).toList();
    }
  }
}
