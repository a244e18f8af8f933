package org.tailor.server.importer;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.tailor.server.i18n.Message;

/**
 * How an import ended: what was read, written and skipped, and the first errors found.
 *
 * @param sourceName the file's name as the user gave it
 * @param kind what the file holds
 * @param mapping the mapping's name
 * @param outcome imported, or rejected (nothing written)
 * @param batchId the {@code import_batch} row recording this import
 * @param contentSha256 SHA-256 (hex) of the file's content, after decompression
 * @param linesRead data lines in the file (the header not counted)
 * @param linesWritten lines that added or changed something
 * @param receiptsWritten purchases (receipts) added; 0 for other kinds
 * @param skippedDuplicates lines already known (an earlier import of the same data) or that changed
 *     nothing
 * @param skippedBadRows bad rows left out under {@code --max-errors}
 * @param errorCount every error found, of which {@code errors} holds the first {@value
 *     #ERRORS_KEPT}
 * @param errors the first errors found, in file order
 */
public record ImportReport(
    String sourceName,
    ImportKind kind,
    String mapping,
    Outcome outcome,
    long batchId,
    String contentSha256,
    long linesRead,
    long linesWritten,
    long receiptsWritten,
    long skippedDuplicates,
    long skippedBadRows,
    long errorCount,
    List<RowError> errors) {

  /** How many errors a report keeps in full. */
  public static final int ERRORS_KEPT = 100;

  /** Whether anything was written. */
  public enum Outcome {
    /** Written (possibly with bad rows skipped under {@code --max-errors}). */
    IMPORTED,
    /** Too many bad rows: nothing written. */
    REJECTED
  }

  public ImportReport {
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(mapping, "mapping");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(contentSha256, "contentSha256");
    errors = List.copyOf(errors);
    if (errors.size() > errorCount) {
      throw new IllegalArgumentException(
          errors.size() + " errors listed but errorCount is " + errorCount);
    }
  }

  public boolean rejected() {
    return outcome == Outcome.REJECTED;
  }

  /** One line summing the import up, in a reader's language. */
  public String summary(Locale locale) {
    return (rejected()
            ? Message.of("importer", "summary.rejected", sourceName, errorCount, linesRead)
            : Message.of(
                "importer",
                "summary.imported",
                sourceName,
                linesRead,
                linesWritten,
                receiptsWritten,
                skippedDuplicates,
                skippedBadRows))
        .in(locale);
  }
}
