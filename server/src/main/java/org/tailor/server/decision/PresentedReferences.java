package org.tailor.server.decision;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The integrity check that replaced the foreign keys from presentations to offers, stores,
 * terminals and campaigns (schema version 11; they cost MariaDB an index entry and a look-up per
 * row): before a batch of presentations is written, each such row it names that this writer has not
 * marked yet is locked, checked to exist and marked {@code presented}, in the batch's own
 * transaction. A marked row is never deleted (deleting an offer, store, terminal or campaign locks
 * it and is refused while it is marked), so a row once marked needs no look-up again: in steady
 * state a batch costs no query here at all.
 *
 * <p>Rows are locked in id order, table by table, so that two servers marking the same rows wait
 * for each other instead of deadlocking. Not thread-safe: the writer calls it while it holds its
 * write lock.
 */
final class PresentedReferences {

  /** A table presentations name, and how a presentation names its rows. */
  private record Referenced(String table, Function<PresentationWriter.Row, List<Long>> ids) {}

  private static final List<Referenced> TABLES =
      List.of(
          new Referenced(
              "offer",
              row -> row.offers().stream().map(PresentationWriter.OfferRow::offerId).toList()),
          new Referenced("store", row -> List.of(row.storeId())),
          new Referenced("terminal", row -> listed(row.terminalId())),
          new Referenced("campaign", row -> listed(row.campaignId())));

  /** The most ids one statement names. */
  private static final int CHUNK = 1_000;

  /** Marked rows, per table, in the order of {@link #TABLES}. */
  private final List<Set<Long>> marked = new ArrayList<>();

  PresentedReferences() {
    TABLES.forEach(table -> marked.add(new HashSet<>()));
  }

  /**
   * Checks and marks, on the batch's connection and inside its transaction, the rows {@code rows}
   * name that are not marked yet; returns what to remember once that transaction committed.
   *
   * @throws SQLIntegrityConstraintViolationException (SQLSTATE 23000, as a foreign key's) when a
   *     row names an offer, store, terminal or campaign that does not exist; nothing is marked
   */
  Marks mark(Connection connection, List<PresentationWriter.Row> rows) throws SQLException {
    List<Set<Long>> marks = new ArrayList<>();
    for (int t = 0; t < TABLES.size(); t++) {
      Referenced table = TABLES.get(t);
      Set<Long> known = marked.get(t);
      TreeSet<Long> unmarked = new TreeSet<>();
      for (PresentationWriter.Row row : rows) {
        for (long id : table.ids().apply(row)) {
          if (!known.contains(id)) {
            unmarked.add(id);
          }
        }
      }
      List<Long> ordered = new ArrayList<>(unmarked);
      for (int from = 0; from < ordered.size(); from += CHUNK) {
        lockAndMark(
            connection, table, ordered.subList(from, Math.min(ordered.size(), from + CHUNK)), rows);
      }
      marks.add(unmarked);
    }
    return new Marks(marks);
  }

  /** Rows marked by a transaction, remembered once it committed. */
  final class Marks {
    private final List<Set<Long>> marks;

    private Marks(List<Set<Long>> marks) {
      this.marks = marks;
    }

    /** Remembers the rows as marked; call after the commit. */
    void committed() {
      for (int t = 0; t < marks.size(); t++) {
        marked.get(t).addAll(marks.get(t));
      }
    }
  }

  private static void lockAndMark(
      Connection connection, Referenced table, List<Long> ids, List<PresentationWriter.Row> rows)
      throws SQLException {
    String in = ids.stream().map(id -> "?").collect(Collectors.joining(", ", "(", ")"));
    Set<Long> found = new HashSet<>();
    try (PreparedStatement lock =
        connection.prepareStatement(
            "SELECT id FROM " + table.table() + " WHERE id IN " + in + " FOR UPDATE")) {
      bind(lock, ids);
      try (ResultSet row = lock.executeQuery()) {
        while (row.next()) {
          found.add(row.getLong(1));
        }
      }
    }
    for (long id : ids) {
      if (!found.contains(id)) {
        throw missing(table, id, rows);
      }
    }
    try (PreparedStatement mark =
        connection.prepareStatement(
            "UPDATE "
                + table.table()
                + " SET presented = TRUE WHERE presented = FALSE AND id IN "
                + in)) {
      bind(mark, ids);
      mark.executeUpdate();
    }
  }

  private static SQLIntegrityConstraintViolationException missing(
      Referenced table, long id, List<PresentationWriter.Row> rows) {
    long presentation =
        rows.stream()
            .filter(row -> table.ids().apply(row).contains(id))
            .mapToLong(PresentationWriter.Row::id)
            .findFirst()
            .orElseThrow();
    return new SQLIntegrityConstraintViolationException(
        "presentation "
            + presentation
            + " names "
            + table.table()
            + " id "
            + id
            + ", which does not exist (deleted, or never written): the presentation is refused",
        "23000");
  }

  private static void bind(PreparedStatement statement, List<Long> ids) throws SQLException {
    int i = 1;
    for (long id : ids) {
      statement.setLong(i++, id);
    }
  }

  private static List<Long> listed(Optional<Long> id) {
    return id.map(List::of).orElse(List.of());
  }
}
