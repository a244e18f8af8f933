package org.tailor.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Process process =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                EmbeddedShutdownProcess.class.getName(),
                data.toString())
            .redirectErrorStream(true)
            .start();
    List<String> printed = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        printed.add(line);
        if (line.equals("ready")) {
          process.toHandle().destroy(); // SIGTERM (shutdown hooks run), the output still read
        }
      }
    }
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
