package org.tailor.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tailor.server.TailorServer;
import org.tailor.server.access.Role;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.generator.ChainGenerator;
import org.tailor.server.generator.ChainParameters;
import org.tailor.server.generator.OutputOptions;
import org.tailor.server.importer.ImportKind;
import org.tailor.server.persistence.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Shopper 360 latency at scale: a MariaDB database of about a million shoppers and ten million
 * purchase lines (generated and imported on the first run, kept for the next), the real {@link
 * TailorServer} started against it, and {@code GET /api/v1/shoppers/{id}} asked over HTTP with
 * keep-alive for a seeded random sample of shoppers — half by loyalty id, half by card or phone
 * number — from 1 and from 4 concurrent clients; then the same through {@code
 * server.shoppers().shopper360(id)} in process. Prints one JSON line per import file, per run and
 * for memory.
 *
 * <pre>
 * java -Xmx4g -cp "bench/target/tailor-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
 *     org.tailor.bench.Shopper360Benchmark --chain /tmp/tailor-bench/chain-1040k
 * </pre>
 */
@Command(name = "shopper360-benchmark", mixinStandardHelpOptions = true)
public final class Shopper360Benchmark implements Callable<Integer> {

  @Option(
      names = "--chain",
      defaultValue = "/tmp/tailor-bench/chain-1040k",
      description = "Generated chain to import (generated there when missing).")
  private Path chain;

  @Option(names = "--shoppers", defaultValue = "1040000", description = "Shoppers to generate.")
  private int shoppers;

  @Option(names = "--stores", defaultValue = "200", description = "Stores to generate.")
  private int stores;

  @Option(names = "--seed", defaultValue = "1", description = "Generator seed.")
  private long seed;

  @Mixin private MariaDbServer mariadb;

  @Option(names = "--database", defaultValue = "tailor_bench_360", description = "Database.")
  private String databaseName;

  @Option(names = "--reimport", description = "Drop the database and import again.")
  private boolean reimport;

  @Option(
      names = "--no-import",
      description = "Measure whatever the database holds; import nothing.")
  private boolean noImport;

  @Option(names = "--import-only", description = "Stop after the import.")
  private boolean importOnly;

  @Option(names = "--requests", defaultValue = "20000", description = "Measured requests.")
  private int requests;

  @Option(names = "--warmup", defaultValue = "5000", description = "Warm-up requests per run.")
  private int warmup;

  @Option(
      names = "--clients",
      defaultValue = "1,4",
      split = ",",
      description = "Concurrent clients.")
  private List<Integer> clients;

  @Option(names = "--sample-seed", defaultValue = "7", description = "Seed of the shopper sample.")
  private long sampleSeed;

  @Option(
      names = "--setting",
      description =
          "A setting of the measured server, key=value (repeatable), such as"
              + " tailor.plugins.bundled= to run it without the bundled plugins.")
  private Map<String, String> extraSettings = new HashMap<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new Shopper360Benchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (!ChainImport.complete(chain)) {
      long started = System.nanoTime();
      ChainGenerator.generate(
          ChainParameters.of(shoppers, stores, seed),
          new OutputOptions(chain, false, Runtime.getRuntime().availableProcessors()),
          progress -> {});
      JsonLine.of("shopper360-generate")
          .add("chain", chain.toString())
          .add("seconds", (System.nanoTime() - started) / 1e9, 1)
          .print();
    }
    mariadb.createUnlessKept(databaseName, reimport);
    List<ImportKind> missing = IMPORT_ORDER.stream().filter(kind -> !imported(kind)).toList();
    if (!missing.isEmpty() && !noImport) {
      importChain(missing);
    }
    long shopperCount = count("shopper");
    JsonLine.of("shopper360-dataset")
        .add("database", databaseName)
        .add("mariadb", mariadb.version())
        .add("shoppers", shopperCount)
        .add("receipts", count("purchase"))
        .add("purchaseLines", count("purchase_line"))
        .add("consentEvents", count("consent_event"))
        .print();
    if (importOnly) {
      return 0;
    }
    measure(shopperCount);
    return 0;
  }

  private void importChain(List<ImportKind> kinds) throws Exception {
    long started = System.nanoTime();
    long lines = 0;
    try (Database database = Database.open(mariadb.settings(databaseName))) {
      for (ImportTiming timing :
          ChainImport.importAll(
              database,
              chain,
              kinds,
              timing -> timing.json("shopper360-import", "mariadb").print(),
              System.err::println)) {
        lines += timing.linesRead();
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    JsonLine.of("shopper360-import")
        .add("database", "mariadb")
        .add("kind", kinds.stream().map(ImportKind::cliName).toList().toString())
        .add("lines", lines)
        .add("seconds", seconds, 2)
        .add("linesPerSecond", lines / seconds, 0)
        .print();
  }

  private void measure(long shopperCount) throws Exception {
    Path dataDir = Files.createTempDirectory("tailor-bench-360");
    TailorSettings settings =
        TailorSettings.of(
            Map.of(
                "tailor.db.url",
                mariadb.url(databaseName),
                "tailor.db.user",
                mariadb.user(),
                "tailor.db.password",
                mariadb.password(),
                "tailor.data.dir",
                dataDir.toString(),
                "tailor.plugins.dir",
                dataDir.resolve("plugins").toString(),
                "tailor.http.host",
                "127.0.0.1",
                "tailor.http.port",
                "0"));
    long startedAt = System.nanoTime();
    JsonLine.of("shopper360-settings").add("extra", extraSettings.toString()).print();
    try (TailorServer tailor = TailorServer.start(settings.with(extraSettings))) {
      double startSeconds = (System.nanoTime() - startedAt) / 1e9;
      long rfmStarted = System.nanoTime();
      tailor.refreshRfm();
      JsonLine.of("shopper360-server")
          .add("startSeconds", startSeconds, 2)
          .add("rfmRefreshSeconds", (System.nanoTime() - rfmStarted) / 1e9, 2)
          .add("heapUsedBytes", ProcessMemory.heapUsedBytes())
          .add("heapLiveBytes", ProcessMemory.heapLiveBytes())
          .add("rssBytes", ProcessMemory.residentBytes(ProcessHandle.current().pid()).orElse(-1L))
          .print();
      String key =
          tailor
              .apiKeys()
              .create("bench-" + System.currentTimeMillis(), Role.INTEGRATOR, Optional.empty())
              .secret();
      Path shoppersCsv = ChainImport.file(chain, ImportKind.SHOPPERS);
      ShopperSample warm = ShopperSample.draw(shoppersCsv, shopperCount, warmup, sampleSeed + 1);
      ShopperSample sample = ShopperSample.draw(shoppersCsv, shopperCount, requests, sampleSeed);
      JsonLine.of("shopper360-sample")
          .add("requests", requests)
          .add("bySecondaryIdentifier", sample.secondary())
          .add("seed", sampleSeed)
          .print();

      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      URI base = tailor.uri().resolve("/api/v1/shoppers/");
      for (int clientCount : clients) {
        LatencyRun.run(overHttp(http, base, key, warm), warmup, clientCount);
        LatencyRun.run(overHttp(http, base, key, sample), requests, clientCount)
            .json("shopper360", "http", clientCount)
            .print();
      }
      for (int clientCount : clients) {
        LatencyRun.run(inProcess(tailor, warm), warmup, clientCount);
        LatencyRun.run(inProcess(tailor, sample), requests, clientCount)
            .json("shopper360", "in-process", clientCount)
            .print();
      }
      ProcessMemory.line("shopper360-memory").print();
    }
  }

  private static LatencyRun.Request overHttp(
      HttpClient http, URI base, String key, ShopperSample sample) {
    return index -> {
      String id = sample.identifiers().get(index % sample.identifiers().size());
      HttpRequest request =
          HttpRequest.newBuilder(base.resolve(URLEncoder.encode(id, StandardCharsets.UTF_8)))
              .header("X-API-Key", key)
              .header("Accept", "application/json")
              .timeout(Duration.ofSeconds(30))
              .GET()
              .build();
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        System.err.println(id + ": HTTP " + response.statusCode());
        return false;
      }
      return true;
    };
  }

  private static LatencyRun.Request inProcess(TailorServer tailor, ShopperSample sample) {
    return index ->
        tailor
            .shoppers()
            .shopper360(sample.identifiers().get(index % sample.identifiers().size()))
            .isPresent();
  }

  /**
   * The order of import: purchases right after what they refer to, so that an interrupted first run
   * (resumed by the next, which imports only the kinds not yet imported) has them soonest.
   */
  private static final List<ImportKind> IMPORT_ORDER =
      List.of(
          ImportKind.STORES,
          ImportKind.PRODUCTS,
          ImportKind.SHOPPERS,
          ImportKind.PURCHASES,
          ImportKind.HOUSEHOLD_MEMBERS,
          ImportKind.CONSENTS);

  private boolean imported(ImportKind kind) {
    try (Connection connection = mariadb.connect(databaseName);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT COUNT(*) FROM import_batch"
                    + " WHERE status = 'imported' AND mapping_name LIKE '"
                    + kind.cliName()
                    + ":%'")) {
      rows.next();
      return rows.getLong(1) > 0;
    } catch (SQLException e) {
      return false;
    }
  }

  private long count(String table) throws SQLException {
    return mariadb.number(databaseName, "SELECT COUNT(*) FROM " + table);
  }
}
