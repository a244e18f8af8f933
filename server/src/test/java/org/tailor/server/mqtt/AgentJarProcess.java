package org.tailor.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tailor.server.demo.DemoKioskAgent;

/**
 * The real kiosk agent, {@code java -Xmx64m -jar kiosk-agent/target/tailor-kiosk-agent-*.jar
 * --config FILE}, as its own process in till mode: a test types at its console (standard input) and
 * reads what it prints (a file), as a cashier would.
 */
final class AgentJarProcess {

  static final Duration WAIT = Duration.ofSeconds(60);

  private final Process process;
  private final Path output;
  private final OutputStream console;
  private int read;

  private AgentJarProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
    this.console = process.getOutputStream();
  }

  /** The agent jar the build made; fails (not skips) when it is missing: the reactor builds it. */
  static Path jar() throws IOException {
    return DemoKioskAgent.agentJar()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no kiosk-agent/target/tailor-kiosk-agent-*.jar: build it first"
                        + " (./mvnw -B -q -o package -pl kiosk-agent -am -DskipTests)"));
  }

  static AgentJarProcess start(Path config, Path output) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx64m",
                    "-Duser.language=en",
                    "-Dfile.encoding=UTF-8",
                    "-jar",
                    jar().toString(),
                    "--config",
                    config.toString()))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    return new AgentJarProcess(process, output);
  }

  /** Types a line at the till. */
  void type(String line) throws IOException {
    console.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    console.flush();
  }

  /** Everything printed so far. */
  String printed() throws IOException {
    return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
  }

  /**
   * Waits for {@code text} to be printed after what an earlier wait consumed; returns that part.
   */
  String awaitPrinted(String text) throws IOException {
    await().atMost(WAIT).until(() -> printed().indexOf(text, read) >= 0 || !process.isAlive());
    String all = printed();
    int at = all.indexOf(text, read);
    assertThat(at).as("%s in the agent's output:%n%s", text, all).isGreaterThanOrEqualTo(0);
    String part = all.substring(read, at + text.length());
    read = at + text.length();
    return part;
  }

  /** Waits for a match of {@code pattern} after what was consumed; returns the match. */
  Matcher awaitMatch(Pattern pattern) throws IOException {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              String all = printed();
              return pattern.matcher(all).region(read, all.length()).find();
            });
    String all = printed();
    Matcher matcher = pattern.matcher(all);
    assertThat(matcher.find(read)).as("%s in%n%s", pattern, all).isTrue();
    read = matcher.end();
    return matcher;
  }

  /** Asks for the status until the till says it is online. */
  void awaitOnline() throws IOException {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              type("status");
              return printed().indexOf("Online.", read) >= 0;
            });
    awaitPrinted("Online.");
  }

  /** SIGKILL: no shutdown hook, no goodbye to the broker. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  /** Types {@code quit} and returns the exit code. */
  int quit() throws IOException, InterruptedException {
    type("quit");
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(printed()).isTrue();
    return process.exitValue();
  }

  /** Kills it if it still runs. */
  void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
