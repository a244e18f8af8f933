package org.tailor.server.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Moments as the schema stores them, {@code DATETIME(6)} holding UTC wall-clock time (as Hibernate
 * writes them with {@code hibernate.jdbc.time_zone=UTC}), for plain-JDBC code that reads or binds
 * them.
 */
public final class UtcDateTime {

  private UtcDateTime() {}

  /** The column value that stores {@code instant}. */
  public static LocalDateTime of(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  /** The moment in a {@code NOT NULL} column. */
  public static Instant read(ResultSet row, String column) throws SQLException {
    return readOptional(row, column)
        .orElseThrow(() -> new IllegalStateException("no value in column " + column));
  }

  /** The moment in a column that may be {@code NULL}. */
  public static Optional<Instant> readOptional(ResultSet row, String column) throws SQLException {
    return Optional.ofNullable(row.getObject(column, LocalDateTime.class))
        .map(value -> value.toInstant(ZoneOffset.UTC));
  }
}
