package org.tailor.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;
import org.tailor.server.store.StoreDetails;
import org.tailor.server.store.StoreService;
import org.tailor.server.store.TerminalDetails;

/**
 * Stores and terminals in the decision cache: read again in the background once half the cache's
 * age is reached and the entry is used, the old entry answering meanwhile, still dropped at the
 * full age; and a change made through this server seen at the next decision, as before.
 */
class DecisionCachePlacesTest {

  private static final Duration MAX_AGE = Duration.ofSeconds(30);

  @TempDir Path root;

  private final AtomicLong nanos = new AtomicLong(1);
  private final Ticker ticker = nanos::get;
  private final List<Runnable> refreshes = new ArrayList<>(); // run when the test says
  private Database database;
  private StoreService elsewhere; // another server's changes: not announced to this cache
  private DecisionCache cache;

  @BeforeEach
  void setUp() {
    database = Database.open(TestDatabases.h2(root.resolve("db")));
    elsewhere = new StoreService(database, Clock.systemUTC());
    elsewhere.createStore(
        new StoreDetails("S1", "Store 1", Optional.empty(), Optional.empty(), "Europe/Madrid"));
    elsewhere.createTerminal("S1", new TerminalDetails("K1", "kiosk", "Kiosk 1"));
    cache =
        new DecisionCache(
            database, MAX_AGE, 100, Optional.empty(), Optional.empty(), ticker, this::execute);
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  @Test
  void aTerminalUsedAfterHalfTheAgeIsReadAgainInTheBackgroundWhileTheOldEntryAnswers() {
    assertThat(kind("K1")).isEqualTo("kiosk");
    elsewhere.updateTerminal("K1", new TerminalDetails("K1", "till", "Kiosk 1"));

    pass(MAX_AGE.dividedBy(2).plusSeconds(1));
    assertThat(kind("K1")).isEqualTo("kiosk"); // answered at once; the read again is handed over
    assertThat(refreshes).hasSize(1);
    refreshes.remove(0).run();

    assertThat(kind("K1")).isEqualTo("till");
    // read again at that instant: trusted for the full age from there, not dropped at the first
    pass(MAX_AGE.dividedBy(2).minusSeconds(1));
    assertThat(kind("K1")).isEqualTo("till");
    assertThat(refreshes).isEmpty();
  }

  @Test
  void aTerminalNotUsedForTheWholeAgeIsReadByTheDecisionThatFindsItExpired() {
    assertThat(kind("K1")).isEqualTo("kiosk");
    elsewhere.updateTerminal("K1", new TerminalDetails("K1", "till", "Kiosk 1"));

    pass(MAX_AGE.plusSeconds(1));

    assertThat(kind("K1")).isEqualTo("till");
    assertThat(refreshes).isEmpty();
  }

  @Test
  void aTerminalAddedElsewhereIsFoundOnceTheStoredAbsenceIsReadAgain() {
    assertThat(cache.terminal("K2")).isEmpty();
    elsewhere.createTerminal("S1", new TerminalDetails("K2", "till", "Till 2"));
    assertThat(cache.terminal("K2")).isEmpty(); // the absence is held like a terminal

    pass(MAX_AGE.dividedBy(2).plusSeconds(1));
    cache.terminal("K2");
    refreshes.forEach(Runnable::run);

    assertThat(kind("K2")).isEqualTo("till");
    assertThat(cache.store("S1")).isPresent();
  }

  @Test
  void aReadAgainUnderWayWhenAChangeIsAnnouncedIsThrownAway() {
    assertThat(kind("K1")).isEqualTo("kiosk");
    pass(MAX_AGE.dividedBy(2).plusSeconds(1));
    assertThat(kind("K1")).isEqualTo("kiosk");
    assertThat(refreshes).hasSize(1);

    // this server changes the terminal and announces it; the read again handed over before runs
    // after, reading the new row, and is not what answers: the next decision reads it itself
    new StoreService(database, Clock.systemUTC(), cache::storesChanged)
        .updateTerminal("K1", new TerminalDetails("K1", "till", "Kiosk 1"));
    assertThat(kind("K1")).isEqualTo("till");
    elsewhere.updateTerminal("K1", new TerminalDetails("K1", "kiosk", "Kiosk 1"));
    refreshes.remove(0).run(); // reads "kiosk", but the entry it was to replace is gone

    assertThat(kind("K1")).isEqualTo("till"); // as read after the announcement
  }

  /** Keeps the reads again for the test to run; Caffeine's own upkeep runs at once. */
  private void execute(Runnable task) {
    if (task instanceof CompletableFuture.AsynchronousCompletionTask) {
      refreshes.add(task); // a loader's read, handed to CompletableFuture.supplyAsync
    } else {
      task.run();
    }
  }

  private String kind(String terminal) {
    return cache.terminal(terminal).orElseThrow().kind();
  }

  private void pass(Duration time) {
    nanos.addAndGet(time.toNanos());
  }
}
