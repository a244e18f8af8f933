package org.tailor.server.persistence;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A process for {@link EmbeddedShutdownTest}: opens the embedded database, then on SIGTERM writes
 * one row from a shutdown hook — as the server's own hook drains the presentations it still holds —
 * on a connection taken as the JVM began shutting down, and closes the database.
 */
public final class EmbeddedShutdownProcess {

  private EmbeddedShutdownProcess() {}

  public static void main(String[] args) throws SQLException {
    Database database = Database.open(DatabaseSettings.embedded(Path.of(args[0])));
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("create table if not exists written_at_shutdown (id int primary key)");
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // a connection taken as the JVM begins shutting down, as the presentation
                  // writer's last batch holds one, and used while the other hooks run
                  try (Connection connection = database.dataSource().getConnection();
                      Statement statement = connection.createStatement()) {
                    Thread.sleep(500);
                    statement.execute("insert into written_at_shutdown values (1)");
                    System.out.println("written");
                  } catch (SQLException | InterruptedException e) {
                    System.out.println("lost: " + e);
                  } finally {
                    database.close();
                  }
                }));
    System.out.println("ready");
    System.out.flush();
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
