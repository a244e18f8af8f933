package org.tailor.server.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tailor.server.MovingClock;
import org.tailor.server.persistence.ChainFixture;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import org.tailor.server.persistence.TestDatabases;

/**
 * The imports that ended since the last look, on H2 and MariaDB: each once; not the failed or
 * rejected; one that commits after an import started later (whose batch id is larger) was seen; one
 * seen running, once it ends; and an id still missing after {@value EndedImports#WAIT_HOURS} hours
 * is no longer looked for.
 */
class EndedImportsTest {

  private static final Instant STARTED = Instant.parse("2026-11-01T10:00:00Z");

  @TempDir Path root;

  /** This machine's clock, moved on by the test, and what it reads with. */
  private final MovingClock clock = new MovingClock(Instant.parse("2026-11-02T00:00:00Z"));

  private final EndedImports imports = new EndedImports(clock);

  private DatabaseSettings settings;
  private Database database;
  private ChainFixture chain;

  private void open(String kind) {
    settings =
        kind.equals("h2") ? TestDatabases.h2(root.resolve("db")) : TestDatabases.freshMariaDb();
    database = Database.open(settings);
    chain = new ChainFixture(database);
  }

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
      TestDatabases.drop(settings);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "mariadb"})
  void eachEndedImportOnceAndOneThatCommitsAfterALaterOne(String kind) throws SQLException {
    open(kind);
    long before = batch("stores:tailor", "imported");
    batch("products:tailor", "failed");
    batch("purchases:tailor", "rejected");
    assertThat(ended()).extracting(EndedImports.Ended::batchId).containsExactly(before);
    assertThat(ended()).as("each once").isEmpty();

    try (Connection slow = database.dataSource().getConnection()) {
      // an import's batch row is written in its own transaction, committed at its end
      slow.setAutoCommit(false);
      long slowId = batch(slow, "purchases:slow", "imported");
      long fast = batch("consents:fast", "imported");
      assertThat(slowId).isLessThan(fast);
      List<EndedImports.Ended> ended = ended();
      assertThat(ended).extracting(EndedImports.Ended::batchId).containsExactly(fast);
      assertThat(ended.get(0).kind()).contains(ImportKind.CONSENTS);
      assertThat(ended.get(0).startedAt()).isEqualTo(STARTED);
      assertThat(imports.waiting()).as("the id before it, not seen").isEqualTo(1);
      slow.commit();
      ended = ended();
      assertThat(ended).extracting(EndedImports.Ended::batchId).containsExactly(slowId);
      assertThat(ended.get(0).kind()).contains(ImportKind.PURCHASES);
    }
    assertThat(imports.waiting()).isZero();
    assertThat(ended()).isEmpty();

    // seen running (another writer's pattern), then ended
    long running =
        chain.write(
            "INSERT INTO import_batch (source_name, content_sha256, mapping_name, started_at,"
                + " lines_read, lines_written, lines_skipped, status) VALUES ('f.csv', 'x',"
                + " 'shoppers:tailor', ?, 0, 0, 0, 'running')",
            STARTED);
    assertThat(ended()).isEmpty();
    chain.write(
        "UPDATE import_batch SET finished_at = ?, status = 'imported' WHERE id = ?",
        STARTED,
        running);
    assertThat(ended()).extracting(EndedImports.Ended::batchId).containsExactly(running);
    assertThat(ended()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "mariadb"})
  void anIdMissingForADayIsNoLongerLookedFor(String kind) throws SQLException {
    open(kind);
    try (Connection rolledBack = database.dataSource().getConnection()) {
      rolledBack.setAutoCommit(false);
      batch(rolledBack, "purchases:tailor", "imported");
      long later = batch("stores:tailor", "imported");
      assertThat(ended()).extracting(EndedImports.Ended::batchId).containsExactly(later);
      rolledBack.rollback();
    }
    assertThat(imports.waiting()).isEqualTo(1);
    clock.advance(Duration.ofHours(EndedImports.WAIT_HOURS).minusSeconds(1));
    assertThat(ended()).isEmpty();
    assertThat(imports.waiting()).as("still looked for").isEqualTo(1);
    clock.advance(Duration.ofSeconds(2));
    assertThat(ended()).isEmpty();
    assertThat(imports.waiting()).isZero();
  }

  private List<EndedImports.Ended> ended() throws SQLException {
    try (Connection connection = database.dataSource().getConnection()) {
      return imports.since(connection);
    }
  }

  private long batch(String mapping, String status) throws SQLException {
    try (Connection connection = database.dataSource().getConnection()) {
      return batch(connection, mapping, status);
    }
  }

  /** An ended batch row, as the importer writes it (its rows would be in the same transaction). */
  private long batch(Connection connection, String mapping, String status) throws SQLException {
    try (var insert =
        connection.prepareStatement(
            "INSERT INTO import_batch (source_name, content_sha256, mapping_name, started_at,"
                + " finished_at, lines_read, lines_written, lines_skipped, status)"
                + " VALUES ('f.csv', 'x', ?, ?, ?, 1, 1, 0, ?)",
            java.sql.Statement.RETURN_GENERATED_KEYS)) {
      insert.setString(1, mapping);
      insert.setObject(2, STARTED.atOffset(ZoneOffset.UTC).toLocalDateTime());
      insert.setObject(3, STARTED.plusSeconds(60).atOffset(ZoneOffset.UTC).toLocalDateTime());
      insert.setString(4, status);
      insert.executeUpdate();
      try (var keys = insert.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }
}
