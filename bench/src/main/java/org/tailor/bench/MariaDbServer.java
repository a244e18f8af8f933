package org.tailor.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.tailor.server.persistence.DatabaseSettings;
import picocli.CommandLine.Option;

/**
 * The MariaDB server the benchmarks use (by default 127.0.0.1:3306, user root, empty password), as
 * the {@code --mariadb}, {@code --user} and {@code --password} options every benchmark shares (a
 * picocli mixin): creates, finds and drops the benchmark databases.
 */
final class MariaDbServer {

  @Option(
      names = "--mariadb",
      defaultValue = "jdbc:mariadb://127.0.0.1:3306/",
      description = "MariaDB server URL.")
  private String serverUrl;

  @Option(names = "--user", defaultValue = "root", description = "MariaDB user.")
  private String user;

  @Option(names = "--password", defaultValue = "", description = "MariaDB password.")
  private String password;

  /** The JDBC URL of database {@code name} on this server. */
  String url(String name) {
    return (serverUrl.endsWith("/") ? serverUrl : serverUrl + "/") + name;
  }

  String user() {
    return user;
  }

  String password() {
    return password;
  }

  /** Settings for Tailor's {@code Database} on database {@code name} of this server. */
  DatabaseSettings settings(String name) {
    return new DatabaseSettings(url(name), user, password, 4);
  }

  /** A connection to database {@code name} of this server. */
  Connection connect(String name) throws SQLException {
    return DriverManager.getConnection(url(name), user, password);
  }

  boolean exists(String name) throws SQLException {
    try (Connection connection = connect("");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SHOW DATABASES LIKE '" + checked(name) + "'")) {
      return rows.next();
    }
  }

  void create(String name) throws SQLException {
    execute("CREATE DATABASE " + checked(name) + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
  }

  void drop(String name) throws SQLException {
    execute("DROP DATABASE IF EXISTS " + checked(name));
  }

  /**
   * Makes database {@code name} empty and new when {@code anew} or when it does not exist, and
   * keeps it otherwise; true when it was made (so the benchmark fills it).
   */
  boolean createUnlessKept(String name, boolean anew) throws SQLException {
    if (!anew && exists(name)) {
      return false;
    }
    drop(name);
    create(name);
    return true;
  }

  String version() throws SQLException {
    try (Connection connection = connect("");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT VERSION()")) {
      rows.next();
      return rows.getString(1);
    }
  }

  /**
   * The single number a query such as {@code SELECT COUNT(*) FROM t} gives in database {@code
   * name}.
   */
  long number(String name, String sql) throws SQLException {
    try (Connection connection = connect(name);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** The first column of every row a query gives in database {@code name}. */
  List<String> strings(String name, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection connection = connect(name);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = connect("");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static String checked(String name) {
    if (!name.matches("[A-Za-z0-9_]{1,64}")) {
      throw new IllegalArgumentException("database name " + name + ": expected [A-Za-z0-9_]+");
    }
    return name;
  }
}
