package org.tailor.server.generator;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.tailor.server.i18n.Message;
import org.tailor.server.validation.InvalidInputException;

/**
 * Generates a synthetic chain into a directory: {@code stores.csv}, {@code products.csv}, {@code
 * shoppers.csv}, {@code household_members.csv}, {@code consents.csv} and {@code purchases.csv} in
 * Tailor's own layout ({@code docs/import-formats.md}), {@code ground-truth.json} (see {@link
 * GroundTruthResponseModel}), {@code manifest.json} (parameters, rows and bytes per file) and
 * {@code README.txt}.
 *
 * <p>Shoppers are cut into blocks of {@value #BLOCK_SHOPPERS}; worker threads write blocks into
 * memory (compressing each as a gzip member when asked) and the calling thread appends them to the
 * files in order, with at most a few blocks in flight: memory stays flat whatever the number of
 * shoppers, and the bytes do not depend on the number of threads. Files are written under a {@code
 * .partial} name and renamed when complete, so an interrupted run leaves no file that looks whole.
 */
public final class ChainGenerator {

  /** Shoppers per block: the unit of parallel work, fixed so that output never depends on it. */
  static final int BLOCK_SHOPPERS = 2_000;

  /** Days kept beyond the window for late returns' time-zone offsets. */
  private static final int EXTRA_DAYS = 40;

  private static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;

  /** The chain's currency: prices and amounts are in it. */
  public static final String CURRENCY = "EUR";

  static final String STORES = "stores";
  static final String PRODUCTS = "products";
  static final String SHOPPERS = "shoppers";
  static final String HOUSEHOLD_MEMBERS = "household_members";
  static final String CONSENTS = "consents";
  static final String PURCHASES = "purchases";

  /** The header of each CSV file, exactly as {@code docs/import-formats.md} lists the columns. */
  static final Map<String, String> HEADERS;

  static {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(STORES, "store_code,name,region,country,time_zone");
    headers.put(PRODUCTS, "sku,name,category,price,cost");
    headers.put(
        SHOPPERS,
        "loyalty_id,first_name,last_name,language,birthday,time_zone,household_code,home_store,"
            + "card_number,phone,email,preferred_categories");
    headers.put(HOUSEHOLD_MEMBERS, "loyalty_id,first_name,relation,birthday");
    headers.put(CONSENTS, "loyalty_id,channel,purpose,status,source,occurred_at");
    headers.put(
        PURCHASES,
        "store_code,receipt_number,purchased_at,loyalty_id,line_number,sku,quantity,unit_price");
    HEADERS = Map.copyOf(headers);
  }

  private static final List<String> SHOPPER_FILES =
      List.of(SHOPPERS, HOUSEHOLD_MEMBERS, CONSENTS, PURCHASES);

  private ChainGenerator() {}

  /** The file name a CSV table is written to, such as {@code purchases.csv.gz}. */
  public static String fileName(String table, boolean gzip) {
    return table + (gzip ? ".csv.gz" : ".csv");
  }

  /**
   * Writes the chain. Progress goes to {@code progress} at most once a second and once at the end.
   *
   * @throws InvalidInputException when the directory cannot be created or written to
   * @throws IOException when writing fails midway (no complete-looking file is left behind)
   */
  public static GenerationSummary generate(
      ChainParameters parameters, OutputOptions output, Consumer<GenerationProgress> progress)
      throws IOException {
    long started = System.nanoTime();
    Path directory = prepareDirectory(output.directory());
    Catalogue catalogue = Catalogue.of(parameters.seed());
    StoreNetwork stores =
        StoreNetwork.of(
            parameters.seed(),
            parameters.stores(),
            parameters.from(),
            parameters.windowDays() + EXTRA_DAYS);
    TraitModel traits = traitModel(parameters, catalogue);

    Map<String, ChainFile> files = new LinkedHashMap<>();
    List<Path> finished = new ArrayList<>();
    boolean complete = false;
    ExecutorService workers = Executors.newFixedThreadPool(output.threads(), daemonThreads());
    try {
      for (String table :
          List.of(STORES, PRODUCTS, SHOPPERS, HOUSEHOLD_MEMBERS, CONSENTS, PURCHASES)) {
        ChainFile file = ChainFile.create(directory, fileName(table, output.gzip()), output.gzip());
        files.put(table, file);
        file.write(
            encode((HEADERS.get(table) + "\n").getBytes(StandardCharsets.UTF_8), output.gzip()));
      }
      writeStores(files.get(STORES), stores, output.gzip());
      writeProducts(files.get(PRODUCTS), catalogue, output.gzip());

      long purchases = 0;
      long purchaseLines = 0;
      long shoppersWritten = 0;
      long lastReport = started;
      int blocks = (parameters.shoppers() + BLOCK_SHOPPERS - 1) / BLOCK_SHOPPERS;
      int inFlight = Math.max(2, 2 * output.threads());
      ThreadLocal<ShopperSynthesizer> synthesizers =
          ThreadLocal.withInitial(
              () -> new ShopperSynthesizer(parameters, catalogue, stores, traits));
      ArrayDeque<Future<Block>> pending = new ArrayDeque<>();
      int nextBlock = 0;
      while (nextBlock < blocks || !pending.isEmpty()) {
        while (nextBlock < blocks && pending.size() < inFlight) {
          int block = nextBlock++;
          pending.add(
              workers.submit(
                  () -> generateBlock(synthesizers.get(), parameters, block, output.gzip())));
        }
        Block block = await(pending.poll());
        for (int f = 0; f < SHOPPER_FILES.size(); f++) {
          ChainFile file = files.get(SHOPPER_FILES.get(f));
          file.write(block.bytes[f]);
          file.addRows(block.rows[f]);
        }
        shoppersWritten += block.shoppers;
        purchases += block.purchases;
        purchaseLines += block.rows[3];
        long now = System.nanoTime();
        if (now - lastReport >= PROGRESS_INTERVAL_NANOS) {
          lastReport = now;
          progress.accept(
              new GenerationProgress(
                  shoppersWritten,
                  parameters.shoppers(),
                  purchaseLines,
                  bytesWritten(files),
                  now - started));
        }
      }

      Map<String, Long> rows = new LinkedHashMap<>();
      Map<String, Long> bytes = new LinkedHashMap<>();
      for (ChainFile file : files.values()) {
        finished.add(file.finish());
        rows.put(file.name(), file.rows());
        bytes.put(file.name(), file.bytes());
      }
      GroundTruthResponseModel model =
          new GroundTruthResponseModel(
              parameters.seed(),
              parameters.shoppers(),
              catalogue.categoryPaths(),
              catalogue.categoryBaseShares(),
              parameters.purchasing(),
              parameters.spend(),
              parameters.preferences(),
              parameters.response(),
              traits.valueTierLimits(parameters.seed()));
      bytes.put(
          "ground-truth.json",
          writeText(
              directory,
              "ground-truth.json",
              w -> GroundTruthDocument.write(w, parameters, model)));
      long receipts = purchases;
      bytes.put(
          "README.txt",
          writeText(
              directory,
              "README.txt",
              w -> ChainManifest.writeReadme(w, parameters, output.gzip(), rows, receipts)));
      bytes.put(
          "manifest.json",
          writeText(
              directory,
              "manifest.json",
              w ->
                  ChainManifest.writeManifest(
                      w, parameters, output.gzip(), rows, bytes, receipts)));
      long elapsed = System.nanoTime() - started;
      progress.accept(
          new GenerationProgress(
              shoppersWritten, parameters.shoppers(), purchaseLines, sum(bytes), elapsed));
      complete = true;
      return new GenerationSummary(directory, rows, bytes, purchases, purchaseLines, elapsed);
    } finally {
      workers.shutdownNow();
      if (!complete) {
        for (ChainFile file : files.values()) {
          file.abandon();
        }
      }
    }
  }

  static TraitModel traitModel(ChainParameters parameters, Catalogue catalogue) {
    return new TraitModel(
        parameters.purchasing(),
        parameters.spend(),
        parameters.preferences(),
        parameters.response().responsivenessSd(),
        catalogue.categoryBaseShares());
  }

  /** One block of shoppers as the bytes of each shopper file, in {@link #SHOPPER_FILES} order. */
  private static final class Block {
    final byte[][] bytes = new byte[4][];
    final long[] rows = new long[4];
    long shoppers;
    long purchases;
  }

  private static Block generateBlock(
      ShopperSynthesizer synthesizer, ChainParameters parameters, int blockIndex, boolean gzip) {
    long first = (long) blockIndex * BLOCK_SHOPPERS;
    long end = Math.min(parameters.shoppers(), first + BLOCK_SHOPPERS);
    synthesizer.clear();
    for (long index = first; index < end; index++) {
      synthesizer.write(index);
    }
    Block block = new Block();
    CsvText[] texts = {
      synthesizer.shoppers, synthesizer.members, synthesizer.consents, synthesizer.purchases
    };
    for (int f = 0; f < 4; f++) {
      block.bytes[f] = encode(texts[f].text().toString().getBytes(StandardCharsets.UTF_8), gzip);
    }
    block.rows[0] = synthesizer.shopperRows;
    block.rows[1] = synthesizer.memberRows;
    block.rows[2] = synthesizer.consentRows;
    block.rows[3] = synthesizer.purchaseLineRows;
    block.shoppers = end - first;
    block.purchases = synthesizer.purchaseCount;
    return block;
  }

  private static void writeStores(ChainFile file, StoreNetwork stores, boolean gzip)
      throws IOException {
    CsvText csv = new CsvText(1 << 12, java.time.LocalDate.EPOCH, 0);
    for (StoreNetwork.Store store : stores.stores()) {
      csv.plain(store.code())
          .field(store.name())
          .field(store.region())
          .plain(store.country().isoCode())
          .plain(store.timeZone());
      csv.endRow();
    }
    file.write(encode(csv.text().toString().getBytes(StandardCharsets.UTF_8), gzip));
    file.addRows(stores.stores().size());
  }

  private static void writeProducts(ChainFile file, Catalogue catalogue, boolean gzip)
      throws IOException {
    CsvText csv = new CsvText(1 << 17, java.time.LocalDate.EPOCH, 0);
    for (int product = 0; product < catalogue.productCount(); product++) {
      csv.plain(catalogue.sku(product))
          .field(catalogue.name(product))
          .plain(catalogue.categoryPath(product))
          .cents(catalogue.priceCents(product))
          .cents(catalogue.costCents(product));
      csv.endRow();
    }
    file.write(encode(csv.text().toString().getBytes(StandardCharsets.UTF_8), gzip));
    file.addRows(catalogue.productCount());
  }

  /** The bytes as they go to disk: unchanged, or as one gzip member (fastest compression). */
  static byte[] encode(byte[] bytes, boolean gzip) {
    if (!gzip) {
      return bytes;
    }
    ByteArrayOutputStream compressed = new ByteArrayOutputStream(bytes.length / 4 + 64);
    try (GZIPOutputStream out = new FastGzipOutputStream(compressed)) {
      out.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return compressed.toByteArray();
  }

  /** A gzip stream at {@link Deflater#BEST_SPEED}: compression must keep up with generation. */
  private static final class FastGzipOutputStream extends GZIPOutputStream {
    FastGzipOutputStream(OutputStream out) throws IOException {
      super(out, 1 << 16);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }

  private static Block await(Future<Block> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while generating", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IOException(cause);
    }
  }

  private static long bytesWritten(Map<String, ChainFile> files) {
    long total = 0;
    for (ChainFile file : files.values()) {
      total += file.bytes();
    }
    return total;
  }

  private static long sum(Map<String, Long> bytes) {
    long total = 0;
    for (long b : bytes.values()) {
      total += b;
    }
    return total;
  }

  /** Something that writes text. */
  private interface TextWriter {
    void write(Writer writer) throws IOException;
  }

  private static long writeText(Path directory, String name, TextWriter content)
      throws IOException {
    Path partial = directory.resolve(name + ".partial");
    try (Writer writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
        BufferedWriter buffered = new BufferedWriter(writer)) {
      content.write(buffered);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    Path target = directory.resolve(name);
    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
    return Files.size(target);
  }

  private static Path prepareDirectory(Path directory) {
    Path absolute = directory.toAbsolutePath().normalize();
    try {
      Files.createDirectories(absolute);
    } catch (IOException | SecurityException e) {
      throw new InvalidInputException(
          "out", directory, Message.of("generator", "expected.writable.directory"));
    }
    if (!Files.isDirectory(absolute) || !Files.isWritable(absolute)) {
      throw new InvalidInputException(
          "out", directory, Message.of("generator", "expected.writable.directory"));
    }
    return absolute;
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "tailor-generate-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
