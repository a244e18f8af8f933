package org.tailor.server.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.TestJvm;
import org.tailor.server.persistence.ChainFixture;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;

/**
 * Exactly once across {@code kill -9}: a server process is killed (SIGKILL, no shutdown hooks)
 * while the birthday trigger is firing, another while it is delivering, and a third finishes. Every
 * shopper then has exactly one birthday message, delivered once.
 */
class TriggerKillTest {

  private static final int SHOPPERS = 120;

  @TempDir Path root;

  @Test
  void birthdayMessagesGoOutExactlyOnceAcrossKills() throws Exception {
    Path db = root.resolve("db");
    Path deliveries = root.resolve("deliveries.txt");
    try (Database database = Database.open(TestDatabases.h2(db))) {
      ChainFixture chain = new ChainFixture(database);
      TriggerFixture.offer(
          database,
          "bday-5",
          TriggerRunProcess.NOW.minusSeconds(86_400),
          TriggerRunProcess.NOW.plusSeconds(30 * 86_400));
      for (int i = 0; i < SHOPPERS; i++) {
        long id = chain.shopper("K-" + i, "Shopper" + i, "Test", i % 2 == 0 ? "es" : "en");
        chain.identifier(id, "phone", "+3460000" + String.format("%04d", i));
        TriggerFixture.grant(database, id, "sms", TriggerRunProcess.NOW);
      }
    }

    List<String> firstRun = runUntil(db, deliveries, "fired ", 30);
    assertThat(firstRun).doesNotContain("done");
    List<String> secondRun = runUntil(db, deliveries, "delivered ", 20);
    assertThat(secondRun).doesNotContain("done");
    List<String> lastRun = runUntil(db, deliveries, "done", Integer.MAX_VALUE);
    assertThat(lastRun).contains("done");

    List<String> lines = Files.readAllLines(deliveries);
    Map<String, List<String>> idsByShopper =
        lines.stream()
            .map(line -> line.split(" "))
            .collect(
                Collectors.groupingBy(
                    parts -> parts[1], Collectors.mapping(parts -> parts[0], Collectors.toList())));
    assertThat(idsByShopper).hasSize(SHOPPERS);
    assertThat(idsByShopper.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
    try (Database database = Database.open(TestDatabases.h2(db))) {
      ChainFixture chain = new ChainFixture(database);
      assertThat(chain.count("SELECT COUNT(*) FROM trigger_run")).isEqualTo(SHOPPERS);
      assertThat(chain.count("SELECT COUNT(*) FROM outbox_message")).isEqualTo(SHOPPERS);
      assertThat(chain.count("SELECT COUNT(*) FROM outbox_message WHERE status = 'delivered'"))
          .isEqualTo(SHOPPERS);
    }
  }

  /**
   * Runs a server process and kills it with SIGKILL once it printed {@code count} lines starting
   * with {@code marker}; returns what it printed. With {@code Integer.MAX_VALUE} it runs to its
   * end.
   */
  private static List<String> runUntil(Path db, Path deliveries, String marker, int count)
      throws IOException, InterruptedException {
    Process process = TestJvm.start(TriggerRunProcess.class, db.toString(), deliveries.toString());
    int[] seen = {0};
    List<String> printed =
        TestJvm.read(
            process,
            (running, line) -> {
              if (line.startsWith(marker) && ++seen[0] >= count) {
                // SIGKILL: no shutdown hooks, no clean close of the database
                running.destroyForcibly();
                return false;
              }
              return true;
            });
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return printed;
  }
}
