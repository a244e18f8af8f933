package org.tailor.server.persistence;

import java.nio.file.Path;
import java.util.Objects;
import org.tailor.server.config.TailorSettings;

/**
 * Where the database is and how to reach it.
 *
 * @param jdbcUrl a {@code jdbc:h2:} or {@code jdbc:mariadb:} URL
 * @param user the database user
 * @param password the password, empty for none
 * @param maximumPoolSize connections in the pool
 */
public record DatabaseSettings(String jdbcUrl, String user, String password, int maximumPoolSize) {

  public DatabaseSettings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:mariadb:")) {
      throw new IllegalArgumentException(
          "tailor.db.url = \""
              + jdbcUrl
              + "\": expected a jdbc:h2: or jdbc:mariadb: URL (H2 embedded or MariaDB)");
    }
    if (maximumPoolSize < 1) {
      throw new IllegalArgumentException(
          "tailor.db.pool.size = " + maximumPoolSize + ": expected 1 or more");
    }
  }

  /** The embedded H2 database in a file under the data folder: zero set-up. */
  public static DatabaseSettings embedded(Path dataDir) {
    return new DatabaseSettings(h2FileUrl(dataDir.resolve("tailor")), "sa", "", 10);
  }

  /**
   * An H2 URL in MariaDB compatibility mode for a database file at {@code base}. Each connection
   * keeps its last 64 parsed statements ({@code QUERY_CACHE_SIZE}, H2's default 8): one dispatch
   * transaction alone runs a dozen different ones, so with 8 every statement was parsed again each
   * time (a twelfth of the dispatcher's time). {@code DB_CLOSE_ON_EXIT=FALSE}: the server closes
   * the database itself when it stops, after writing what it still holds (the last presentations);
   * H2's own shutdown hook closed it first, under the writer's connection, and they were lost.
   */
  public static String h2FileUrl(Path base) {
    return "jdbc:h2:file:"
        + base.toAbsolutePath()
        + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;QUERY_CACHE_SIZE=64"
        + ";DB_CLOSE_ON_EXIT=FALSE";
  }

  /** Reads {@code tailor.db.*}; no URL means the embedded H2 database. */
  public static DatabaseSettings from(TailorSettings settings) {
    return settings
        .get("tailor.db.url")
        .map(
            url ->
                new DatabaseSettings(
                    url,
                    settings.get("tailor.db.user", "root"),
                    settings.get("tailor.db.password", ""),
                    settings.getInt("tailor.db.pool.size", 10)))
        .orElseGet(() -> embedded(settings.dataDir()));
  }

  public boolean isMariaDb() {
    return jdbcUrl.startsWith("jdbc:mariadb:");
  }
}
