package org.tailor.server.persistence;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

/** The persistence suite on embedded H2 in MariaDB mode, Tailor's default database. */
class H2PersistenceTest extends PersistenceSuite {

  @TempDir static Path dir;

  @Override
  DatabaseSettings freshDatabase() {
    return TestDatabases.h2(dir.resolve(UUID.randomUUID().toString()));
  }
}
