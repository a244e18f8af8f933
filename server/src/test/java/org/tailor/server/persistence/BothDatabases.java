package org.tailor.server.persistence;

import java.nio.file.Path;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * One embedded H2 database and one fresh MariaDB database for a test class that runs each case on
 * both ({@link #KINDS}), each opened when a case first asks for it and closed (the MariaDB one
 * dropped) by {@link #close()}, called from the class's {@code @AfterAll}. Where no MariaDB
 * answers, asking for it skips the case ({@link TestDatabases#freshMariaDb()}).
 */
public final class BothDatabases implements AutoCloseable {

  /** The kinds a case is run on, as named to {@link #dataSource(String)}. */
  public static Stream<String> kinds() {
    return Stream.of("h2", "mariadb");
  }

  private final Path h2Dir;
  private Database h2;
  private Database mariaDb;
  private DatabaseSettings mariaDbSettings;

  /**
   * @param h2Dir the folder of the H2 database, such as the class's {@code @TempDir}
   */
  public BothDatabases(Path h2Dir) {
    this.h2Dir = h2Dir;
  }

  /** The data source of the kind ({@code h2} or {@code mariadb}), opened on first use. */
  public synchronized DataSource dataSource(String kind) {
    if (kind.equals("h2")) {
      if (h2 == null) {
        h2 = Database.open(TestDatabases.h2(h2Dir));
      }
      return h2.dataSource();
    }
    if (mariaDb == null) {
      mariaDbSettings = TestDatabases.freshMariaDb();
      mariaDb = Database.open(mariaDbSettings);
    }
    return mariaDb.dataSource();
  }

  @Override
  public synchronized void close() {
    if (h2 != null) {
      h2.close();
    }
    if (mariaDb != null) {
      mariaDb.close();
      TestDatabases.drop(mariaDbSettings);
    }
  }
}
