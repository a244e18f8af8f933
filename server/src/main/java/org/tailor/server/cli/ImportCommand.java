package org.tailor.server.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.tailor.server.config.SettingsException;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.i18n.Message;
import org.tailor.server.importer.ColumnMapping;
import org.tailor.server.importer.ImportFailedException;
import org.tailor.server.importer.ImportKind;
import org.tailor.server.importer.ImportProgress;
import org.tailor.server.importer.ImportReport;
import org.tailor.server.importer.ImportRequest;
import org.tailor.server.importer.Importer;
import org.tailor.server.importer.RowError;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import org.tailor.server.validation.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tailor import <kind> <file> --mapping tailor|online-retail|mapping.properties}: imports a
 * point-of-sale export into the configured database, printing progress at most once a second and
 * every error (the first 20) on one line each.
 *
 * <p>Exit codes: 0 imported, 1 rejected (too many bad rows; nothing written), 2 bad command line or
 * unreadable file or mapping, 3 failed while writing (rolled back; nothing written).
 */
@Command(
    name = "import",
    resourceBundle = "i18n.importer",
    mixinStandardHelpOptions = true,
    sortOptions = false)
public final class ImportCommand implements Callable<Integer> {

  /** How many errors are printed before "... and N more". */
  static final int ERRORS_PRINTED = 20;

  static final int EXIT_REJECTED = 1;
  static final int EXIT_INVALID = 2;
  static final int EXIT_FAILED = 3;

  @Parameters(index = "0", paramLabel = "KIND", descriptionKey = "param.kind")
  String kind;

  @Parameters(index = "1", paramLabel = "FILE", descriptionKey = "param.file")
  Path file;

  @Option(
      names = "--mapping",
      paramLabel = "MAPPING",
      defaultValue = ColumnMapping.TAILOR,
      descriptionKey = "option.mapping")
  String mapping;

  @Option(names = "--store", paramLabel = "CODE", descriptionKey = "option.store")
  String store;

  @Option(
      names = "--max-errors",
      paramLabel = "N",
      defaultValue = "0",
      descriptionKey = "option.max.errors")
  long maxErrors;

  @Option(names = "--config", paramLabel = "FILE", descriptionKey = "option.config")
  Path config;

  @Spec CommandSpec spec;

  private final Map<String, String> environment;

  public ImportCommand() {
    this(System.getenv());
  }

  ImportCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Locale locale = Locale.getDefault();
    try {
      ImportKind importKind = ImportKind.named(kind);
      if (maxErrors < 0) {
        throw new InvalidInputException(
            "--max-errors",
            maxErrors,
            Message.of("errors", "expected.integer.range", 0, Long.MAX_VALUE));
      }
      ImportRequest request =
          new ImportRequest(
              importKind,
              ColumnMapping.resolve(mapping, importKind),
              file.getFileName().toString(),
              Optional.ofNullable(store),
              maxErrors);
      TailorSettings settings = TailorSettings.load(configFile(), environment);
      ImportReport report;
      try (Database database = Database.open(DatabaseSettings.from(settings))) {
        report =
            new Importer(database, settings)
                .importFile(file, request, progressPrinter(err, locale));
      }
      if (report.rejected()) {
        printErrors(report, err, locale);
        err.println(report.summary(locale));
        return EXIT_REJECTED;
      }
      printErrors(report, err, locale);
      out.println(report.summary(locale));
      return 0;
    } catch (InvalidInputException e) {
      err.println(e.describe(locale));
      return EXIT_INVALID;
    } catch (SettingsException e) {
      err.println(e.getMessage());
      return EXIT_INVALID;
    } catch (ImportFailedException e) {
      err.println(e.describe(locale));
      return EXIT_FAILED;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private Optional<Path> configFile() {
    if (config != null) {
      return Optional.of(config);
    }
    String named = environment.get("TAILOR_CONFIG");
    if (named != null && !named.isBlank()) {
      return Optional.of(Path.of(named));
    }
    Path standard = Path.of("config", "tailor.properties");
    return Files.isRegularFile(standard) ? Optional.of(standard) : Optional.empty();
  }

  private static void printErrors(ImportReport report, PrintWriter err, Locale locale) {
    int printed = 0;
    for (RowError error : report.errors()) {
      if (printed == ERRORS_PRINTED) {
        break;
      }
      err.println(error.describe(locale));
      printed++;
    }
    if (report.errorCount() > printed) {
      err.println(
          Message.of("importer", "cli.more.errors", report.errorCount() - printed).in(locale));
    }
  }

  /** Prints progress to {@code err}, at most once a second. */
  static Consumer<ImportProgress> progressPrinter(PrintWriter err, Locale locale) {
    long[] lastPrinted = {System.nanoTime()};
    return progress -> {
      long now = System.nanoTime();
      if (now - lastPrinted[0] < 1_000_000_000L) {
        return;
      }
      lastPrinted[0] = now;
      Message line =
          progress.phase() == ImportProgress.Phase.VALIDATING
              ? Message.of("importer", "cli.progress.validating", progress.linesRead())
              : Message.of(
                  "importer",
                  "cli.progress.writing",
                  progress.linesRead(),
                  progress.linesInFile(),
                  progress.linesWritten());
      err.println(line.in(locale));
      err.flush();
    };
  }
}
