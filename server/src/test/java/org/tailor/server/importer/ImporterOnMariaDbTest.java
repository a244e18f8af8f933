package org.tailor.server.importer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import org.tailor.server.persistence.TestDatabases;

/** The import contract on a real MariaDB server (skipped with a message where none runs). */
class ImporterOnMariaDbTest extends ImporterContract {

  private static DatabaseSettings settings;
  private static Database database;

  @BeforeAll
  static void openDatabase() {
    settings = TestDatabases.freshMariaDb();
    database = Database.open(settings);
  }

  @AfterAll
  static void closeDatabase() {
    if (database != null) {
      database.close();
    }
    if (settings != null) {
      TestDatabases.drop(settings);
    }
  }

  @Override
  Database database() {
    return database;
  }
}
