package org.tailor.server.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.persistence.ChainFixture;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;

/**
 * Decisions that find {@code maxPending} presentations waiting (the database slower than the
 * decisions): they wait for the writer already writing to take rows off the queue, and write a
 * batch themselves only when the bound is still reached once they hold the writer, instead of each
 * writing, one after the other, the few rows queued since the previous one wrote.
 */
class PresentationWriterBoundTest {

  private static final String FLUSHER = "tailor-presentation-writer";

  @TempDir static Path dir;
  private static Database database;
  private static ChainFixture chain;
  private static long store;

  @BeforeAll
  static void open() {
    database = Database.open(TestDatabases.h2(dir));
    chain = new ChainFixture(database);
    store = chain.store("bound-1");
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @Test
  void decisionsWaitingOnTheBoundDoNotEachWriteWhatWasQueuedSince() throws Exception {
    int batch = 10;
    int maxPending = 20;
    int deciders = 8;
    CountingDataSource counted = new CountingDataSource(database.dataSource());
    long before = written();
    try (PresentationWriter writer =
        new PresentationWriter(counted.dataSource, batch, maxPending, Duration.ofHours(1))) {
      counted.hold();
      // the background writer takes the first batch and is held inside the database ...
      for (int i = 0; i < batch; i++) {
        writer.write(row(writer.nextId()));
      }
      assertThat(counted.entered.await(30, TimeUnit.SECONDS))
          .as("the background writer writes the first batch")
          .isTrue();
      // ... while the queue fills up to the bound
      for (int i = 0; i < maxPending; i++) {
        writer.write(row(writer.nextId()));
      }
      List<Thread> threads = new ArrayList<>();
      AtomicInteger failed = new AtomicInteger();
      for (int t = 0; t < deciders; t++) {
        Thread thread =
            new Thread(
                () -> {
                  try {
                    writer.write(row(writer.nextId()));
                  } catch (RuntimeException e) {
                    failed.incrementAndGet();
                  }
                },
                "decider-" + t);
        thread.start();
        threads.add(thread);
      }
      awaitBlocked(threads);
      assertThat(counted.decisionBatches.get()).as("nothing written by decisions yet").isZero();

      counted.release();
      for (Thread thread : threads) {
        thread.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(thread.isAlive()).as("%s returned", thread.getName()).isFalse();
      }
      assertThat(failed).hasValue(0);
      // the bound was reached once: room for the eight is one batch taken off the queue, by the
      // background writer or by one decision
      assertThat(counted.decisionBatches.get())
          .as("batches written by decision threads")
          .isLessThanOrEqualTo(1);
    }
    assertThat(written() - before).isEqualTo(batch + maxPending + deciders);
  }

  @Test
  @Timeout(60) // a decision that waited on for ever would hang the build instead
  void aDecisionThatFindsTheBoundReachedAndTheDatabaseTakingNothingFails() {
    CountingDataSource counted = new CountingDataSource(database.dataSource());
    long before = written();
    PresentationWriter writer =
        new PresentationWriter(counted.dataSource, 5, 5, Duration.ofHours(1));
    try {
      long first = writer.nextId();
      counted.failing.set(true);
      // the background writer may take the first five and fail: they wait to be tried again, and
      // the next five fill the queue up to the bound
      List<Long> accepted = new ArrayList<>();
      RuntimeException refused = null;
      for (int i = 0; i < 40 && refused == null; i++) {
        long id = i == 0 ? first : writer.nextId();
        try {
          writer.write(row(id));
          accepted.add(id);
        } catch (IllegalStateException e) {
          refused = e;
          assertThat(writer.isPending(id)).as("a refused row is not kept").isFalse();
        }
      }
      assertThat(refused)
          .as("a decision is refused once the bound is reached and nothing can be written")
          .isNotNull();
      assertThat(refused.getMessage()).contains("does not take them");
      assertThat(accepted).allSatisfy(id -> assertThat(writer.isPending(id)).isTrue());

      counted.failing.set(false);
      writer.close();
      assertThat(writer.pendingCount()).as("close writes every accepted row").isZero();
      assertThat(written() - before).isEqualTo(accepted.size());
    } finally {
      counted.failing.set(false);
      writer.close();
    }
    assertThatThrownBy(
            () -> {
              PresentationWriter closed =
                  new PresentationWriter(counted.dataSource, 5, 5, Duration.ofHours(1));
              closed.close();
              closed.write(row(1));
            })
        .hasMessageContaining("closed");
  }

  private static void awaitBlocked(List<Thread> threads) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (threads.stream()
        .anyMatch(
            t ->
                t.getState() != Thread.State.WAITING
                    && t.getState() != Thread.State.TIMED_WAITING)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the deciding threads did not wait on the bound");
      }
      Thread.sleep(5);
    }
  }

  private static long written() {
    return chain.count("SELECT COUNT(*) FROM presentation WHERE store_id = ?", store);
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

  /**
   * The test database, counting the batches of presentations written by threads other than the
   * background writer; it can hold the writing of a batch until released, or fail it. {@link
   * #dataSource} is the real one behind proxies, as the other counting data sources of these tests
   * are.
   */
  private static final class CountingDataSource {
    final DataSource dataSource;
    final AtomicInteger decisionBatches = new AtomicInteger();
    final AtomicBoolean failing = new AtomicBoolean();
    final CountDownLatch entered = new CountDownLatch(1);
    private volatile CountDownLatch held = new CountDownLatch(0);

    CountingDataSource(DataSource real) {
      dataSource =
          proxy(
              DataSource.class,
              (proxy, method, args) -> {
                Object result = invoke(real, method, args);
                return method.getName().equals("getConnection")
                    ? proxy(Connection.class, connecting((Connection) result))
                    : result;
              });
    }

    void hold() {
      held = new CountDownLatch(1);
    }

    void release() {
      held.countDown();
    }

    private InvocationHandler connecting(Connection connection) {
      return (proxy, method, args) -> {
        Object result = invoke(connection, method, args);
        if (method.getName().equals("prepareStatement")
            && ((String) args[0]).startsWith("INSERT INTO presentation (")) {
          return proxy(PreparedStatement.class, counting((PreparedStatement) result));
        }
        return result;
      };
    }

    private InvocationHandler counting(PreparedStatement statement) {
      return (proxy, method, args) -> {
        if (method.getName().equals("executeBatch")) {
          if (failing.get()) {
            throw new SQLException("the database is away", "08S01");
          }
          if (!Thread.currentThread().getName().equals(FLUSHER)) {
            decisionBatches.incrementAndGet();
          }
          entered.countDown();
          if (!held.await(30, TimeUnit.SECONDS)) {
            throw new SQLException("held too long");
          }
        }
        return invoke(statement, method, args);
      };
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
      return type.cast(
          Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
        throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
