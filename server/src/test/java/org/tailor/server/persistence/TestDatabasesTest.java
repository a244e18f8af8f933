package org.tailor.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * A MariaDB database handed back to {@link TestDatabases#drop} is handed out again by {@link
 * TestDatabases#freshMariaDb()} only as the migrations leave a new one: no row of the test before,
 * the migrations' own rows as they wrote them, the AUTO_INCREMENT counters at their start. One
 * whose schema a test changed is dropped, never handed out.
 */
class TestDatabasesTest {

  @Test
  void aDatabaseHandedBackComesAgainAsTheMigrationsLeaveANewOne() throws Exception {
    DatabaseSettings first = TestDatabases.freshMariaDb();
    long firstShopper;
    try (Database database = Database.open(first)) {
      ChainFixture chain = new ChainFixture(database);
      firstShopper = chain.shopper("L-1", "Ana", "García", "es");
      chain.shopper("L-2", "Bo", "Li", "en");
      update(first, "UPDATE id_block SET next_id = 5000 WHERE name = 'presentation'");
    }
    TestDatabases.drop(first);

    DatabaseSettings again = TestDatabases.freshMariaDb();
    try (Database database = Database.open(again)) {
      assertThat(again.jdbcUrl()).as("the database handed back").isEqualTo(first.jdbcUrl());
      ChainFixture chain = new ChainFixture(database);
      assertThat(chain.count("SELECT COUNT(*) FROM shopper")).isZero();
      assertThat(chain.count("SELECT next_id FROM id_block WHERE name = 'presentation'"))
          .isEqualTo(1);
      assertThat(chain.shopper("L-3", "Noor", "Haddad", "fa")).isEqualTo(firstShopper);
    } finally {
      TestDatabases.drop(again);
    }
  }

  @Test
  void aDatabaseWhoseSchemaATestChangedIsDroppedNotHandedOutAgain() throws Exception {
    DatabaseSettings changed = TestDatabases.freshMariaDb();
    Database.open(changed).close();
    update(changed, "ALTER TABLE shopper ADD INDEX left_behind (first_name)");
    TestDatabases.drop(changed);

    DatabaseSettings next = TestDatabases.freshMariaDb();
    try {
      assertThat(next.jdbcUrl()).isNotEqualTo(changed.jdbcUrl());
      String name = changed.jdbcUrl().substring(changed.jdbcUrl().lastIndexOf('/') + 1);
      try (Connection c =
              DriverManager.getConnection(next.jdbcUrl(), next.user(), next.password());
          Statement s = c.createStatement();
          ResultSet rows =
              s.executeQuery(
                  "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '"
                      + name
                      + "'")) {
        rows.next();
        assertThat(rows.getInt(1)).as("%s dropped", name).isZero();
      }
    } finally {
      TestDatabases.drop(next);
    }
  }

  private static void update(DatabaseSettings settings, String sql) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
