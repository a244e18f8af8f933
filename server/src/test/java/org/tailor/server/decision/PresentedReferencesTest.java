package org.tailor.server.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.persistence.ChainFixture;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;

/**
 * The writer's own integrity check in place of the foreign keys from presentations to offers,
 * stores, terminals and campaigns: a presentation naming a row that does not exist is refused with
 * an error naming the presentation, the table and the id; a row named is marked, once.
 */
class PresentedReferencesTest {

  @TempDir static Path dir;
  private static Database database;
  private static ChainFixture chain;

  @BeforeAll
  static void open() {
    database = Database.open(TestDatabases.h2(dir));
    chain = new ChainFixture(database);
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @Test
  void refusesAPresentationNamingAnOfferThatDoesNotExist() throws SQLException {
    long store = chain.store("refs-1");
    PresentedReferences references = new PresentedReferences();
    try (Connection connection = database.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      assertThatThrownBy(
              () -> references.mark(connection, List.of(row(7, store, Optional.empty(), 424242))))
          .isInstanceOf(SQLIntegrityConstraintViolationException.class)
          .hasMessageContaining("presentation 7 names offer id 424242, which does not exist");
      connection.rollback();
    }
    assertThat(
            PresentationWriter.isDataError(
                new SQLIntegrityConstraintViolationException("", "23000")))
        .as("dropped as a foreign key's refusal was")
        .isTrue();
    assertThat(presented("store", store)).as("nothing marked").isFalse();
  }

  @Test
  void refusesAPresentationNamingATerminalThatDoesNotExist() throws SQLException {
    long store = chain.store("refs-2");
    long offer = offer("refs-2-offer");
    PresentedReferences references = new PresentedReferences();
    try (Connection connection = database.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      assertThatThrownBy(
              () -> references.mark(connection, List.of(row(8, store, Optional.of(999L), offer))))
          .isInstanceOf(SQLIntegrityConstraintViolationException.class)
          .hasMessageContaining("presentation 8 names terminal id 999");
      connection.rollback();
    }
  }

  @Test
  void marksEachRowNamedOnceItsTransactionCommitted() throws SQLException {
    long store = chain.store("refs-3");
    long offer = offer("refs-3-offer");
    PresentedReferences references = new PresentedReferences();
    try (Connection connection = database.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      references.mark(connection, List.of(row(9, store, Optional.empty(), offer)));
      connection.rollback(); // the batch failed: nothing marked, nothing remembered
      assertThat(presented("offer", offer)).isFalse();

      references.mark(connection, List.of(row(9, store, Optional.empty(), offer))).committed();
      connection.commit();
    }
    assertThat(presented("offer", offer)).isTrue();
    assertThat(presented("store", store)).isTrue();

    // once marked, a row is not looked up again: a later batch names it without a query (the row
    // cannot be deleted through Tailor now; deleted behind its back, it is not noticed)
    try (Connection connection = database.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      try (var delete = connection.prepareStatement("DELETE FROM offer WHERE id = ?")) {
        delete.setLong(1, offer);
        assertThat(delete.executeUpdate()).isEqualTo(1);
      }
      references.mark(connection, List.of(row(10, store, Optional.empty(), offer))).committed();
      connection.rollback();
    }
  }

  private static long offer(String code) {
    try (Connection connection = database.dataSource().getConnection();
        var insert =
            connection.prepareStatement(
                "INSERT INTO offer (code, name, kind, valid_from, valid_until, status, version,"
                    + " created_at, updated_at) VALUES (?, 'Offer', 'message', ?, ?, 'active', 1,"
                    + " ?, ?)",
                java.sql.Statement.RETURN_GENERATED_KEYS)) {
      java.sql.Timestamp at = java.sql.Timestamp.valueOf("2026-01-01 00:00:00");
      insert.setString(1, code);
      for (int i = 2; i <= 5; i++) {
        insert.setTimestamp(i, at);
      }
      insert.executeUpdate();
      try (var keys = insert.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean presented(String table, long id) {
    return chain.count("SELECT COUNT(*) FROM " + table + " WHERE id = ? AND presented", id) == 1;
  }

  private static PresentationWriter.Row row(
      long id, long store, Optional<Long> terminal, long offer) {
    return new PresentationWriter.Row(
        id,
        Optional.empty(),
        store,
        terminal,
        "kiosk",
        Instant.parse("2026-03-02T10:00:00Z"),
        false,
        Optional.empty(),
        List.of(new PresentationWriter.OfferRow(1, offer, 0.5, "test")));
  }
}
