package org.tailor.server.persistence;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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

  /**
   * Databases handed back by {@link #drop}, emptied to what the migrations left, for the next
   * {@link #freshMariaDb()}: making one (the migrations' 45 tables and their changes) and dropping
   * it took 3 to 5 s a test on a loaded 2-core machine, emptying one a fraction of that.
   */
  private static final Deque<DatabaseSettings> EMPTIED = new ArrayDeque<>();

  /** A database the migrations made and nothing else touched: what an emptied one must equal. */
  private static Pristine pristine;

  /** Above this many rows a database is dropped rather than emptied. */
  private static final long MOST_ROWS_EMPTIED = 20_000;

  /**
   * A MariaDB database for one test, as the migrations leave a new one: a new empty database (which
   * {@link Database#open} migrates), or one an earlier test handed back to {@link #drop} and that
   * was emptied to exactly that state; or skips the test.
   */
  public static DatabaseSettings freshMariaDb() {
    synchronized (EMPTIED) {
      DatabaseSettings emptied = EMPTIED.poll();
      if (emptied != null) {
        return emptied;
      }
    }
    return createMariaDb();
  }

  /** Creates a new empty MariaDB database, or skips the test. */
  private static DatabaseSettings createMariaDb() {
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

  /**
   * Hands back a database made by {@link #freshMariaDb()}, closed by its test: emptied to what the
   * migrations left (every row deleted, the migrations' own rows written again, the AUTO_INCREMENT
   * counters back at their start) when its tables, triggers, views and routines are still exactly
   * the migrations', for the next test; otherwise, or if emptying fails, dropped. Every database
   * left is dropped when the JVM ends.
   */
  public static void drop(DatabaseSettings settings) {
    if (!settings.isMariaDb()) {
      return;
    }
    String name = name(settings);
    if (!name.toLowerCase(Locale.ROOT).startsWith("tailor_test_")) {
      throw new IllegalArgumentException("refusing to drop " + name + ": not a test database");
    }
    DatabaseSettings reused =
        new DatabaseSettings(settings.jdbcUrl(), settings.user(), settings.password(), 4);
    try {
      if (pristine().emptied(reused)) {
        synchronized (EMPTIED) {
          EMPTIED.push(reused);
        }
        return;
      }
    } catch (SQLException | RuntimeException e) {
      // dropped below, as a database never handed back is
    }
    dropNow(reused);
  }

  private static void dropNow(DatabaseSettings settings) {
    String name = name(settings);
    try (Connection c =
            DriverManager.getConnection(
                serverUrl() + "test", settings.user(), settings.password());
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test database " + name, e);
    }
  }

  private static synchronized Pristine pristine() throws SQLException {
    if (pristine == null) {
      DatabaseSettings settings = createMariaDb();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    synchronized (EMPTIED) {
                      for (DatabaseSettings emptied : EMPTIED) {
                        dropNow(emptied);
                      }
                      EMPTIED.clear();
                    }
                    dropNow(settings);
                  }));
      Database.open(settings).close();
      pristine = new Pristine(name(settings), Pristine.schema(settings, name(settings)));
    }
    return pristine;
  }

  private static String name(DatabaseSettings settings) {
    String url = settings.jdbcUrl();
    return url.substring(url.lastIndexOf('/') + 1);
  }

  /** The migrated database nothing touches, and its schema as {@link #schema} says it. */
  private record Pristine(String name, Map<String, String> schema) {

    /**
     * Every table's {@code SHOW CREATE TABLE} (its AUTO_INCREMENT counter left out, and the
     * database's own name), and every trigger, view, routine and event, by name.
     */
    static Map<String, String> schema(DatabaseSettings settings, String database)
        throws SQLException {
      Map<String, String> schema = new TreeMap<>();
      try (Connection c = connect(settings);
          Statement s = c.createStatement()) {
        for (String table : tables(s, database)) {
          try (ResultSet rows = s.executeQuery("SHOW CREATE TABLE `" + table + "`")) {
            rows.next();
            schema.put(
                "table " + table,
                rows.getString(2).replaceAll(" AUTO_INCREMENT=[0-9]+", "").replace(database, "?"));
          }
        }
        String[][] others = {
          {"trigger", "SELECT trigger_name FROM information_schema.triggers WHERE trigger_schema"},
          {"view", "SELECT table_name FROM information_schema.views WHERE table_schema"},
          {"routine", "SELECT routine_name FROM information_schema.routines WHERE routine_schema"},
          {"event", "SELECT event_name FROM information_schema.events WHERE event_schema"},
          {
            "other",
            "SELECT table_name FROM information_schema.tables WHERE table_type <> 'BASE"
                + " TABLE' AND table_schema"
          }
        };
        for (String[] other : others) {
          try (ResultSet rows = s.executeQuery(other[1] + " = '" + database + "'")) {
            while (rows.next()) {
              schema.put(other[0] + " " + rows.getString(1), "");
            }
          }
        }
      }
      return schema;
    }

    /** Empties {@code settings}' database to this one's state; false where the schemas differ. */
    boolean emptied(DatabaseSettings settings) throws SQLException {
      String database = TestDatabases.name(settings);
      try (Connection c = connect(settings);
          Statement s = c.createStatement()) {
        s.execute("SET SESSION lock_wait_timeout = 10, innodb_lock_wait_timeout = 10");
        try (ResultSet rows =
            s.executeQuery(
                "SELECT COALESCE(SUM(table_rows), 0) FROM information_schema.tables"
                    + " WHERE table_schema = '"
                    + database
                    + "'")) {
          rows.next();
          if (rows.getLong(1) > MOST_ROWS_EMPTIED) {
            return false;
          }
        }
        if (!schema(settings, database).equals(schema)) {
          return false;
        }
        List<String> tables = tables(s, database);
        s.execute("SET SESSION foreign_key_checks = 0");
        c.setAutoCommit(false);
        for (String table : tables) {
          s.execute("DELETE FROM `" + table + "`");
          s.execute("INSERT INTO `" + table + "` SELECT * FROM " + name + ".`" + table + "`");
        }
        c.commit();
        c.setAutoCommit(true);
        Map<String, Long> counters = counters(s, name);
        for (Map.Entry<String, Long> counter : counters(s, database).entrySet()) {
          Long start = counters.get(counter.getKey());
          if (!counter.getValue().equals(start)) {
            s.execute("ALTER TABLE `" + counter.getKey() + "` AUTO_INCREMENT = " + start);
          }
        }
        return counters(s, database).equals(counters);
      }
    }

    private static Connection connect(DatabaseSettings settings) throws SQLException {
      return DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
    }

    private static List<String> tables(Statement s, String database) throws SQLException {
      List<String> tables = new ArrayList<>();
      try (ResultSet rows =
          s.executeQuery(
              "SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                  + database
                  + "' AND table_type = 'BASE TABLE' ORDER BY table_name")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      return tables;
    }

    /** The next AUTO_INCREMENT value of each table that has one. */
    private static Map<String, Long> counters(Statement s, String database) throws SQLException {
      Map<String, Long> counters = new TreeMap<>();
      try (ResultSet rows =
          s.executeQuery(
              "SELECT table_name, auto_increment FROM information_schema.tables"
                  + " WHERE table_schema = '"
                  + database
                  + "' AND auto_increment IS NOT NULL")) {
        while (rows.next()) {
          counters.put(rows.getString(1), rows.getLong(2));
        }
      }
      return counters;
    }
  }

  private static String serverUrl() {
    String url = System.getenv().getOrDefault("TAILOR_TEST_MARIADB_URL", DEFAULT_SERVER);
    return url.endsWith("/") ? url : url + "/";
  }
}
