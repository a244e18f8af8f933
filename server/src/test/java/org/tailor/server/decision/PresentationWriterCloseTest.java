package org.tailor.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.persistence.ChainFixture;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;

/**
 * Presentations written while the writer closes (the server shutting down while decisions are
 * made): each {@link PresentationWriter#write} either returns, and the row is in the table after
 * {@link PresentationWriter#close}, or throws, and the decision knows it was not recorded.
 */
class PresentationWriterCloseTest {

  private static final int ROUNDS = 40;
  private static final int WRITERS = 3;

  @TempDir static Path dir;
  private static Database database;
  private static ChainFixture chain;
  private static long store;

  @BeforeAll
  static void open() {
    database = Database.open(TestDatabases.h2(dir));
    chain = new ChainFixture(database);
    store = chain.store("close-1");
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @Test
  void aWriteRacingCloseIsWrittenOrRefusedNeverLost() throws Exception {
    Set<Long> accepted = ConcurrentHashMap.newKeySet();
    for (int round = 0; round < ROUNDS; round++) {
      // batches of one, and a decision writes the waiting row itself before queuing its own: a
      // write is often inside the writer when close begins
      PresentationWriter writer =
          new PresentationWriter(database.dataSource(), 1, 1, Duration.ofHours(1));
      AtomicBoolean refused = new AtomicBoolean();
      CountDownLatch someWritten = new CountDownLatch(WRITERS * 3);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < WRITERS; t++) {
        Thread thread =
            new Thread(
                () -> {
                  while (true) {
                    long id = writer.nextId();
                    try {
                      writer.write(row(id));
                    } catch (IllegalStateException e) {
                      if (writer.isPending(id)) {
                        throw new AssertionError("refused but kept waiting: " + id, e);
                      }
                      refused.set(true);
                      if (e.getMessage().contains("closed")) {
                        return;
                      }
                      continue; // too many waiting for a moment: refused, not recorded
                    }
                    accepted.add(id);
                    someWritten.countDown();
                  }
                });
        thread.start();
        threads.add(thread);
      }
      someWritten.await(30, java.util.concurrent.TimeUnit.SECONDS);
      writer.close();
      for (Thread thread : threads) {
        thread.join();
      }
      assertThat(refused).as("round %s: writes after close are refused", round).isTrue();
      assertThat(writer.pendingCount()).isZero();
    }

    long written = chain.count("SELECT COUNT(*) FROM presentation WHERE store_id = ?", store);
    assertThat(written).as("every write that returned is in the table").isEqualTo(accepted.size());
  }

  private static PresentationWriter.Row row(long id) {
    return new PresentationWriter.Row(
        id,
        Optional.empty(),
        store,
        Optional.empty(),
        "kiosk",
        Instant.parse("2026-03-02T10:00:00Z"),
        false,
        Optional.empty(),
        List.of());
  }
}
