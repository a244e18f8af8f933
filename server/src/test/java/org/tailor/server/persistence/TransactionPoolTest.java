package org.tailor.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The transaction pool ({@link Database#transactions()}) on H2 and MariaDB, with two connections at
 * most, both taken at once to look at them, so that a case sees whatever the borrower before it
 * left behind: every connection comes in a transaction at READ COMMITTED, as the server itself
 * says, and a borrower that fails or changes either leaves nothing written and the connection as it
 * came for the next one.
 */
class TransactionPoolTest {

  @TempDir Path root;
  private DatabaseSettings settings;
  private Database database;

  private Database open(String kind) {
    DatabaseSettings given =
        kind.equals("h2") ? TestDatabases.h2(root.resolve("db")) : TestDatabases.freshMariaDb();
    settings = new DatabaseSettings(given.jdbcUrl(), given.user(), given.password(), 2);
    database = Database.open(settings);
    return database;
  }

  @AfterEach
  void tearDown() {
    if (database != null) {
      database.close();
      TestDatabases.drop(settings);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "mariadb"})
  void aConnectionComesInATransactionAtReadCommitted(String kind) throws SQLException {
    Database db = open(kind);
    try (Connection c = db.transactions().getConnection()) {
      assertThat(c.getAutoCommit()).isFalse();
      assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
      assertThat(serverSays(db, c)).isEqualTo("READ-COMMITTED, no auto-commit");
      c.rollback();
    }
    // the other pool is left as JDBC opens its connections
    try (Connection c = db.dataSource().getConnection()) {
      assertThat(c.getAutoCommit()).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "mariadb"})
  void aBorrowerThatFailsLeavesNothingWrittenAndTheConnectionClean(String kind)
      throws SQLException {
    Database db = open(kind);
    assertThatThrownBy(
            () -> {
              try (Connection c = db.transactions().getConnection()) {
                addAddress(c, "first@example.com");
                addAddress(c, "x".repeat(300)); // longer than the column: the statement fails
                c.commit();
              }
            })
        .isInstanceOf(SQLException.class);

    try (Connection c = db.transactions().getConnection();
        Connection other = db.transactions().getConnection()) {
      for (Connection each : List.of(c, other)) {
        assertThat(addresses(each)).isZero();
        assertThat(serverSays(db, each)).isEqualTo("READ-COMMITTED, no auto-commit");
      }
      addAddress(c, "second@example.com");
      c.commit();
      other.rollback();
    }
    try (Connection c = db.dataSource().getConnection()) {
      assertThat(addresses(c)).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "mariadb"})
  void aBorrowerThatChangesTheSettingsOrForgetsToCommitLeavesThemAsTheyCame(String kind)
      throws SQLException {
    Database db = open(kind);
    try (Connection c = db.transactions().getConnection()) {
      addAddress(c, "forgotten@example.com"); // neither committed nor rolled back
    }
    try (Connection c = db.transactions().getConnection()) {
      c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
      c.setAutoCommit(true);
    }
    try (Connection c = db.transactions().getConnection();
        Connection other = db.transactions().getConnection()) {
      for (Connection each : List.of(c, other)) {
        assertThat(serverSays(db, each)).isEqualTo("READ-COMMITTED, no auto-commit");
        assertThat(addresses(each)).isZero();
        each.rollback();
      }
    }
  }

  /** The connection's isolation and auto-commit as the database server itself reports them. */
  private static String serverSays(Database db, Connection c) throws SQLException {
    if (db.settings().isMariaDb()) {
      return Jdbc.first(
              c,
              "SELECT @@SESSION.tx_isolation, @@SESSION.autocommit",
              row -> row.getString(1) + (row.getInt(2) == 1 ? ", auto-commit" : ", no auto-commit"))
          .orElseThrow();
    }
    String isolation =
        Jdbc.first(
                c,
                "SELECT isolation_level FROM information_schema.sessions"
                    + " WHERE session_id = SESSION_ID()",
                row -> row.getString(1).replace(' ', '-'))
            .orElseThrow();
    return isolation + (c.getAutoCommit() ? ", auto-commit" : ", no auto-commit");
  }

  private static void addAddress(Connection c, String address) throws SQLException {
    Jdbc.update(
        c,
        "INSERT INTO do_not_contact (shopper_id, address, reason, source, added_at)"
            + " VALUES (NULL, ?, 'test', 'test', ?)",
        address,
        Instant.parse("2026-03-02T10:00:00Z"));
  }

  private static long addresses(Connection c) throws SQLException {
    return Jdbc.count(c, "SELECT COUNT(*) FROM do_not_contact");
  }
}
