package org.tailor.server.importer;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The errors found while validating a file: every one counted, the first {@link
 * ImportReport#ERRORS_KEPT} kept in full, and which rows were bad so that writing skips them.
 */
final class ErrorLog {

  private final List<RowError> kept = new ArrayList<>();
  private final BitSet badRows = new BitSet();
  private long count;
  private long badRowCount;
  private boolean fileRefused;

  /** An error of the file as a whole (header, encoding): nothing of it can be written. */
  void fileError(RowError error) {
    fileRefused = true;
    keep(error);
  }

  /** A row's errors; the row (by its ordinal among data rows) will be skipped. */
  void rowErrors(int ordinal, List<RowError> errors) {
    if (!badRows.get(ordinal)) {
      badRows.set(ordinal);
      badRowCount++;
    }
    errors.forEach(this::keep);
  }

  private void keep(RowError error) {
    count++;
    if (kept.size() < ImportReport.ERRORS_KEPT) {
      kept.add(error);
    }
  }

  boolean isBad(int ordinal) {
    return badRows.get(ordinal);
  }

  boolean fileRefused() {
    return fileRefused;
  }

  long count() {
    return count;
  }

  long badRows() {
    return badRowCount;
  }

  List<RowError> kept() {
    return List.copyOf(kept);
  }
}
