package org.tailor.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.tailor.server.generator.ChainGenerator;
import org.tailor.server.generator.ChainParameters;
import org.tailor.server.generator.GenerationSummary;
import org.tailor.server.generator.OutputOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How fast the synthetic chain generator writes, and in how much memory: runs {@link
 * ChainGenerator} once and prints one JSON line with shoppers, purchase lines, wall-clock and CPU
 * seconds, bytes written and the peak heap in use. The output directory is deleted afterwards
 * unless {@code --keep} is given.
 *
 * <pre>
 * java -cp "bench/target/tailor-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
 *     org.tailor.bench.GeneratorBenchmark --shoppers 1000000 --stores 200 --seed 1
 * </pre>
 */
@Command(name = "generator-benchmark", mixinStandardHelpOptions = true)
public final class GeneratorBenchmark implements Callable<Integer> {

  @Option(names = "--shoppers", defaultValue = "1000000", description = "Shoppers to generate.")
  private int shoppers;

  @Option(names = "--stores", defaultValue = "200", description = "Stores.")
  private int stores;

  @Option(names = "--seed", defaultValue = "1", description = "Seed.")
  private long seed;

  @Option(
      names = "--threads",
      defaultValue = "0",
      description = "Worker threads (0: one per processor).")
  private int threads;

  @Option(names = "--gzip", description = "Compress the CSV files.")
  private boolean gzip;

  @Option(names = "--out", description = "Output directory (default: a temporary one).")
  private Path out;

  @Option(names = "--keep", description = "Keep the output.")
  private boolean keep;

  public static void main(String[] args) {
    System.exit(new CommandLine(new GeneratorBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    Path directory = out != null ? out : Files.createTempDirectory("tailor-generator-bench");
    int threadCount = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    long cpuBefore = ProcessMemory.processCpuNanos();
    GenerationSummary summary =
        ChainGenerator.generate(
            ChainParameters.of(shoppers, stores, seed),
            new OutputOptions(directory, gzip, threadCount),
            progress -> {});
    double cpuSeconds = (ProcessMemory.processCpuNanos() - cpuBefore) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "{\"benchmark\":\"generator\",\"shoppers\":%d,\"stores\":%d,\"seed\":%d,\"threads\":%d,"
            + "\"gzip\":%b,\"receipts\":%d,\"lines\":%d,\"seconds\":%.2f,\"cpuSeconds\":%.2f,"
            + "\"bytes\":%d,\"peakHeapBytes\":%d,\"maxHeapBytes\":%d,\"processors\":%d}%n",
        shoppers,
        stores,
        seed,
        threadCount,
        gzip,
        summary.purchases(),
        summary.purchaseLines(),
        summary.elapsedNanos() / 1e9,
        cpuSeconds,
        summary.totalBytes(),
        ProcessMemory.peakHeapBytes(),
        Runtime.getRuntime().maxMemory(),
        Runtime.getRuntime().availableProcessors());
    if (!keep) {
      delete(directory);
    }
    return 0;
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
