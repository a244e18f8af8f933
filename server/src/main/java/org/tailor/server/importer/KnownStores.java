package org.tailor.server.importer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The chain's stores by code, as imports of shoppers and purchases need them. */
final class KnownStores {

  private KnownStores() {}

  static Map<String, Long> load(Connection connection) throws SQLException {
    Map<String, Long> ids = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id, code FROM store")) {
      while (rows.next()) {
        ids.put(rows.getString("code"), rows.getLong("id"));
      }
    }
    return ids;
  }

  /** Adds a store and returns its id. */
  static long create(
      Connection connection, String code, String name, String country, String timeZone, Instant now)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO store (code, name, region, country, time_zone, created_at, updated_at)"
                + " VALUES (?, ?, NULL, ?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      insert.setString(1, code);
      insert.setString(2, name);
      Sql.text(insert, 3, country);
      insert.setString(4, timeZone);
      insert.setObject(5, Sql.utc(now));
      insert.setObject(6, Sql.utc(now));
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }
}
