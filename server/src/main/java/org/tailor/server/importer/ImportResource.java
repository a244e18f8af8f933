package org.tailor.server.importer;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.i18n.Message;
import org.tailor.server.persistence.Database;
import org.tailor.server.validation.InvalidInputException;

/**
 * {@code POST /api/v1/imports/{kind}}: imports the CSV body (plain or gzip; streamed to a temporary
 * file, never held in memory) and answers with the import report as JSON — 200 when imported, 422
 * with the errors when rejected (nothing written). Bad parameters throw {@link
 * InvalidInputException} (400), a failure while writing {@link ImportFailedException} (rolled
 * back).
 *
 * <p>Query parameters: {@code mapping} ({@code tailor}, the default; {@code online-retail}; or the
 * name of a mapping file in the folder {@code tailor.import.mappings.dir}, default {@code
 * config/import-mappings} — never a path), {@code store}, {@code maxErrors} (default 0), {@code
 * source} (the file's name for the report, default {@code <kind>.csv}).
 */
@Path("/api/v1/imports")
@RolesAllowed({"admin", "integrator"})
public class ImportResource {

  /** The HTTP status of a rejected file: 422 Unprocessable Content. */
  public static final int UNPROCESSABLE_CONTENT = 422;

  private final Importer importer;
  private final java.nio.file.Path mappingsDir;
  private final Runnable afterPurchasesWritten;
  private final Consumer<ImportKind> afterAnyWritten;
  private final ObjLongConsumer<ImportKind> beforeWriting;

  public ImportResource(Database database) {
    this(database, TailorSettings.of(Map.of()), () -> {});
  }

  /**
   * @param afterPurchasesWritten run after an import that wrote purchases (the server refreshes the
   *     population's RFM cut points)
   */
  public ImportResource(
      Database database, TailorSettings settings, Runnable afterPurchasesWritten) {
    this(database, settings, afterPurchasesWritten, (kind, batchId) -> {}, kind -> {});
  }

  /**
   * @param afterPurchasesWritten run after an import that wrote purchases (the server refreshes the
   *     population's RFM cut points)
   * @param beforeWriting run with the import's kind and batch id when it is about to write its rows
   *     (before any is written and before it commits; {@link
   *     Importer#importFile(java.nio.file.Path, ImportRequest, Consumer,
   *     java.util.function.LongConsumer)}): the resident decision facts remember where its rows
   *     begin
   * @param afterAnyWritten run with the import's kind after every import that wrote anything,
   *     before the call is answered (the decision pipeline reads again what it holds of shoppers
   *     and stores)
   */
  public ImportResource(
      Database database,
      TailorSettings settings,
      Runnable afterPurchasesWritten,
      ObjLongConsumer<ImportKind> beforeWriting,
      Consumer<ImportKind> afterAnyWritten) {
    this.beforeWriting = beforeWriting;
    this.importer = new Importer(database, settings);
    this.afterPurchasesWritten = afterPurchasesWritten;
    this.afterAnyWritten = afterAnyWritten;
    this.mappingsDir =
        java.nio.file.Path.of(settings.get("tailor.import.mappings.dir", "config/import-mappings"));
  }

  /** One error, located and put into words in the reader's language. */
  public record ErrorBody(
      String file, long line, String column, String value, String reason, String message) {}

  /** The report as the API returns it. */
  public record ReportBody(
      String source,
      String kind,
      String mapping,
      String outcome,
      long batchId,
      String contentSha256,
      long linesRead,
      long linesWritten,
      long receiptsWritten,
      long skippedDuplicates,
      long skippedBadRows,
      long errorCount,
      List<ErrorBody> errors,
      String summary) {}

  @POST
  @Path("{kind}")
  @Consumes({
    "text/csv",
    "application/gzip",
    MediaType.APPLICATION_OCTET_STREAM,
    MediaType.TEXT_PLAIN
  })
  @Produces(MediaType.APPLICATION_JSON)
  public Response importFile(
      @PathParam("kind") String kind,
      @QueryParam("mapping") @DefaultValue(ColumnMapping.TAILOR) String mapping,
      @QueryParam("store") String store,
      @QueryParam("maxErrors") @DefaultValue("0") long maxErrors,
      @QueryParam("source") String source,
      @HeaderParam("Accept-Language") String acceptLanguage,
      InputStream body) {
    ImportKind importKind = ImportKind.named(kind);
    if (maxErrors < 0) {
      throw new InvalidInputException(
          "maxErrors",
          maxErrors,
          Message.of("errors", "expected.integer.range", 0, Long.MAX_VALUE));
    }
    ColumnMapping columnMapping = mapping(mapping, importKind);
    String sourceName = source == null || source.isBlank() ? importKind.cliName() + ".csv" : source;
    ImportRequest request =
        new ImportRequest(
            importKind,
            columnMapping,
            sourceName,
            Optional.ofNullable(store).filter(s -> !s.isBlank()),
            maxErrors);
    Locale locale = locale(acceptLanguage);
    java.nio.file.Path upload = null;
    try {
      upload = Files.createTempFile("tailor-import-", ".csv");
      try (InputStream in = body) {
        Files.copy(in, upload, StandardCopyOption.REPLACE_EXISTING);
      }
      ImportReport report =
          importer.importFile(
              upload,
              request,
              progress -> {},
              batchId -> beforeWriting.accept(importKind, batchId));
      if (report.linesWritten() > 0) {
        afterAnyWritten.accept(importKind);
      }
      if (importKind == ImportKind.PURCHASES && report.linesWritten() > 0) {
        afterPurchasesWritten.run();
      }
      return Response.status(report.rejected() ? UNPROCESSABLE_CONTENT : 200)
          .type(MediaType.APPLICATION_JSON_TYPE)
          .entity(body(report, locale))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the uploaded file", e);
    } finally {
      if (upload != null) {
        try {
          Files.deleteIfExists(upload);
        } catch (IOException e) {
          // The temporary file is left behind; the import itself is unaffected.
        }
      }
    }
  }

  private ColumnMapping mapping(String name, ImportKind kind) {
    if (name.equals(ColumnMapping.TAILOR) || name.equals(ColumnMapping.ONLINE_RETAIL)) {
      return ColumnMapping.resolve(name, kind);
    }
    if (!name.matches("[A-Za-z0-9._-]{1,100}") || name.startsWith(".")) {
      throw new InvalidInputException(
          "mapping", name, Message.of("importer", "mapping.expected.api"));
    }
    java.nio.file.Path file = mappingsDir.resolve(name + ".properties");
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          "mapping", name, Message.of("importer", "mapping.expected.api"));
    }
    return ColumnMapping.resolve(file.toString(), kind);
  }

  static Locale locale(String acceptLanguage) {
    if (acceptLanguage == null || acceptLanguage.isBlank()) {
      return Locale.ENGLISH;
    }
    try {
      List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(acceptLanguage);
      List<Locale> shipped = new ArrayList<>();
      for (String tag : org.tailor.server.i18n.Messages.SHIPPED_LANGUAGES) {
        shipped.add(Locale.forLanguageTag(tag));
      }
      Locale best = Locale.lookup(ranges, shipped);
      return best == null ? Locale.ENGLISH : best;
    } catch (IllegalArgumentException e) {
      return Locale.ENGLISH;
    }
  }

  static ReportBody body(ImportReport report, Locale locale) {
    List<ErrorBody> errors = new ArrayList<>();
    for (RowError error : report.errors()) {
      errors.add(
          new ErrorBody(
              error.file(),
              error.line(),
              error.column(),
              error.value(),
              error.reason().in(locale),
              error.describe(locale)));
    }
    return new ReportBody(
        report.sourceName(),
        report.kind().cliName(),
        report.mapping(),
        report.outcome().name().toLowerCase(Locale.ROOT),
        report.batchId(),
        report.contentSha256(),
        report.linesRead(),
        report.linesWritten(),
        report.receiptsWritten(),
        report.skippedDuplicates(),
        report.skippedBadRows(),
        report.errorCount(),
        errors,
        report.summary(locale));
  }
}
