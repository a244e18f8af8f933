package org.tailor.server.plugins;

import org.tailor.server.persistence.DatabaseSettings;
import org.tailor.server.persistence.TestDatabases;

/** The same tests on MariaDB (skipped, saying so, where none answers at 127.0.0.1:3306). */
class ChannelBundlesOnMariaDbTest extends ChannelBundlesTest {

  @Override
  DatabaseSettings databaseSettings() {
    return TestDatabases.freshMariaDb();
  }
}
