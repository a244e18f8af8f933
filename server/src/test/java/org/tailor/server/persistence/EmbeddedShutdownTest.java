package org.tailor.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.TestJvm;

/**
 * The embedded database stays open until the server closes it when the process is stopped (SIGTERM,
 * Ctrl+C): H2 closes its databases from a shutdown hook of its own by default, and the server's
 * hook, still writing the presentations it held, found the database closed and lost them ("Database
 * is already closed", seen stopping `tailor demo`).
 */
class EmbeddedShutdownTest {

  @TempDir Path data;

  @Test
  void whatAShutdownHookWritesIsKept() throws Exception {
    Process process = TestJvm.start(EmbeddedShutdownProcess.class, data.toString());
    List<String> printed =
        TestJvm.read(
            process,
            (running, line) -> {
              if (line.equals("ready")) {
                running.toHandle().destroy(); // SIGTERM (shutdown hooks run), the output still read
              }
              return true;
            });
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(printed).contains("ready", "written").noneMatch(line -> line.startsWith("lost"));

    Database database = Database.open(DatabaseSettings.embedded(data));
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select count(*) from written_at_shutdown")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(1);
    } finally {
      database.close();
    }
  }
}
