package org.tailor.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;
import org.tailor.server.store.StoreDetails;
import org.tailor.server.store.StoreService;
import org.tailor.server.store.TerminalDetails;

/**
 * Stores (and terminals) are read again ahead of their expiry, in the background, so that no
 * decision waits for the database to read one it already holds; a store held for the whole maxAge
 * is read before the answer.
 */
class DecisionCacheRefreshTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC);
  private static final Duration MAX_AGE = Duration.ofSeconds(30);

  @TempDir Path root;

  private Database database;
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Queue<Runnable> background = new ArrayDeque<>();
  private DecisionCache cache;

  /** Changes made elsewhere: not announced to the cache. */
  private StoreService elsewhere;

  @BeforeEach
  void start() {
    database = Database.open(TestDatabases.h2(root.resolve("db")));
    Executor refresher = background::add;
    cache =
        new DecisionCache(
            database, MAX_AGE, 100, Optional.empty(), Optional.empty(), nanos::get, refresher);
    elsewhere = new StoreService(database, CLOCK);
    for (String code : new String[] {"S1", "S2", "S3"}) {
      elsewhere.createStore(
          new StoreDetails(code, "Store " + code, Optional.empty(), Optional.empty(), "UTC"));
    }
  }

  @AfterEach
  void close() {
    database.close();
  }

  private void after(Duration time) {
    nanos.addAndGet(time.toNanos());
  }

  private void sql(String statement) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  /** What the cache logs while {@code work} runs. */
  private List<ILoggingEvent> logged(ThrowingRunnable work) throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(DecisionCache.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      work.run();
    } finally {
      logger.detachAppender(appender);
    }
    return appender.list;
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void aStoreHeldPastHalfItsAgeIsAnsweredAtOnceAndReadAgainInTheBackgroundOnce() {
    assertThat(cache.store("S1")).map(DecisionCache.StoreRef::code).contains("S1");
    assertThat(background).isEmpty();
    elsewhere.deleteStore("S1");

    after(Duration.ofSeconds(14));
    assertThat(cache.store("S1")).as("held, young").isPresent();
    assertThat(background).as("nothing read again before half the age").isEmpty();

    after(Duration.ofSeconds(2));
    assertThat(cache.store("S1")).as("held, answered without waiting").isPresent();
    assertThat(cache.store("S1")).isPresent();
    assertThat(background).as("one background read however often asked").hasSize(1);

    background.poll().run();
    assertThat(cache.store("S1")).as("the background read's answer").isEmpty();
    assertThat(background).as("what was just read is young").isEmpty();
  }

  @Test
  void aFailedBackgroundReadIsLoggedOnceAndLeavesTheStoreHeldForTheNextReadToReplace()
      throws Exception {
    assertThat(cache.store("S1")).map(DecisionCache.StoreRef::code).contains("S1");
    after(Duration.ofSeconds(16));

    List<ILoggingEvent> logged =
        logged(
            () -> {
              sql("ALTER TABLE store RENAME TO store_away"); // the read fails as with no database
              assertThat(cache.store("S1")).as("held").isPresent();
              assertThat(background).hasSize(1);
              background.poll().run();

              assertThat(cache.store("S1"))
                  .as("still held after the failed read")
                  .map(DecisionCache.StoreRef::code)
                  .contains("S1");
              assertThat(background).as("the next decision reads it again").hasSize(1);
              background.poll().run(); // fails again: not warned of twice
              assertThat(cache.store("S1")).as("still held").isPresent();
              sql("ALTER TABLE store_away RENAME TO store");
              elsewhere.deleteStore("S1");
              background.poll().run();
            });

    assertThat(cache.store("S1")).as("the later read's answer").isEmpty();
    List<ILoggingEvent> atInfoOrAbove =
        logged.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.INFO)).toList();
    assertThat(atInfoOrAbove).hasSize(2);
    assertThat(atInfoOrAbove.get(0))
        .satisfies(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.WARN);
              assertThat(event.getFormattedMessage()).startsWith("the store S1 could not be read");
              assertThat(event.getThrowableProxy()).as("the cause").isNotNull();
            });
    assertThat(atInfoOrAbove.get(1))
        .satisfies(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.INFO);
              assertThat(event.getFormattedMessage())
                  .isEqualTo("the store S1 was read again in the background after failing");
            });
  }

  @Test
  void aFailedBackgroundReadOfATerminalNamesTheTerminalAndKeepsItHeld() throws Exception {
    elsewhere.createTerminal("S2", new TerminalDetails("K9", "kiosk", "Kiosk 9"));
    DecisionCache.TerminalRef held = cache.terminal("K9").orElseThrow();
    after(Duration.ofSeconds(16));

    List<ILoggingEvent> logged =
        logged(
            () -> {
              sql("ALTER TABLE terminal RENAME TO terminal_away");
              try {
                assertThat(cache.terminal("K9")).contains(held);
                background.poll().run();
                assertThat(cache.terminal("K9")).as("still held").contains(held);
              } finally {
                sql("ALTER TABLE terminal_away RENAME TO terminal");
              }
            });

    assertThat(logged)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.WARN);
              assertThat(event.getFormattedMessage()).startsWith("the terminal K9 could not be");
            });
  }

  @Test
  void aStoreHeldForTheWholeAgeIsReadBeforeTheAnswer() {
    assertThat(cache.store("S2")).isPresent();
    elsewhere.deleteStore("S2");
    after(MAX_AGE.plusSeconds(1));

    assertThat(cache.store("S2")).isEmpty();
    assertThat(background).isEmpty();
  }
}
