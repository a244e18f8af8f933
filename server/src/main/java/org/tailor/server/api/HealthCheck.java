package org.tailor.server.api;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Objects;
import java.util.concurrent.Callable;
import javax.sql.DataSource;

/**
 * One part of the server that {@code GET /api/v1/health} asks whether it works: the database, the
 * plugin host, the MQTT connection. A check that throws, or does not answer in time, is DOWN, and
 * then the whole server reports DOWN with status 503.
 */
public interface HealthCheck {

  /** Short, stable name shown in the health document, such as {@code "database"}. */
  String name();

  /**
   * Looks at the part and returns a short detail for people (such as {@code "3 plugins active"});
   * throws, with a message saying what is wrong, when the part does not work.
   */
  String probe() throws Exception;

  /** A check from a name and a probe, e.g. {@code HealthCheck.of("plugins", host::describe)}. */
  static HealthCheck of(String name, Callable<String> probe) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(probe, "probe");
    return new HealthCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String probe() throws Exception {
        return probe.call();
      }
    };
  }

  /** The database answers {@code SELECT 1} through the pool. */
  static HealthCheck database(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    return of(
        "database",
        () -> {
          try (Connection connection = dataSource.getConnection();
              Statement statement = connection.createStatement();
              ResultSet result = statement.executeQuery("SELECT 1")) {
            if (!result.next() || result.getInt(1) != 1) {
              throw new IllegalStateException("SELECT 1 did not return 1");
            }
            return connection.getMetaData().getDatabaseProductName() + " answers";
          }
        });
  }
}
