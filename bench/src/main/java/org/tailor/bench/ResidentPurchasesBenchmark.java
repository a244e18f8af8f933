package org.tailor.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.tailor.plugin.host.PurchaseRecord;
import org.tailor.server.generator.ChainGenerator;
import org.tailor.server.generator.ChainParameters;
import org.tailor.server.generator.OutputOptions;
import org.tailor.server.importer.ImportKind;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import org.tailor.server.purchase.DatabasePurchaseHistory;
import org.tailor.server.purchase.ResidentPurchases;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Loads every shopper's latest receipts of a generated chain into {@link ResidentPurchases} and
 * prints one JSON line: shoppers held, encoded bytes, the heap the copy took (used heap after a
 * full GC, before and after the load), the load time, the decoding time per call, and how many
 * sampled shoppers answered exactly as {@link DatabasePurchaseHistory} does.
 */
@Command(name = "resident-purchases-benchmark", mixinStandardHelpOptions = true)
public final class ResidentPurchasesBenchmark implements Callable<Integer> {

  @Option(names = "--shoppers", defaultValue = "100000", description = "Shoppers to generate.")
  private int shoppers;

  @Option(names = "--stores", defaultValue = "200", description = "Stores to generate.")
  private int stores;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the generated chain.")
  private long seed;

  @Option(
      names = "--chain",
      description = "A chain already imported into --jdbc-url: skip generating and importing.")
  private boolean imported;

  @Option(
      names = "--jdbc-url",
      description = "The database (default: a new embedded H2 in a temporary directory).")
  private String jdbcUrl;

  @Option(names = "--user", defaultValue = "root", description = "The database user.")
  private String user;

  @Option(names = "--receipts", defaultValue = "100", description = "Receipts held per shopper.")
  private int receipts;

  @Option(names = "--sample", defaultValue = "2000", description = "Shoppers checked.")
  private int sample;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ResidentPurchasesBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("tailor-resident-bench");
    DatabaseSettings settings =
        jdbcUrl == null
            ? DatabaseSettings.embedded(work.resolve("db"))
            : new DatabaseSettings(jdbcUrl, user, "", 4);
    try (Database database = Database.open(settings)) {
      if (!imported) {
        Path chain = work.resolve("chain");
        ChainGenerator.generate(
            ChainParameters.of(shoppers, stores, seed),
            new OutputOptions(chain, false, 2),
            progress -> {});
        ChainImport.importAll(
            database,
            chain,
            List.of(
                ImportKind.STORES, ImportKind.PRODUCTS, ImportKind.SHOPPERS, ImportKind.PURCHASES),
            timing -> System.err.println(timing),
            System.err::println);
      }
      // the loyalty id given is the shopper id, so that the database answers for that shopper
      DatabasePurchaseHistory fromDatabase =
          new DatabasePurchaseHistory(database, id -> Optional.of(Long.parseLong(id)));
      long heapBefore = usedHeapAfterGc();
      ResidentPurchases resident =
          new ResidentPurchases(
              database.dataSource(),
              id -> Optional.of(Long.parseLong(id)),
              fromDatabase,
              receipts,
              Long.MAX_VALUE,
              10_000);
      long started = System.nanoTime();
      resident.load();
      long loadNanos = System.nanoTime() - started;
      long heapAfter = usedHeapAfterGc();
      long held = resident.heldShoppers();

      long maxId = held == 0 ? 1 : shoppersInDatabase(database);
      SplittableRandom random = new SplittableRandom(seed);
      long[] ids = new long[100_000];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = 1 + random.nextLong(maxId);
      }
      long records = 0;
      for (int round = 0; round < 3; round++) { // warm-up, then measured
        started = System.nanoTime();
        for (long id : ids) {
          records += resident.heldPurchases(id, receipts).map(List::size).orElse(0);
        }
      }
      double decodeNanos = (System.nanoTime() - started) / (double) ids.length;

      int same = 0;
      for (int i = 0; i < sample; i++) {
        String id = Long.toString(ids[i]);
        List<PurchaseRecord> expected = fromDatabase.recentPurchases(id, receipts);
        if (resident.recentPurchases(id, receipts).equals(expected)) {
          same++;
        }
      }
      System.out.println(
          JsonLine.of("resident-purchases")
              .add("shoppers", maxId)
              .add("held", held)
              .add("receipts", receipts)
              .add("encodedBytes", resident.heldBytes())
              .add("estimatedBytes", resident.footprintBytes())
              .add("heapBytes", heapAfter - heapBefore)
              .add("heapBytesPerShopper", (heapAfter - heapBefore) / (double) maxId, 1)
              .add("loadSeconds", loadNanos / 1e9, 2)
              .add("decodeNanosPerCall", decodeNanos, 0)
              .add("recordsDecoded", records)
              .add("sampled", sample)
              .add("sameAsDatabase", same)
              .add("processors", Runtime.getRuntime().availableProcessors())
              .toString());
      return same == sample ? 0 : 1;
    }
  }

  private static long shoppersInDatabase(Database database) throws Exception {
    try (var connection = database.dataSource().getConnection();
        var statement = connection.prepareStatement("SELECT MAX(id) FROM shopper");
        var row = statement.executeQuery()) {
      row.next();
      return row.getLong(1);
    }
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
