package org.tailor.server.trigger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tailor.plugin.DeliveryReceipt;
import org.tailor.server.outbox.Dispatcher;
import org.tailor.server.outbox.RetryPolicy;
import org.tailor.server.permission.ContactRules;
import org.tailor.server.permission.PermissionGate;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;

/**
 * A server process for {@link TriggerKillTest}: runs the birthday trigger for its database, then
 * dispatches, through a channel that appends each delivery to a file (and, as the plugin contract
 * asks, delivers a message id it has already delivered only once). Prints {@code fired <key>} and
 * {@code delivered <id>} as it goes, so the test can kill it at a chosen point.
 */
public final class TriggerRunProcess {

  static final Instant NOW = Instant.parse("2026-03-14T09:00:00Z");
  static final LocalDate DAY = LocalDate.of(2026, 3, 14);

  private TriggerRunProcess() {}

  public static void main(String[] args) throws IOException {
    Path dbDir = Path.of(args[0]);
    Path deliveries = Path.of(args[1]);
    Set<String> delivered = new HashSet<>();
    if (Files.exists(deliveries)) {
      for (String line : Files.readAllLines(deliveries)) {
        delivered.add(line.split(" ")[0]);
      }
    }
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    try (Database database = Database.open(TestDatabases.h2(dbDir))) {
      TriggerRunner runner =
          TriggerFixture.runner(
              database,
              new TriggerSettings(
                  Map.of(TriggerKind.BIRTHDAY, "bday-5"), List.of("sms"), 3, 0.3, 60),
              AliveProbabilities.NONE,
              clock);
      runner.run(
          TriggerKind.BIRTHDAY,
          DAY,
          key -> {
            System.out.println("fired " + key);
            System.out.flush();
          });
      Dispatcher dispatcher =
          new Dispatcher(
              database,
              new PermissionGate(ContactRules.none(), ZoneId.of("UTC")),
              (permit, message) -> {
                if (delivered.add(message.messageId())) {
                  append(deliveries, message.messageId() + " " + message.shopper().loyaltyId());
                }
                System.out.println("delivered " + message.messageId());
                System.out.flush();
                return new DeliveryReceipt(message.messageId(), NOW, "file");
              },
              new RetryPolicy(3, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1)),
              clock);
      dispatcher.dispatchAllDue();
    }
    System.out.println("done");
    System.out.flush();
  }

  private static void append(Path file, String line) {
    try {
      Files.writeString(
          file,
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.SYNC);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
