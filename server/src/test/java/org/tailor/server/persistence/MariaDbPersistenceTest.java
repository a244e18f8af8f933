package org.tailor.server.persistence;

/**
 * The persistence suite on a real MariaDB (skipped with a message when none answers at
 * 127.0.0.1:3306 or {@code TAILOR_TEST_MARIADB_URL}).
 */
class MariaDbPersistenceTest extends PersistenceSuite {

  @Override
  DatabaseSettings freshDatabase() {
    return TestDatabases.freshMariaDb();
  }
}
