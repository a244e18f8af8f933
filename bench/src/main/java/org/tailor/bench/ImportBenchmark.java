package org.tailor.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.tailor.server.generator.ChainGenerator;
import org.tailor.server.generator.ChainParameters;
import org.tailor.server.generator.OutputOptions;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Import throughput: imports a generated chain (stores, products, shoppers, household members,
 * consents, purchases) with the real importer into a fresh H2 file database and a fresh MariaDB
 * database, and prints one JSON line per file and database with lines, seconds and lines per
 * second, then one line per database for the whole chain. The databases (and a chain it generated)
 * are deleted afterwards.
 *
 * <pre>
 * java -Xmx4g -cp "bench/target/tailor-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
 *     org.tailor.bench.ImportBenchmark --shoppers 100000 --stores 200 --seed 1
 * </pre>
 */
@Command(name = "import-benchmark", mixinStandardHelpOptions = true)
public final class ImportBenchmark implements Callable<Integer> {

  @Option(
      names = "--chain",
      description =
          "A chain written by `tailor generate` (default: generate one in a temp folder).")
  private Path chain;

  @Option(names = "--shoppers", defaultValue = "100000", description = "Shoppers to generate.")
  private int shoppers;

  @Option(names = "--stores", defaultValue = "200", description = "Stores to generate.")
  private int stores;

  @Option(names = "--seed", defaultValue = "1", description = "Generator seed.")
  private long seed;

  @Option(
      names = "--databases",
      defaultValue = "h2,mariadb",
      split = ",",
      description = "Databases to import into: h2, mariadb.")
  private List<String> databases;

  @Mixin private MariaDbServer mariadb;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ImportBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path source = chain;
    Path generated = null;
    if (source == null) {
      generated = Files.createTempDirectory("tailor-import-bench-chain");
      source = generated;
      long started = System.nanoTime();
      ChainGenerator.generate(
          ChainParameters.of(shoppers, stores, seed),
          new OutputOptions(source, false, Runtime.getRuntime().availableProcessors()),
          progress -> {});
      JsonLine.of("import-generate")
          .add("shoppers", shoppers)
          .add("stores", stores)
          .add("seed", seed)
          .add("seconds", (System.nanoTime() - started) / 1e9, 1)
          .print();
    } else if (!ChainImport.complete(source)) {
      throw new IllegalArgumentException(source + ": not a complete generated chain");
    }
    try {
      for (String database : databases) {
        switch (database) {
          case "h2" -> importIntoH2(source);
          case "mariadb" -> importIntoMariaDb(source);
          default -> throw new IllegalArgumentException(database + ": expected h2 or mariadb");
        }
      }
    } finally {
      if (generated != null) {
        delete(generated);
      }
    }
    return 0;
  }

  private void importIntoH2(Path source) throws IOException {
    Path directory = Files.createTempDirectory("tailor-import-bench-h2");
    try {
      run("h2", source, DatabaseSettings.embedded(directory));
      JsonLine.of("import-database-size")
          .add("database", "h2")
          .add("bytes", size(directory))
          .print();
    } finally {
      delete(directory);
    }
  }

  private void importIntoMariaDb(Path source) throws Exception {
    String name = "tailor_bench_import_" + ProcessHandle.current().pid();
    mariadb.drop(name);
    mariadb.create(name);
    try {
      run("mariadb", source, mariadb.settings(name));
    } finally {
      mariadb.drop(name);
    }
  }

  private static void run(String label, Path source, DatabaseSettings settings) throws IOException {
    long opened = System.nanoTime();
    try (Database database = Database.open(settings)) {
      double migrateSeconds = (System.nanoTime() - opened) / 1e9;
      long started = System.nanoTime();
      List<ImportTiming> timings =
          ChainImport.importAll(
              database,
              source,
              timing -> timing.json("import", label).print(),
              System.err::println);
      double seconds = (System.nanoTime() - started) / 1e9;
      long lines = timings.stream().mapToLong(ImportTiming::linesRead).sum();
      JsonLine.of("import")
          .add("database", label)
          .add("kind", "all")
          .add("lines", lines)
          .add("seconds", seconds, 2)
          .add("linesPerSecond", lines / seconds, 0)
          .add("openAndMigrateSeconds", migrateSeconds, 2)
          .add("heapUsedBytes", ProcessMemory.heapUsedBytes())
          .print();
    }
  }

  private static long size(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              file -> {
                try {
                  return Files.size(file);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .sum();
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
