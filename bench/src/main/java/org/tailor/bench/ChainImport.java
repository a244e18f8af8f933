package org.tailor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.tailor.server.importer.ColumnMapping;
import org.tailor.server.importer.ImportKind;
import org.tailor.server.importer.ImportReport;
import org.tailor.server.importer.ImportRequest;
import org.tailor.server.importer.Importer;
import org.tailor.server.persistence.Database;

/**
 * Imports a chain written by {@code tailor generate} — stores, products, shoppers, household
 * members, consents, purchases, in that order — with the real {@link Importer}, timing each file.
 */
final class ChainImport {

  static final List<ImportKind> ORDER =
      List.of(
          ImportKind.STORES,
          ImportKind.PRODUCTS,
          ImportKind.SHOPPERS,
          ImportKind.HOUSEHOLD_MEMBERS,
          ImportKind.CONSENTS,
          ImportKind.PURCHASES);

  private ChainImport() {}

  /** The file of {@code kind} in {@code chain}: {@code purchases.csv} or {@code .csv.gz}. */
  static Path file(Path chain, ImportKind kind) {
    String base = kind.cliName().replace('-', '_') + ".csv";
    Path plain = chain.resolve(base);
    return Files.isRegularFile(plain) ? plain : chain.resolve(base + ".gz");
  }

  /** Whether {@code chain} holds a complete generated chain. */
  static boolean complete(Path chain) {
    return Files.isRegularFile(chain.resolve("manifest.json"))
        && ORDER.stream().allMatch(kind -> Files.isRegularFile(file(chain, kind)));
  }

  /**
   * Household members may be skipped as bad rows: the generator gives some households two children
   * of the same first name, which the importer refuses as a repeated member (0.7 % of the rows).
   */
  static final long HOUSEHOLD_MEMBER_BAD_ROWS_ALLOWED = Long.MAX_VALUE;

  /** Imports every file of {@code chain}, in {@link #ORDER}. */
  static List<ImportTiming> importAll(
      Database database, Path chain, Consumer<ImportTiming> each, Consumer<String> progress)
      throws IOException {
    return importAll(database, chain, ORDER, each, progress);
  }

  /**
   * Imports the files of {@code kinds} from {@code chain} into {@code database}, in that order,
   * telling {@code each} the timing of each file as it finishes.
   *
   * @throws IllegalStateException if a file is rejected
   */
  static List<ImportTiming> importAll(
      Database database,
      Path chain,
      List<ImportKind> kinds,
      Consumer<ImportTiming> each,
      Consumer<String> progress)
      throws IOException {
    Importer importer = new Importer(database);
    List<ImportTiming> timings = new ArrayList<>();
    for (ImportKind kind : kinds) {
      Path file = file(chain, kind);
      long bytes = Files.size(file);
      long[] lastReport = {System.nanoTime()};
      long started = System.nanoTime();
      ImportReport report =
          importer.importFile(
              file,
              ImportRequest.strict(kind, ColumnMapping.tailor(kind), file.getFileName().toString())
                  .withMaxErrors(
                      kind == ImportKind.HOUSEHOLD_MEMBERS ? HOUSEHOLD_MEMBER_BAD_ROWS_ALLOWED : 0),
              p -> {
                long now = System.nanoTime();
                if (now - lastReport[0] > 10_000_000_000L) {
                  lastReport[0] = now;
                  progress.accept(
                      kind.cliName()
                          + " "
                          + p.phase()
                          + " read "
                          + p.linesRead()
                          + " written "
                          + p.linesWritten()
                          + " of "
                          + p.linesInFile());
                }
              });
      double seconds = (System.nanoTime() - started) / 1e9;
      if (report.rejected()) {
        throw new IllegalStateException(
            "rejected: " + report.summary(java.util.Locale.ROOT) + " " + report.errors());
      }
      ImportTiming timing =
          new ImportTiming(
              kind,
              report.linesRead(),
              report.linesWritten(),
              report.receiptsWritten(),
              report.skippedBadRows(),
              seconds,
              bytes);
      timings.add(timing);
      each.accept(timing);
    }
    return timings;
  }
}
