package org.tailor.server.importer;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;

/** The import contract on the embedded H2 database (MariaDB mode), the default set-up. */
class ImporterOnH2Test extends ImporterContract {

  @TempDir static Path databaseDir;

  private static Database database;

  @BeforeAll
  static void openDatabase() {
    database = Database.open(TestDatabases.h2(databaseDir));
  }

  @AfterAll
  static void closeDatabase() {
    database.close();
  }

  @Override
  Database database() {
    return database;
  }
}
