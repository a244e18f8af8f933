package org.tailor.server.persistence;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Real databases for tests: an embedded H2 file in a temporary folder, and a fresh, empty database
 * on the MariaDB server at {@code 127.0.0.1:3306} (root, empty password; override the server with
 * {@code TAILOR_TEST_MARIADB_URL}, e.g. {@code jdbc:mariadb://db.example:3306/}). Where no MariaDB
 * answers, MariaDB tests are skipped with a message saying so.
 */
public final class TestDatabases {

  private static final String DEFAULT_SERVER = "jdbc:mariadb://127.0.0.1:3306/";

  private TestDatabases() {}

  public static DatabaseSettings h2(Path dir) {
    return DatabaseSettings.embedded(dir);
  }

  /** Creates a new empty MariaDB database for one test class, or skips the test. */
  public static DatabaseSettings freshMariaDb() {
    String server = serverUrl();
    String user = System.getenv().getOrDefault("TAILOR_TEST_MARIADB_USER", "root");
    String password = System.getenv().getOrDefault("TAILOR_TEST_MARIADB_PASSWORD", "");
    String name = "tailor_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(server + "test", user, password);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    } catch (SQLException e) {
      Assumptions.abort(
          "MariaDB tests skipped: no MariaDB server answered at "
              + server
              + " as "
              + user
              + " ("
              + e.getMessage()
              + "). Start one, or set TAILOR_TEST_MARIADB_URL.");
    }
    return new DatabaseSettings(server + name, user, password, 4);
  }

  /** Drops a database made by {@link #freshMariaDb()}. */
  public static void drop(DatabaseSettings settings) {
    if (!settings.isMariaDb()) {
      return;
    }
    String url = settings.jdbcUrl();
    String name = url.substring(url.lastIndexOf('/') + 1);
    if (!name.toLowerCase(Locale.ROOT).startsWith("tailor_test_")) {
      throw new IllegalArgumentException("refusing to drop " + name + ": not a test database");
    }
    try (Connection c =
            DriverManager.getConnection(
                serverUrl() + "test", settings.user(), settings.password());
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test database " + name, e);
    }
  }

  private static String serverUrl() {
    String url = System.getenv().getOrDefault("TAILOR_TEST_MARIADB_URL", DEFAULT_SERVER);
    return url.endsWith("/") ? url : url + "/";
  }
}
