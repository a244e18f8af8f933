package org.tailor.bench;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.tailor.plugin.host.Decision;
import org.tailor.plugin.host.DecisionRequest;
import org.tailor.server.TailorServer;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.importer.ImportKind;
import org.tailor.server.offer.OfferDetails;
import org.tailor.server.offer.OfferService;
import org.tailor.server.offer.OfferText;
import org.tailor.server.validation.NotFoundException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Decision latency and throughput in process: the real {@link TailorServer} against the MariaDB
 * database of {@link Shopper360Benchmark} (about a million shoppers; run that one first, with
 * {@code --import-only}), with {@code --offers} active offers across the chain's categories
 * (created on the first run, codes {@code bench-offer-NNNN}; a tenth with a per-shopper cap, a
 * tenth with a budget, a tenth with an eligibility rule), asked {@code
 * server.decisions().decide(...)} for a seeded sample of shoppers — half by loyalty id, half by
 * card or phone — at random stores, three offers each; every decision records its presentation.
 * Prints one JSON line per run, with the CPU time per decision of this process and, when MariaDB
 * runs on this machine, of MariaDB ({@link DatabaseServerCpu}: the whole server, and the threads of
 * the connections to the benchmark's database).
 *
 * <p>{@code failures} counts the decisions that found no shopper or showed no offer: in the
 * generated chain these are the shoppers who withdrew the kiosk's "offers" consent (about 14 %),
 * greeted and shown nothing, their presentation still recorded. {@code requestsPerSecond} counts
 * every decision; {@code decisionsWithOffersPerSecond} only those that showed offers.
 *
 * <pre>
 * java -Xmx4g -cp "bench/target/tailor-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
 *     org.tailor.bench.DecisionBenchmark --chain /tmp/tailor-bench/chain-1040k
 * </pre>
 */
@Command(name = "decision-benchmark", mixinStandardHelpOptions = true)
public final class DecisionBenchmark implements Callable<Integer> {

  @Option(
      names = "--chain",
      defaultValue = "/tmp/tailor-bench/chain-1040k",
      description = "The generated chain imported into the database (for the shopper sample).")
  private Path chain;

  @Mixin private MariaDbServer mariadb;

  @Option(names = "--database", defaultValue = "tailor_bench_360", description = "Database.")
  private String databaseName;

  @Option(names = "--offers", defaultValue = "1000", description = "Active offers.")
  private int offerCount;

  @Option(names = "--requests", defaultValue = "20000", description = "Measured decisions.")
  private int requests;

  @Option(names = "--warmup", defaultValue = "5000", description = "Warm-up decisions per run.")
  private int warmup;

  @Option(
      names = "--clients",
      defaultValue = "1,2,4",
      split = ",",
      description = "Concurrent callers.")
  private List<Integer> clients;

  @Option(
      names = "--bundled-plugins",
      defaultValue = "",
      description =
          "Bundled plugins to install (tailor.plugins.bundled), such as"
              + " scoring-rules,scoring-value,scoring-history,scoring-bandit; default none: the"
              + " pipeline alone.")
  private String bundledPlugins;

  @Option(names = "--history-days", defaultValue = "0", description = HistoryDays.DESCRIPTION)
  private int historyDays;

  @Option(names = "--sample-seed", defaultValue = "11", description = "Seed of the sample.")
  private long sampleSeed;

  @Option(
      names = "--new-shoppers-each-run",
      description =
          "Draw a new sample of shoppers (and of warm-up shoppers) for every run of --clients, so"
              + " that every run meets its shoppers for the first time, not only the first.")
  private boolean newShoppersEachRun;

  @Option(
      names = "--setting",
      description =
          "A setting of the measured server, key=value (repeatable), such as"
              + " tailor.decisions.cache.seconds=3600 to keep shoppers seen in the warm-up.")
  private Map<String, String> extraSettings = new HashMap<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new DecisionBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (!mariadb.exists(databaseName)) {
      System.err.println(
          "database "
              + databaseName
              + " is missing: run org.tailor.bench.Shopper360Benchmark --import-only first");
      return 2;
    }
    long shopperCount = mariadb.number(databaseName, "SELECT COUNT(*) FROM shopper");
    List<String> stores = mariadb.strings(databaseName, "SELECT code FROM store ORDER BY code");
    List<String> categories =
        mariadb.strings(
            databaseName,
            "SELECT DISTINCT category FROM product WHERE category IS NOT NULL ORDER BY 1");
    Path dataDir = Files.createTempDirectory("tailor-bench-decision");
    TailorSettings settings =
        TailorSettings.of(
            Map.of(
                "tailor.db.url", mariadb.url(databaseName),
                "tailor.db.user", mariadb.user(),
                "tailor.db.password", mariadb.password(),
                "tailor.data.dir", dataDir.toString(),
                "tailor.plugins.dir", dataDir.resolve("plugins").toString(),
                "tailor.http.port", "0",
                "tailor.mqtt.embedded.port", "0",
                "tailor.plugins.bundled", bundledPlugins));
    if (historyDays > 0) {
      settings =
          settings.with(
              Map.of(
                  "tailor.plugins.config.dir",
                  HistoryDays.config(dataDir.resolve("plugin-config"), historyDays).toString()));
    }
    JsonLine.of("decision-settings")
        .add("extra", extraSettings.toString())
        .add("historyDays", historyDays)
        .print();
    try (TailorServer tailor = TailorServer.start(settings.with(extraSettings))) {
      int created = ensureOffers(tailor.offers(), categories);
      double startupJobsSeconds = StartupJobs.awaitDone(tailor);
      JsonLine.of("decision-dataset")
          .add("database", databaseName)
          .add("mariadb", mariadb.version())
          .add("shoppers", shopperCount)
          .add("stores", stores.size())
          .add("activeOffers", offerCount)
          .add("bundledPlugins", bundledPlugins)
          .add("offersCreated", created)
          .add("startupJobsWaitSeconds", startupJobsSeconds, 1)
          .add(
              "presentationsBefore",
              mariadb.number(databaseName, "SELECT COUNT(*) FROM presentation"))
          .print();
      Path shoppersCsv = ChainImport.file(chain, ImportKind.SHOPPERS);
      ShopperSample warm = ShopperSample.draw(shoppersCsv, shopperCount, warmup, sampleSeed + 1);
      ShopperSample sample = ShopperSample.draw(shoppersCsv, shopperCount, requests, sampleSeed);
      DatabaseServerCpu databaseCpu = DatabaseServerCpu.of(mariadb, databaseName);
      for (int run = 0; run < clients.size(); run++) {
        int clientCount = clients.get(run);
        if (newShoppersEachRun && run > 0) {
          long seed = sampleSeed + 2L * run;
          warm = ShopperSample.draw(shoppersCsv, shopperCount, warmup, seed + 1);
          sample = ShopperSample.draw(shoppersCsv, shopperCount, requests, seed);
        }
        LatencyRun.run(deciding(tailor, warm, stores), warmup, clientCount);
        DatabaseServerCpu.Reading before = databaseCpu.read();
        LatencyRun.Result measured =
            LatencyRun.run(deciding(tailor, sample, stores), requests, clientCount);
        DatabaseServerCpu.Reading after = databaseCpu.read();
        measured
            .json("decision", "in-process", clientCount)
            .add("firstSight", run == 0 || newShoppersEachRun)
            .add(
                "decisionsWithOffersPerSecond",
                (measured.requests() - measured.failures()) / measured.seconds(),
                0)
            .add("mariadbCpuUsPerRequest", perRequestMicros(after.processSince(before)), 1)
            .add(
                "mariadbConnectionsCpuUsPerRequest",
                perRequestMicros(after.connectionsSince(before)),
                1)
            .print();
      }
      ProcessMemory.line("decision-memory").print();
    }
    return 0;
  }

  private double perRequestMicros(long nanos) {
    return nanos < 0 ? -1 : nanos / 1000.0 / requests;
  }

  private static LatencyRun.Request deciding(
      TailorServer tailor, ShopperSample sample, List<String> stores) {
    return index -> {
      String identifier = sample.identifiers().get(index % sample.identifiers().size());
      String store = stores.get(Math.floorMod(identifier.hashCode() * 31 + index, stores.size()));
      Decision decision =
          tailor
              .decisions()
              .decide(
                  new DecisionRequest(
                      Optional.of(identifier),
                      store,
                      Optional.empty(),
                      "kiosk",
                      Instant.now(),
                      3,
                      Optional.empty()));
      return decision.shopper().isPresent() && !decision.offers().isEmpty();
    };
  }

  /** Creates the benchmark's offers that do not exist yet; returns how many it created. */
  private int ensureOffers(OfferService offers, List<String> categories) {
    SplittableRandom random = new SplittableRandom(5);
    Instant from = Instant.parse("2020-01-01T00:00:00Z");
    Instant until = Instant.parse("2099-01-01T00:00:00Z");
    int created = 0;
    for (int i = 1; i <= offerCount; i++) {
      String code = String.format("bench-offer-%04d", i);
      try {
        offers.offer(code);
        continue;
      } catch (NotFoundException e) {
        // created below
      }
      String category = categories.get(random.nextInt(categories.size()));
      int percent = 5 + random.nextInt(6) * 5;
      offers.createOffer(
          new OfferDetails(
              code,
              percent + "% off " + category,
              "percent_off",
              Optional.of(BigDecimal.valueOf(percent)),
              Optional.empty(),
              Optional.of(category),
              i % 10 == 3 ? Optional.of("hour >= 0 && channel == \"kiosk\"") : Optional.empty(),
              from,
              until,
              i % 10 == 2 ? Optional.of(new BigDecimal("1000000.00")) : Optional.empty(),
              i % 10 == 1 ? Optional.of(3) : Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              "active",
              texts(percent, category),
              List.of(),
              List.of()));
      created++;
    }
    return created;
  }

  private static Map<String, OfferText> texts(int percent, String category) {
    return Map.of(
        "en", new OfferText(percent + "% off " + category, "This week only."),
        "es", new OfferText(percent + "% en " + category, "Solo esta semana."),
        "bg", new OfferText(percent + "% отстъпка: " + category, "Само тази седмица."),
        "fa", new OfferText(percent + "٪ تخفیف " + category, "فقط این هفته."),
        "zh-TW", new OfferText(category + " " + percent + "% 折扣", "僅限本週。"));
  }
}
