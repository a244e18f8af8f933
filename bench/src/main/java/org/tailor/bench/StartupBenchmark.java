package org.tailor.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.tailor.server.access.ApiKeyService;
import org.tailor.server.access.Role;
import org.tailor.server.importer.ImportKind;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Start time and memory of the packaged server: starts {@code java -jar tailor-server.jar serve} as
 * a child process with a temporary configuration and measures the wall-clock time from starting the
 * process to {@code GET /api/v1/health} answering 200 — on a fresh H2 database (migrated during
 * start) and on an already-migrated one — then reads the process's resident set size ({@code
 * /proc/<pid>/status}) and heap in use ({@code jvm_memory_used_bytes} from {@code /metrics}, as
 * scraped and after a full collection by {@code jcmd <pid> GC.run}). With {@code
 * --mariadb-database} it also starts the server against that (populated) MariaDB database and
 * measures memory again after {@code --requests} shopper 360 requests.
 *
 * <pre>
 * java -cp "bench/target/tailor-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
 *     org.tailor.bench.StartupBenchmark --runs 5 --mariadb-database tailor_bench_360
 * </pre>
 */
@Command(name = "startup-benchmark", mixinStandardHelpOptions = true)
public final class StartupBenchmark implements Callable<Integer> {

  @Option(
      names = "--jar",
      description = "The server jar (default: server/target/tailor-server-*.jar).")
  private Path jar;

  @Option(names = "--runs", defaultValue = "5", description = "Starts per scenario.")
  private int runs;

  @Option(
      names = "--java-options",
      defaultValue = "-Xmx2g",
      split = " ",
      description = "JVM options of the server (the launcher's default: -Xmx2g).")
  private List<String> javaOptions;

  @Option(
      names = "--mariadb-database",
      description = "A populated MariaDB database (Shopper360Benchmark's) to start on and load.")
  private String mariadbDatabase;

  @Mixin private MariaDbServer mariadb;

  @Option(
      names = "--chain",
      defaultValue = "/tmp/tailor-bench/chain-1040k",
      description = "The chain imported into --mariadb-database (for shopper identifiers).")
  private Path chain;

  @Option(names = "--requests", defaultValue = "20000", description = "Shopper 360 requests.")
  private int requests;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  public static void main(String[] args) {
    System.exit(new CommandLine(new StartupBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path serverJar = jar != null ? jar : findJar();
    List<Double> fresh = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      Path dir = Files.createTempDirectory("tailor-startup-fresh");
      try {
        fresh.add(startOnce(serverJar, "h2-fresh", run, h2Config(dir), Optional.empty()));
      } finally {
        delete(dir);
      }
    }
    summary("h2-fresh", fresh);

    Path migrated = Files.createTempDirectory("tailor-startup-migrated");
    try {
      startOnce(serverJar, "h2-migrating-first-start", 0, h2Config(migrated), Optional.empty());
      List<Double> again = new ArrayList<>();
      for (int run = 1; run <= runs; run++) {
        again.add(startOnce(serverJar, "h2-migrated", run, h2Config(migrated), Optional.empty()));
      }
      summary("h2-migrated", again);
    } finally {
      delete(migrated);
    }

    if (mariadbDatabase != null) {
      Path dir = Files.createTempDirectory("tailor-startup-mariadb");
      try {
        String url = mariadb.url(mariadbDatabase);
        Path config = dir.resolve("tailor.properties");
        Files.writeString(
            config,
            base(dir)
                + "tailor.db.url="
                + url
                + "\ntailor.db.user="
                + mariadb.user()
                + "\ntailor.db.password="
                + mariadb.password()
                + "\n");
        String key;
        try (Database database = Database.open(new DatabaseSettings(url, "root", "", 2))) {
          key =
              new ApiKeyService(database)
                  .create(
                      "startup-bench-" + System.currentTimeMillis(),
                      Role.INTEGRATOR,
                      Optional.empty())
                  .secret();
        }
        long shopperCount;
        try (Connection connection = DriverManager.getConnection(url, "root", "");
            Statement statement = connection.createStatement();
            ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM shopper")) {
          rows.next();
          shopperCount = rows.getLong(1);
        }
        ShopperSample sample =
            ShopperSample.draw(
                ChainImport.file(chain, ImportKind.SHOPPERS), shopperCount, requests, 11);
        startOnce(serverJar, "mariadb-1m-shoppers", 1, config, Optional.of(new Load(key, sample)));
      } finally {
        delete(dir);
      }
    }
    return 0;
  }

  /** Shopper 360 requests made once the server is up. */
  private record Load(String key, ShopperSample sample) {}

  private double startOnce(
      Path serverJar, String scenario, int run, Path config, Optional<Load> load) throws Exception {
    int port = freePort();
    Path configFile = config;
    String text = Files.readString(configFile);
    Files.writeString(
        configFile, text.replaceAll("tailor\\.http\\.port=\\d+", "tailor.http.port=" + port));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(javaOptions);
    command.addAll(
        List.of("-jar", serverJar.toString(), "serve", "--config", configFile.toString()));
    Path log = configFile.resolveSibling("server-" + scenario + "-" + run + ".log");
    URI base = URI.create("http://127.0.0.1:" + port + "/");
    long started = System.nanoTime();
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      double seconds = awaitHealthy(process, base, started, log);
      long pid = process.pid();
      JsonLine line =
          JsonLine.of("startup")
              .add("scenario", scenario)
              .add("run", run)
              .add("secondsToHealthy", seconds, 2);
      memory(line, pid, base, "AfterStart");
      if (load.isPresent()) {
        long loadStarted = System.nanoTime();
        LatencyRun.Result result = LatencyRun.run(shopper360(base, load.get()), requests, 4);
        line.add("loadRequests", requests)
            .add("loadFailures", result.failures())
            .add("loadSeconds", (System.nanoTime() - loadStarted) / 1e9, 1)
            .add("loadP99Ms", result.micros().getValueAtPercentile(99) / 1000.0, 3);
        memory(line, pid, base, "AfterLoad");
      }
      line.print();
      return seconds;
    } finally {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  private LatencyRun.Request shopper360(URI base, Load load) {
    URI shoppers = base.resolve("/api/v1/shoppers/");
    List<String> ids = load.sample().identifiers();
    return index -> {
      HttpRequest request =
          HttpRequest.newBuilder(
                  shoppers.resolve(
                      URLEncoder.encode(ids.get(index % ids.size()), StandardCharsets.UTF_8)))
              .header("X-API-Key", load.key())
              .timeout(Duration.ofSeconds(30))
              .build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    };
  }

  private double awaitHealthy(Process process, URI base, long started, Path log) throws Exception {
    HttpRequest health =
        HttpRequest.newBuilder(base.resolve("/api/v1/health"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = started + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the server stopped with exit code " + process.exitValue() + "; see " + log);
      }
      try {
        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return (System.nanoTime() - started) / 1e9;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("the server was not healthy within 180 s; see " + log);
  }

  private void memory(JsonLine line, long pid, URI base, String suffix) throws Exception {
    line.add("rssBytes" + suffix, ProcessMemory.residentBytes(pid).orElse(-1L));
    line.add("heapUsedBytes" + suffix, heapUsed(base));
    new ProcessBuilder("jcmd", Long.toString(pid), "GC.run")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start()
        .waitFor(60, TimeUnit.SECONDS);
    line.add("heapLiveBytes" + suffix, heapUsed(base));
    line.add("rssBytesAfterGc" + suffix, ProcessMemory.residentBytes(pid).orElse(-1L));
  }

  /** The sum of {@code jvm_memory_used_bytes{area="heap",...}} from the Prometheus endpoint. */
  private long heapUsed(URI base) throws Exception {
    String metrics =
        http.send(
                HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    double sum = 0;
    for (String row : metrics.split("\n")) {
      if (row.startsWith("jvm_memory_used_bytes{") && row.contains("area=\"heap\"")) {
        sum += Double.parseDouble(row.substring(row.lastIndexOf(' ') + 1));
      }
    }
    return (long) sum;
  }

  private static void summary(String scenario, List<Double> seconds) {
    List<Double> sorted = new ArrayList<>(seconds);
    Collections.sort(sorted);
    double median =
        sorted.size() % 2 == 1
            ? sorted.get(sorted.size() / 2)
            : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
    JsonLine.of("startup-summary")
        .add("scenario", scenario)
        .add("runs", sorted.size())
        .add("medianSeconds", median, 2)
        .add("minSeconds", sorted.get(0), 2)
        .add("maxSeconds", sorted.get(sorted.size() - 1), 2)
        .print();
  }

  private static Path h2Config(Path dir) throws IOException {
    Path config = dir.resolve("tailor.properties");
    Files.writeString(config, base(dir));
    return config;
  }

  private static String base(Path dir) {
    return "tailor.data.dir="
        + dir.resolve("data")
        + "\ntailor.plugins.dir="
        + dir.resolve("plugins")
        + "\ntailor.plugins.config.dir="
        + dir.resolve("plugin-config")
        + "\ntailor.http.host=127.0.0.1\ntailor.http.port=0\n";
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Path findJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("server", "target"))) {
      return files
          .filter(
              p -> {
                String name = p.getFileName().toString();
                return name.startsWith("tailor-server-")
                    && name.endsWith(".jar")
                    && !name.contains("sources")
                    && !name.contains("javadoc");
              })
          .findFirst()
          .orElseThrow(
              () -> new IllegalStateException("no server/target/tailor-server-*.jar: build first"));
    }
  }

  private static void delete(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      files
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.delete(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
