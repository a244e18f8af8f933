package org.tailor.bench.recommender;

import java.io.BufferedReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.tailor.bench.JsonLine;
import org.tailor.plugin.host.LedgerLine;
import org.tailor.scoring.history.HistoryModel;
import org.tailor.scoring.history.HistoryModelBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Build time and memory of the history plugin's model ({@link HistoryModelBuilder}: purchase
 * matrix, item-to-item top-k, bestsellers) on Online Retail and on a {@code tailor generate}
 * chain's {@code purchases.csv}, fed from files instead of the database so that the model alone is
 * measured. Prints one JSON line per data set.
 */
@Command(name = "item-model-benchmark", mixinStandardHelpOptions = true)
public final class ItemModelBenchmark implements Callable<Integer> {

  @Option(
      names = "--data",
      defaultValue = "../shared/data",
      description = "Folder holding online-retail/ (default ${DEFAULT-VALUE}).")
  Path data;

  @Option(
      names = "--chain",
      description = "A generated chain folder (products.csv, purchases.csv).")
  Path chain;

  @Option(names = "--neighbours", defaultValue = "50", description = "Top k (default 50).")
  int neighbours;

  @Option(names = "--shrink", defaultValue = "1.2", description = "Shrink (default 1.2).")
  double shrink;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ItemModelBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (Evaluation.onlineRetailPresent(data)) {
      List<OnlineRetailTemporal.Line> lines = OnlineRetailTemporal.load(data);
      measure(
          "online-retail",
          Instant.parse("2011-12-10T00:00:00Z"),
          sink -> {
            for (OnlineRetailTemporal.Line line : lines) {
              sink.accept(
                  new LedgerLine(
                      line.customer(),
                      "UK",
                      line.at().toInstant(ZoneOffset.UTC),
                      line.stockCode(),
                      "",
                      1));
            }
          });
    } else {
      System.err.println(
          "Online Retail skipped: " + data.resolve(OnlineRetailTemporal.FILE) + " is absent");
    }
    if (chain != null) {
      Map<String, String> categories = new HashMap<>();
      try (BufferedReader in =
          Files.newBufferedReader(chain.resolve("products.csv"), StandardCharsets.UTF_8)) {
        in.readLine();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          String[] cells = line.split(",", -1);
          categories.put(cells[0], cells[cells.length - 3]);
        }
      }
      measure(
          "generated-chain " + chain.getFileName(),
          Instant.parse("2025-01-01T00:00:00Z"),
          sink -> {
            try (BufferedReader in =
                Files.newBufferedReader(chain.resolve("purchases.csv"), StandardCharsets.UTF_8)) {
              in.readLine();
              for (String line = in.readLine(); line != null; line = in.readLine()) {
                // store_code,receipt_number,purchased_at,loyalty_id,line_number,sku,quantity,unit_price
                String[] cells = line.split(",", -1);
                sink.accept(
                    new LedgerLine(
                        cells[3],
                        cells[0],
                        Instant.parse(cells[2]),
                        cells[5],
                        categories.getOrDefault(cells[5], ""),
                        Integer.parseInt(cells[6])));
              }
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
    }
    return 0;
  }

  private void measure(String dataset, Instant at, Consumer<Consumer<LedgerLine>> source) {
    long heapBefore = heapAfterGc();
    HistoryModelBuilder builder = new HistoryModelBuilder(at, 30);
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long started = System.nanoTime();
    long cpuStarted = threads.getCurrentThreadCpuTime();
    source.accept(builder);
    long fed = System.nanoTime();
    long cpuFed = threads.getCurrentThreadCpuTime();
    long heapFed = heapAfterGc();
    resetPeaks();
    long buildStarted = System.nanoTime();
    long cpuBuildStarted = threads.getCurrentThreadCpuTime();
    HistoryModel model = builder.build(neighbours, shrink);
    long built = System.nanoTime();
    long cpuBuilt = threads.getCurrentThreadCpuTime();
    long peak = heapPeak();
    builder = null;
    long heapModel = heapAfterGc();
    JsonLine.of("item-model-build")
        .add("dataset", dataset)
        .add("lines", model.linesRead())
        .add("shoppers", model.shoppers())
        .add("products", model.catalogue().size())
        .add("neighbours", neighbours)
        .add("feed_s", (fed - started) / 1e9, 2)
        .add("feed_cpu_s", (cpuFed - cpuStarted) / 1e9, 2)
        .add("build_s", (built - buildStarted) / 1e9, 2)
        .add("build_cpu_s", (cpuBuilt - cpuBuildStarted) / 1e9, 2)
        .add("builder_mb", (heapFed - heapBefore) / 1_048_576)
        .add("heap_pool_peaks_during_build_mb", peak / 1_048_576)
        .add("model_mb", (heapModel - heapBefore) / 1e6, 1)
        .add("neighbour_table_mb", model.neighbours().sizeInBytes() / 1e6, 2)
        .print();
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  private static long heapPeak() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }
}
