package org.tailor.server.importer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The part of an import that knows one kind of file: how a row reads, what it must agree with (the
 * database, the rest of the file), and how it is written. The {@link Importer} drives it through
 * two passes over the file: {@link #parse} and {@link #check} every chunk of rows while validating,
 * then {@link #prepare}, {@link #parse} and {@link #write} every chunk of the rows that passed, in
 * one transaction.
 *
 * @param <R> one parsed row
 */
abstract class KindImport<R> {

  /** One row that parsed: its cells (to report errors against) and its value. */
  record Parsed<R>(Cells cells, R row) {}

  /** Running counts of what the write pass did. */
  static final class Counts {
    long linesWritten;
    long receiptsWritten;
    long skippedDuplicates;
  }

  final ImportContext context;

  KindImport(ImportContext context) {
    this.context = context;
  }

  /** Fields beyond the kind's required ones whose columns this file must have. */
  List<String> requiredColumns(SourceColumns columns) {
    return List.of();
  }

  /** Problems of the file as a whole, found from its header (such as no store for purchases). */
  void checkHeader(Connection connection, SourceColumns columns, List<RowError> fileErrors)
      throws SQLException {}

  /** The row's value, or {@code null} after recording the cells' errors. */
  abstract R parse(Cells cells);

  /**
   * Checks parsed rows against the database (read only) and the rest of the file; records errors
   * with {@link Cells#reject}. Runs while validating, in file order.
   */
  abstract void check(Connection connection, List<Parsed<R>> chunk) throws SQLException;

  /** Writes what must exist before the rows (inside the import's transaction). */
  void prepare(Connection connection, long batchId, Counts counts) throws SQLException {}

  /** Writes rows that passed validation (inside the import's transaction), in file order. */
  abstract void write(Connection connection, List<Parsed<R>> chunk, Counts counts)
      throws SQLException;
}
