package org.tailor.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The MariaDB server the benchmarks use (by default 127.0.0.1:3306, user root, empty password):
 * creates, finds and drops the benchmark databases.
 */
final class MariaDbServer {

  private final String serverUrl;
  private final String user;
  private final String password;

  MariaDbServer(String serverUrl, String user, String password) {
    this.serverUrl = serverUrl.endsWith("/") ? serverUrl : serverUrl + "/";
    this.user = user;
    this.password = password;
  }

  /** The JDBC URL of database {@code name} on this server. */
  String url(String name) {
    return serverUrl + name;
  }

  boolean exists(String name) throws SQLException {
    try (Connection connection = DriverManager.getConnection(serverUrl, user, password);
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

  String version() throws SQLException {
    try (Connection connection = DriverManager.getConnection(serverUrl, user, password);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT VERSION()")) {
      rows.next();
      return rows.getString(1);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(serverUrl, user, password);
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
