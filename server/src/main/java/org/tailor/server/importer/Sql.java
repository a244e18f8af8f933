package org.tailor.server.importer;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The importer's plain-JDBC vocabulary: look-ups by many keys at once, batches flushed every
 * {@value #BATCH_SIZE} rows, and timestamps stored as UTC wall-clock time (as Hibernate stores
 * them, with {@code hibernate.jdbc.time_zone=UTC}).
 */
final class Sql {

  /** Rows per JDBC batch; MariaDB sends each batch as one bulk command. */
  static final int BATCH_SIZE = 2_000;

  /** Keys per {@code IN (...)} look-up. */
  static final int KEYS_PER_QUERY = 500;

  private Sql() {}

  @FunctionalInterface
  interface RowReader {
    void read(ResultSet row) throws SQLException;
  }

  /**
   * Runs {@code sql}, whose single {@code %s} stands for a list of placeholders, for {@code keys}
   * in chunks, after {@code leading} parameters bound first.
   */
  static void selectIn(
      Connection connection,
      String sql,
      Collection<String> keys,
      List<Object> leading,
      RowReader reader)
      throws SQLException {
    List<String> all = keys instanceof List<String> list ? list : new ArrayList<>(keys);
    for (int from = 0; from < all.size(); from += KEYS_PER_QUERY) {
      List<String> part = all.subList(from, Math.min(all.size(), from + KEYS_PER_QUERY));
      String placeholders = "?,".repeat(part.size());
      try (PreparedStatement statement =
          connection.prepareStatement(
              String.format(sql, placeholders.substring(0, placeholders.length() - 1)))) {
        int index = 1;
        for (Object value : leading) {
          statement.setObject(index++, value);
        }
        for (String key : part) {
          statement.setString(index++, key);
        }
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            reader.read(rows);
          }
        }
      }
    }
  }

  /** Same as {@link #selectIn} with numeric keys. */
  static void selectInIds(Connection connection, String sql, Collection<Long> ids, RowReader reader)
      throws SQLException {
    List<Long> all = new ArrayList<>(ids);
    for (int from = 0; from < all.size(); from += KEYS_PER_QUERY) {
      List<Long> part = all.subList(from, Math.min(all.size(), from + KEYS_PER_QUERY));
      String placeholders = "?,".repeat(part.size());
      try (PreparedStatement statement =
          connection.prepareStatement(
              String.format(sql, placeholders.substring(0, placeholders.length() - 1)))) {
        int index = 1;
        for (Long id : part) {
          statement.setLong(index++, id);
        }
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            reader.read(rows);
          }
        }
      }
    }
  }

  /** A prepared statement that flushes its batch every {@value #BATCH_SIZE} rows. */
  static final class Batch implements AutoCloseable {
    private final PreparedStatement statement;
    private int pending;
    private long rows;

    Batch(Connection connection, String sql) throws SQLException {
      this.statement = connection.prepareStatement(sql);
    }

    PreparedStatement statement() {
      return statement;
    }

    void add() throws SQLException {
      statement.addBatch();
      rows++;
      if (++pending == BATCH_SIZE) {
        flush();
      }
    }

    void flush() throws SQLException {
      if (pending > 0) {
        statement.executeBatch();
        pending = 0;
      }
    }

    long rows() {
      return rows;
    }

    @Override
    public void close() throws SQLException {
      try {
        flush();
      } finally {
        statement.close();
      }
    }
  }

  static LocalDateTime utc(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  static Instant instant(ResultSet row, String column) throws SQLException {
    LocalDateTime value = row.getObject(column, LocalDateTime.class);
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }

  static LocalDate date(ResultSet row, String column) throws SQLException {
    return row.getObject(column, LocalDate.class);
  }

  /** Binds text, SQL NULL for an empty string. */
  static void text(PreparedStatement statement, int index, String value) throws SQLException {
    if (value == null || value.isEmpty()) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }

  static void decimal(PreparedStatement statement, int index, BigDecimal value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.DECIMAL);
    } else {
      statement.setBigDecimal(index, value);
    }
  }

  static void date(PreparedStatement statement, int index, LocalDate value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.DATE);
    } else {
      statement.setObject(index, value);
    }
  }

  static void id(PreparedStatement statement, int index, Long value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }

  /** Text as read, with SQL NULL as "". */
  static String text(ResultSet row, String column) throws SQLException {
    return Objects.requireNonNullElse(row.getString(column), "");
  }

  /** Whether two decimals are equal in value (12.5 and 12.5000), both absent counting as equal. */
  static boolean sameNumber(BigDecimal a, BigDecimal b) {
    return a == null ? b == null : b != null && a.compareTo(b) == 0;
  }
}
