package org.tailor.server.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.i18n.Message;
import org.tailor.server.persistence.Database;
import org.tailor.server.validation.InvalidInputException;

/**
 * Imports point-of-sale exports (CSV, plain or gzip) into the database: stores, products, shoppers,
 * household members, consents and purchases.
 *
 * <p>An import reads the file twice. First it validates every row, against the mapping and against
 * what the database and the rest of the file already say; a file with more bad rows than the
 * request allows ({@code maxErrors}, 0 by default) is rejected and nothing is written. Then, in one
 * transaction, it writes the rows that passed in JDBC batches — a failure part-way rolls the whole
 * file back. Each import is recorded in {@code import_batch} with the file's SHA-256. Re-importing
 * a file, or one that overlaps it, adds nothing: purchases are unique by store and receipt number,
 * products by SKU, shoppers by loyalty id, and the others by their natural keys.
 */
public final class Importer {

  /** Rows validated, then written, per step; progress is reported after each. */
  static final int CHUNK_ROWS = 5_000;

  private final DataSource dataSource;
  private final String currency;
  private final String defaultLanguage;

  /** An importer using the server's currency and default language from {@code settings}. */
  public Importer(Database database, TailorSettings settings) {
    this(database.dataSource(), settings.currency(), settings.defaultLanguage());
  }

  /** An importer with the default settings (currency GBP, language en). */
  public Importer(Database database) {
    this(database, TailorSettings.of(Map.of()));
  }

  Importer(DataSource dataSource, String currency, String defaultLanguage) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.currency = Objects.requireNonNull(currency, "currency");
    this.defaultLanguage = Objects.requireNonNull(defaultLanguage, "defaultLanguage");
  }

  /** Imports {@code file} without reporting progress. */
  public ImportReport importFile(Path file, ImportRequest request) {
    return importFile(file, request, progress -> {});
  }

  /**
   * Imports {@code file}.
   *
   * @param progress told how far the import has got after every chunk of lines; if it throws, the
   *     import stops and everything written is rolled back
   * @return the report; {@link ImportReport#rejected()} when the file had too many bad rows
   * @throws InvalidInputException when the file cannot be opened
   * @throws ImportFailedException when writing failed (everything rolled back)
   */
  public ImportReport importFile(
      Path file, ImportRequest request, Consumer<ImportProgress> progress) {
    return importFile(file, request, progress, batchId -> {});
  }

  /**
   * Imports {@code file}, telling {@code writing} the id of its batch once the batch row is written
   * and before any imported row is: every row the import writes takes a larger id than any taken
   * before that call, and none is committed yet.
   *
   * @param writing if it throws, the import stops and everything written is rolled back
   */
  public ImportReport importFile(
      Path file, ImportRequest request, Consumer<ImportProgress> progress, LongConsumer writing) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new InvalidInputException(
          "file", file.toString(), Message.of("importer", "file.expected"));
    }
    ImportContext context = new ImportContext(request, currency, defaultLanguage, Instant.now());
    return switch (request.kind()) {
      case STORES -> run(file, context, new StoresImport(context), progress, writing);
      case PRODUCTS -> run(file, context, new ProductsImport(context), progress, writing);
      case SHOPPERS -> run(file, context, new ShoppersImport(context), progress, writing);
      case HOUSEHOLD_MEMBERS ->
          run(file, context, new HouseholdMembersImport(context), progress, writing);
      case CONSENTS -> run(file, context, new ConsentsImport(context), progress, writing);
      case PURCHASES -> run(file, context, new PurchasesImport(context), progress, writing);
    };
  }

  /** What validation found. */
  private record Validation(long lines, String sha256) {}

  private <R> ImportReport run(
      Path file,
      ImportContext context,
      KindImport<R> kind,
      Consumer<ImportProgress> progress,
      LongConsumer writing) {
    ImportRequest request = context.request();
    ErrorLog errors = new ErrorLog();
    try (Connection connection = dataSource.getConnection()) {
      Validation validation = validate(connection, file, context, kind, errors, progress);
      if (errors.fileRefused() || errors.badRows() > request.maxErrors()) {
        long batchId =
            insertBatch(
                connection,
                context,
                validation.sha256(),
                "rejected",
                validation.lines(),
                0,
                errors.badRows(),
                true);
        return report(
            context,
            ImportReport.Outcome.REJECTED,
            batchId,
            validation,
            new KindImport.Counts(),
            errors);
      }
      KindImport.Counts counts = new KindImport.Counts();
      long batchId;
      connection.setAutoCommit(false);
      try {
        batchId =
            insertBatch(
                connection,
                context,
                validation.sha256(),
                "running",
                validation.lines(),
                0,
                0,
                false);
        writing.accept(batchId);
        kind.prepare(connection, batchId, counts);
        write(connection, file, context, kind, errors, validation, counts, progress);
        finishBatch(connection, batchId, validation.lines(), counts, errors.badRows());
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        ImportFailedException failure = new ImportFailedException(request.sourceName(), e);
        try {
          connection.rollback();
          connection.setAutoCommit(true);
          insertBatch(
              connection, context, validation.sha256(), "failed", validation.lines(), 0, 0, true);
        } catch (SQLException | RuntimeException again) {
          failure.addSuppressed(again);
        }
        throw failure;
      } finally {
        if (!connection.getAutoCommit()) {
          connection.setAutoCommit(true);
        }
      }
      return report(context, ImportReport.Outcome.IMPORTED, batchId, validation, counts, errors);
    } catch (SQLException e) {
      throw new ImportFailedException(request.sourceName(), e);
    }
  }

  private <R> Validation validate(
      Connection connection,
      Path file,
      ImportContext context,
      KindImport<R> kind,
      ErrorLog errors,
      Consumer<ImportProgress> progress)
      throws SQLException {
    String name = context.request().sourceName();
    long lines = 0;
    CsvInput input = open(file, context);
    try (input) {
      Optional<List<String>> header = input.next();
      if (header.isEmpty()) {
        errors.fileError(new RowError(name, 1, "", "", Message.of("importer", "file.empty")));
        return new Validation(0, input.sha256());
      }
      List<RowError> fileErrors = new ArrayList<>();
      SourceColumns columns =
          SourceColumns.match(name, context.mapping(), header.get(), List.of(), fileErrors);
      kind.checkHeader(connection, columns, fileErrors);
      fileErrors.forEach(errors::fileError);
      List<KindImport.Parsed<R>> chunk = new ArrayList<>(CHUNK_ROWS);
      Optional<List<String>> values;
      while ((values = input.next()).isPresent()) {
        int ordinal = (int) lines++;
        if (errors.fileRefused()) {
          continue;
        }
        Cells cells = new Cells(columns, values.get(), input.line(), ordinal);
        R row = cells.ok() ? kind.parse(cells) : null;
        if (row == null) {
          errors.rowErrors(ordinal, cells.errors());
        } else {
          chunk.add(new KindImport.Parsed<>(cells, row));
        }
        if (chunk.size() == CHUNK_ROWS) {
          check(connection, kind, chunk, errors);
          progress.accept(new ImportProgress(ImportProgress.Phase.VALIDATING, lines, 0, 0));
        }
      }
      check(connection, kind, chunk, errors);
      progress.accept(new ImportProgress(ImportProgress.Phase.VALIDATING, lines, 0, lines));
      return new Validation(lines, input.sha256());
    } catch (UncheckedIOException e) {
      errors.fileError(
          new RowError(
              name,
              Math.max(1, input.lineReached()),
              "",
              "",
              Message.of(
                  "importer", "file.unreadable", String.valueOf(e.getCause().getMessage()))));
      return new Validation(lines, "");
    }
  }

  private static <R> void check(
      Connection connection, KindImport<R> kind, List<KindImport.Parsed<R>> chunk, ErrorLog errors)
      throws SQLException {
    kind.check(connection, chunk);
    for (KindImport.Parsed<R> parsed : chunk) {
      if (!parsed.cells().ok()) {
        errors.rowErrors(parsed.cells().ordinal, parsed.cells().errors());
      }
    }
    chunk.clear();
  }

  private <R> void write(
      Connection connection,
      Path file,
      ImportContext context,
      KindImport<R> kind,
      ErrorLog errors,
      Validation validation,
      KindImport.Counts counts,
      Consumer<ImportProgress> progress)
      throws SQLException {
    String name = context.request().sourceName();
    try (CsvInput input = open(file, context)) {
      List<String> header = input.next().orElseThrow(() -> changed(name));
      SourceColumns columns =
          SourceColumns.match(name, context.mapping(), header, List.of(), new ArrayList<>());
      List<KindImport.Parsed<R>> chunk = new ArrayList<>(CHUNK_ROWS);
      long read = 0;
      Optional<List<String>> values;
      while ((values = input.next()).isPresent()) {
        int ordinal = (int) read++;
        if (errors.isBad(ordinal)) {
          continue;
        }
        Cells cells = new Cells(columns, values.get(), input.line(), ordinal);
        R row = cells.ok() ? kind.parse(cells) : null;
        if (row == null) {
          throw changed(name);
        }
        chunk.add(new KindImport.Parsed<>(cells, row));
        if (chunk.size() == CHUNK_ROWS) {
          kind.write(connection, chunk, counts);
          chunk.clear();
          progress.accept(
              new ImportProgress(
                  ImportProgress.Phase.WRITING, read, counts.linesWritten, validation.lines()));
        }
      }
      kind.write(connection, chunk, counts);
      if (read != validation.lines() || !input.sha256().equals(validation.sha256())) {
        throw changed(name);
      }
      progress.accept(
          new ImportProgress(
              ImportProgress.Phase.WRITING, read, counts.linesWritten, validation.lines()));
    }
  }

  private static IllegalStateException changed(String name) {
    return new IllegalStateException(Message.of("importer", "file.changed", name).english());
  }

  private static CsvInput open(Path file, ImportContext context) {
    try {
      return CsvInput.open(file, context.mapping().delimiter());
    } catch (IOException e) {
      throw new InvalidInputException(
          "file", file.toString(), Message.of("importer", "file.expected"));
    }
  }

  private static long insertBatch(
      Connection connection,
      ImportContext context,
      String sha256,
      String status,
      long linesRead,
      long linesWritten,
      long linesSkipped,
      boolean finished)
      throws SQLException {
    ImportRequest request = context.request();
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO import_batch (source_name, content_sha256, mapping_name, started_at,"
                + " finished_at, lines_read, lines_written, lines_skipped, status)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      insert.setString(1, truncate(request.sourceName(), 500));
      insert.setString(2, sha256.isEmpty() ? "0".repeat(64) : sha256);
      insert.setString(3, truncate(request.kind().batchMapping(request.mapping().name()), 100));
      insert.setObject(4, Sql.utc(context.startedAt()));
      insert.setObject(5, finished ? Sql.utc(Instant.now()) : null);
      insert.setLong(6, linesRead);
      insert.setLong(7, linesWritten);
      insert.setLong(8, linesSkipped);
      insert.setString(9, status);
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  private static void finishBatch(
      Connection connection, long batchId, long linesRead, KindImport.Counts counts, long badRows)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE import_batch SET finished_at = ?, lines_read = ?, lines_written = ?,"
                + " lines_skipped = ?, status = 'imported' WHERE id = ?")) {
      update.setObject(1, Sql.utc(Instant.now()));
      update.setLong(2, linesRead);
      update.setLong(3, counts.linesWritten);
      update.setLong(4, counts.skippedDuplicates + badRows);
      update.setLong(5, batchId);
      update.executeUpdate();
    }
  }

  private static ImportReport report(
      ImportContext context,
      ImportReport.Outcome outcome,
      long batchId,
      Validation validation,
      KindImport.Counts counts,
      ErrorLog errors) {
    ImportRequest request = context.request();
    List<RowError> kept = new ArrayList<>(errors.kept());
    kept.sort(Comparator.comparingLong(RowError::line));
    return new ImportReport(
        request.sourceName(),
        request.kind(),
        request.mapping().name(),
        outcome,
        batchId,
        validation.sha256(),
        validation.lines(),
        counts.linesWritten,
        counts.receiptsWritten,
        counts.skippedDuplicates,
        outcome == ImportReport.Outcome.IMPORTED ? errors.badRows() : 0,
        errors.count(),
        kept);
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }
}
