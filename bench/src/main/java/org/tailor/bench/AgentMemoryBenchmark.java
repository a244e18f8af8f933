package org.tailor.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tailor.server.TailorServer;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.demo.DemoChain;
import org.tailor.server.demo.DemoChain.DemoFacts;
import org.tailor.server.demo.DemoKioskAgent;
import org.tailor.server.store.TerminalCredentials.IssuedCredential;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The kiosk agent's memory: the real agent jar ({@code kiosk-agent/target}, build it first) as its
 * own process with {@code -Xmx64m}, in till mode against the real server (embedded broker, the demo
 * chain), driven through its console for {@code --identifications} shoppers, each followed by a
 * redemption of their first offer. Then its heap after a full collection is read with {@code jcmd
 * <pid> GC.run} and {@code GC.heap_info}, with its resident set size. Prints one JSON line; the
 * target is a live heap well under the 64 MiB the agent is started with.
 *
 * <pre>
 * java -cp "bench/target/tailor-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
 *     org.tailor.bench.AgentMemoryBenchmark --identifications 2000
 * </pre>
 */
@Command(name = "agent-memory-benchmark", mixinStandardHelpOptions = true)
public final class AgentMemoryBenchmark implements Callable<Integer> {

  private static final Pattern OFFER_LINE = Pattern.compile("1\\. \\[([^\\]]+)\\]");
  private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total (\\d+)K, used (\\d+)K");

  @Option(names = "--identifications", defaultValue = "500", description = "Shoppers identified.")
  private int identifications;

  @Option(names = "--agent-heap", defaultValue = "64m", description = "The agent's -Xmx.")
  private String agentHeap;

  public static void main(String[] args) {
    System.exit(new CommandLine(new AgentMemoryBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path jar =
        DemoKioskAgent.agentJar()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no kiosk-agent/target/tailor-kiosk-agent-*.jar: run from the repository"
                            + " root after ./mvnw -B -q -o package -pl kiosk-agent -am -DskipTests"));
    Path dataDir = Files.createTempDirectory("tailor-agent-memory");
    Map<String, String> settings = new HashMap<>();
    settings.put("tailor.data.dir", dataDir.resolve("server").toString());
    settings.put("tailor.plugins.config.dir", dataDir.resolve("config").toString());
    settings.put("tailor.http.port", "0");
    settings.put("tailor.mqtt.embedded.port", "0");
    try (TailorServer server = TailorServer.start(TailorSettings.of(settings))) {
      DemoFacts demo = DemoChain.prepare(server);
      IssuedCredential till = server.terminalCredentials().issue("uk-till-1");
      Path config = writeConfig(server, till, dataDir.resolve("agent"));
      Process agent =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx" + agentHeap,
                  "-Duser.language=en",
                  "-jar",
                  jar.toString(),
                  "--config",
                  config.toString())
              .redirectErrorStream(true)
              .start();
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = in.readLine()) != null) {
                    lines.add(line);
                  }
                } catch (IOException e) {
                  lines.add("(agent output closed: " + e + ")");
                }
              },
              "agent-output");
      reader.setDaemon(true);
      reader.start();
      try (Writer console =
          new java.io.OutputStreamWriter(agent.getOutputStream(), StandardCharsets.UTF_8)) {
        awaitLine(lines, "Till ready");
        for (int i = 0; i < 600; i++) {
          console.write("status\n");
          console.flush();
          if (awaitLine(lines, "Online", "Offline").contains("Online")) {
            break;
          }
          Thread.sleep(200);
        }
        List<String> cards = new ArrayList<>();
        demo.shoppers().forEach(s -> cards.add(s.card()));
        int redeemed = 0;
        long started = System.nanoTime();
        for (int i = 0; i < identifications; i++) {
          console.write(cards.get(i % cards.size()) + "\n");
          console.flush();
          String first = awaitLine(lines, "1. [", "No offers", "try again", "could not");
          Matcher offer = OFFER_LINE.matcher(first);
          if (offer.find()) {
            console.write("redeem " + offer.group(1) + " 12.50\n");
            console.flush();
            awaitLine(lines, "recorded");
            redeemed++;
          }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        jcmd(agent.pid(), "GC.run");
        String heapInfo = jcmd(agent.pid(), "GC.heap_info");
        Matcher heap = HEAP_USED.matcher(heapInfo);
        if (!heap.find()) {
          throw new IllegalStateException("no heap figure in jcmd GC.heap_info:\n" + heapInfo);
        }
        JsonLine.of("agent-memory")
            .add("agentXmx", agentHeap)
            .add("identifications", identifications)
            .add("redemptions", redeemed)
            .add("seconds", seconds, 2)
            .add("heapCommittedKiB", Long.parseLong(heap.group(1)))
            .add("heapUsedAfterGcKiB", Long.parseLong(heap.group(2)))
            .add("rssBytes", ProcessMemory.residentBytes(agent.pid()).orElse(-1L))
            .print();
        console.write("quit\n");
        console.flush();
      } finally {
        if (!agent.waitFor(20, TimeUnit.SECONDS)) {
          agent.destroyForcibly();
        }
      }
    }
    return 0;
  }

  private static Path writeConfig(TailorServer server, IssuedCredential till, Path home)
      throws IOException {
    Files.createDirectories(home);
    Properties properties = new Properties();
    properties.setProperty("broker.url", server.mqttUrl());
    properties.setProperty("store.code", till.storeCode());
    properties.setProperty("terminal.code", till.terminalCode());
    properties.setProperty("terminal.password", till.secret());
    properties.setProperty("data.dir", home.resolve("data").toString());
    properties.setProperty("mode", "till");
    properties.setProperty("identify.timeout.seconds", "30");
    Path file = home.resolve("kiosk-agent.properties");
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      properties.store(out, "agent memory benchmark");
    }
    return file;
  }

  /** The next line that contains one of {@code marks}; fails after a minute without one. */
  private static String awaitLine(BlockingQueue<String> lines, String... marks)
      throws InterruptedException {
    while (true) {
      String line = lines.poll(60, TimeUnit.SECONDS);
      if (line == null) {
        throw new IllegalStateException("the agent printed none of " + List.of(marks));
      }
      for (String mark : marks) {
        if (line.contains(mark)) {
          return line;
        }
      }
    }
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process process =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("jcmd " + pid + " " + command + " failed:\n" + output);
    }
    return output;
  }
}
