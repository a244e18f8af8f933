package org.tailor.server.outbox;

import org.tailor.server.persistence.DatabaseSettings;
import org.tailor.server.persistence.TestDatabases;

/** The same tests on MariaDB (skipped, saying so, where none answers at 127.0.0.1:3306). */
class DispatcherOnMariaDbTest extends DispatcherTest {

  @Override
  DatabaseSettings databaseSettings() {
    return TestDatabases.freshMariaDb();
  }
}
