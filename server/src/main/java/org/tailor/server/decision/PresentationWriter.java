package org.tailor.server.decision;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.server.persistence.IdBlocks;
import org.tailor.server.persistence.UtcDateTime;

/**
 * Writes presentations behind the decisions that made them: a decision gets its presentation's id
 * at once (ids come from blocks taken in advance, {@link IdBlocks}) and the row is written with
 * others in one JDBC batch by a background thread, every {@code flushEvery} or as soon as {@code
 * batchSize} rows wait.
 *
 * <p>What a crash can lose: the presentations decided in the last {@code flushEvery} (plus the
 * batch being written) — never more than {@code maxPending}, because a decision that finds that
 * many rows waiting is not recorded before some are written: it waits while another thread writes
 * (which takes a batch off the queue at once), and writes a batch itself when none does and the
 * bound is still reached once it holds the writer. A clean shutdown ({@link #close}) writes every
 * waiting row; a write racing it is either among them or refused with an error. A write that fails
 * is retried with the next flush; the rows stay waiting meanwhile.
 *
 * <p>Readers that must see a presentation just decided call {@link #flushIfPending} first (a
 * redemption naming it does), which writes the waiting rows at once.
 *
 * <p>No foreign key checks the offers, store, terminal and campaign a presentation names (their
 * indexes cost MariaDB more than half of writing a presentation); each batch checks and marks the
 * rows it names that this writer has not marked yet ({@link PresentedReferences}), and a row naming
 * one that does not exist is dropped like any other the database refuses.
 */
public final class PresentationWriter implements AutoCloseable {

  /** One offer of a presentation. */
  public record OfferRow(int rank, long offerId, double probability, String explanation) {}

  /** A presentation to be written. */
  public record Row(
      long id,
      Optional<Long> shopperId,
      long storeId,
      Optional<Long> terminalId,
      String channel,
      Instant shownAt,
      boolean holdout,
      Optional<Long> campaignId,
      List<OfferRow> offers) {
    public Row {
      offers = List.copyOf(offers);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(PresentationWriter.class);
  private static final String INSERT_PRESENTATION =
      "INSERT INTO presentation (id, shopper_id, store_id, terminal_id, channel, shown_at, holdout,"
          + " campaign_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String INSERT_OFFER =
      "INSERT INTO presentation_offer (presentation_id, offer_rank, offer_id, probability,"
          + " explanation) VALUES (?, ?, ?, ?, ?)";

  private final DataSource dataSource;
  private final int batchSize;
  private final int maxPending;
  private final Duration flushEvery;

  private final Object ids = new Object();
  private long nextId;
  private long idsEnd;
  private volatile IdBlocks.Block spare;

  private static final int MAX_EXPLANATION = 1000;
  private final java.util.concurrent.atomic.AtomicLong dropped =
      new java.util.concurrent.atomic.AtomicLong();
  private final Map<Long, Row> pending = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Row> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();

  /** Held while writing; guards {@link #retry}. */
  private final ReentrantLock writing = new ReentrantLock();

  private final ArrayDeque<Row> retry = new ArrayDeque<>();

  /** Guarded by {@link #writing}. */
  private final PresentedReferences references = new PresentedReferences();

  private final ReentrantLock signal = new ReentrantLock();
  private final Condition due = signal.newCondition();

  /** Signalled when rows leave the queue or {@link #writing} is let go, and decisions wait. */
  private final Condition room = signal.newCondition();

  /** Decisions waiting for {@link #room}. */
  private final AtomicInteger awaitingRoom = new AtomicInteger();

  private final Thread flusher;
  private final boolean direct;
  private volatile boolean closed;

  /**
   * Held shared by {@link #write} while it queues a row, and exclusively by {@link #close} while it
   * marks the writer closed: a row is either queued before close writes what waits, or refused.
   */
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();

  /**
   * @param batchSize rows per JDBC batch, and the number of waiting rows that wakes the writer
   * @param maxPending the most rows waiting before decisions write them themselves
   * @param flushEvery the longest a presentation waits to be written
   */
  public PresentationWriter(
      DataSource dataSource, int batchSize, int maxPending, Duration flushEvery) {
    this(dataSource, batchSize, maxPending, flushEvery, false);
  }

  /**
   * A writer that writes each presentation before {@link #write} returns, with no thread of its own
   * (for tests and tools that decide now and then).
   */
  public static PresentationWriter direct(DataSource dataSource) {
    return new PresentationWriter(dataSource, 4, 4, Duration.ZERO, true);
  }

  private PresentationWriter(
      DataSource dataSource, int batchSize, int maxPending, Duration flushEvery, boolean direct) {
    if (!direct && flushEvery.toMillis() < 1) {
      throw new IllegalArgumentException(
          "flush interval " + flushEvery.toMillis() + " ms: expected 1 ms or more");
    }
    if (batchSize < 1 || maxPending < batchSize) {
      throw new IllegalArgumentException(
          "batch size " + batchSize + " must be at least 1 and at most " + maxPending);
    }
    this.dataSource = dataSource;
    this.batchSize = batchSize;
    this.maxPending = maxPending;
    this.flushEvery = flushEvery;
    this.direct = direct;
    this.flusher = direct ? null : new Thread(this::run, "tailor-presentation-writer");
    if (flusher != null) {
      flusher.setDaemon(true);
      flusher.start();
    }
  }

  /** The id for the next presentation, unique across servers sharing the database. */
  public long nextId() {
    synchronized (ids) {
      if (nextId == idsEnd) {
        IdBlocks.Block block = spare;
        spare = null;
        if (block == null) {
          block = IdBlocks.take(dataSource, "presentation", batchSize * 4);
        }
        nextId = block.first();
        idsEnd = block.end();
      }
      return nextId++;
    }
  }

  /**
   * Queues a presentation to be written; when {@code maxPending} rows wait already, writes them
   * first, in the caller's thread (and fails, recording nothing, when that fails).
   */
  public void write(Row row) {
    gate.readLock().lock();
    try {
      enqueue(row);
    } finally {
      gate.readLock().unlock();
    }
  }

  private void enqueue(Row row) {
    if (closed) {
      throw new IllegalStateException("the presentation writer is closed");
    }
    while (queued.get() >= maxPending) {
      makeRoom();
    }
    pending.put(row.id(), row);
    queue.add(row);
    if (direct) {
      queued.incrementAndGet();
      writtenOrDiscarded(row.id());
    } else if (queued.incrementAndGet() >= batchSize) {
      wake();
    }
  }

  /**
   * Returns when fewer than {@code maxPending} rows may wait, or throws when the database takes
   * none. While another thread writes (the background writer, a reader's flush, another decision)
   * this waits for it to take rows off the queue rather than for the writer: the decisions that
   * found the queue full would otherwise each take the writer in turn, after the first had written
   * everything, and write the few rows queued since in a round trip of its own while holding up all
   * the others. When no thread writes, this writes one batch itself, if the bound is still reached
   * once it holds the writer.
   */
  private void makeRoom() {
    if (!writing.tryLock()) {
      awaitRoom();
      return;
    }
    try {
      // Only a batch that writes nothing at all (a retried one, say) while the queue stays full
      // means the database does not take the rows; a batch that failed leaves the queue for the
      // retry list and so makes room, as the one that wrote it would have.
      if (queued.get() >= maxPending && writeBatch() == 0 && queued.get() >= maxPending) {
        throw new IllegalStateException(
            queued.get() + " presentations wait to be written and the database does not take them");
      }
    } finally {
      unlockWriting();
    }
  }

  /** Waits while the queue is full and another thread writes. */
  private void awaitRoom() {
    awaitingRoom.incrementAndGet();
    signal.lock();
    try {
      while (queued.get() >= maxPending && writing.isLocked()) {
        room.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while presentations wait to be written", e);
    } finally {
      signal.unlock();
      awaitingRoom.decrementAndGet();
    }
  }

  /** Lets go of {@link #writing} and wakes the decisions waiting for room, if any. */
  private void unlockWriting() {
    writing.unlock();
    signalRoom();
  }

  private void signalRoom() {
    if (awaitingRoom.get() > 0) {
      signal.lock();
      try {
        room.signalAll();
      } finally {
        signal.unlock();
      }
    }
  }

  /**
   * Writes a presentation (and everything waiting) before it returns, in the caller's thread; when
   * that fails the presentation is not written later either.
   */
  public void writeNow(Row row) {
    if (direct) {
      write(row);
      return;
    }
    write(row);
    writtenOrDiscarded(row.id());
  }

  private void writtenOrDiscarded(long id) {
    try {
      flushIfPending(id);
    } catch (RuntimeException e) {
      writing.lock();
      try {
        retry.removeIf(row -> row.id() == id);
        if (queue.removeIf(row -> row.id() == id)) {
          queued.decrementAndGet();
        }
        pending.remove(id);
      } finally {
        unlockWriting();
      }
      throw e;
    }
  }

  /** Whether the presentation was decided here and is not yet written. */
  public boolean isPending(long id) {
    return pending.containsKey(id);
  }

  /** How many presentations wait to be written. */
  public int pendingCount() {
    return pending.size();
  }

  /**
   * Writes every waiting row if the presentation is among them, so that a reader finds it in the
   * database; throws when it cannot be written.
   */
  public void flushIfPending(long id) {
    if (!pending.containsKey(id)) {
      return;
    }
    for (int attempt = 0; attempt < 3 && pending.containsKey(id); attempt++) {
      flushAll(); // a deadlock victim is tried again
    }
    if (pending.containsKey(id)) {
      throw new IllegalStateException("presentation " + id + " could not be written yet");
    }
  }

  /** Writes every row waiting now; rows that cannot be written stay waiting. */
  public void flushAll() {
    flushAllCounted();
  }

  /** {@link #flushAll}, answering how many rows it wrote or dropped. */
  private int flushAllCounted() {
    writing.lock();
    try {
      int todo = retry.size() + queued.get();
      int done = 0;
      while (todo > 0) {
        int written = writeBatch();
        if (written == 0) {
          return done;
        }
        done += written;
        todo -= written;
      }
      return done;
    } finally {
      unlockWriting();
    }
  }

  /**
   * Stops the background writer and writes every waiting row; a {@link #write} that has not queued
   * its row by then is refused.
   */
  @Override
  public void close() {
    gate.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      gate.writeLock().unlock();
    }
    if (flusher != null) {
      wake();
      try {
        flusher.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    flushAll();
    if (!pending.isEmpty()) {
      LOG.error(
          "{} presentations could not be written before shutdown and are lost", pending.size());
    }
  }

  private void wake() {
    signal.lock();
    try {
      due.signalAll();
    } finally {
      signal.unlock();
    }
  }

  private void run() {
    while (!closed) {
      signal.lock();
      try {
        if (queued.get() < batchSize && !closed) {
          due.await(flushEvery.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        signal.unlock();
      }
      try {
        flushAll();
        takeSpareBlock();
      } catch (RuntimeException e) {
        LOG.warn("presentations could not be written, retrying: {}", e.toString());
        sleepQuietly();
      }
    }
  }

  /** Takes the next block of ids ahead, so that no decision waits for one. */
  private void takeSpareBlock() {
    boolean low;
    synchronized (ids) {
      low = idsEnd - nextId < batchSize * 2L;
    }
    if (low && spare == null) {
      spare = IdBlocks.take(dataSource, "presentation", batchSize * 4);
    }
  }

  private void sleepQuietly() {
    try {
      Thread.sleep(Math.max(100, flushEvery.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Writes up to {@code batchSize} waiting rows in one transaction; returns how many, 0 when
   * nothing waits or the write failed (the rows are kept for the next attempt). Holds {@link
   * #writing}.
   */
  private int writeBatch() {
    List<Row> batch = new ArrayList<>(batchSize);
    boolean retrying = !retry.isEmpty();
    while (batch.size() < batchSize && !retry.isEmpty()) {
      batch.add(retry.poll());
    }
    int fromRetry = batch.size();
    Row next;
    while (batch.size() < batchSize && (next = queue.poll()) != null) {
      queued.decrementAndGet();
      batch.add(next);
    }
    if (batch.isEmpty()) {
      return 0;
    }
    if (batch.size() > fromRetry) {
      signalRoom(); // rows left the queue: decisions waiting on the bound go on
    }
    try {
      insert(batch, retrying);
    } catch (SQLException | RuntimeException e) {
      if (isDataError(e)) {
        // A row the database will never take (an offer or terminal deleted while the row waited,
        // say) must not hold back every later one: write the batch row by row, drop the bad ones.
        return writeOneByOne(batch);
      }
      for (int i = batch.size() - 1; i >= 0; i--) {
        retry.addFirst(batch.get(i));
      }
      if (isTransient(e)) {
        // such as a deadlock with the report roll-up's INSERT ... SELECT: tried again
        LOG.info("{} presentations to be written again: {}", batch.size(), e.getMessage());
      } else {
        LOG.warn(
            "{} presentations could not be written, kept for the next attempt", batch.size(), e);
      }
      return 0;
    }
    batch.forEach(row -> pending.remove(row.id()));
    return batch.size();
  }

  /**
   * Writes the rows of a batch that failed with a data error one at a time; a row that fails with a
   * data error again is dropped and logged with its id and the reason, a row that fails otherwise
   * (the database away) is kept, with the rest, for the next attempt. Holds {@link #writing}.
   */
  private int writeOneByOne(List<Row> batch) {
    int written = 0;
    for (int i = 0; i < batch.size(); i++) {
      Row row = batch.get(i);
      try {
        insert(List.of(row), true);
        written++;
      } catch (SQLException | RuntimeException e) {
        if (!isDataError(e)) {
          for (int j = batch.size() - 1; j >= i; j--) {
            retry.addFirst(batch.get(j));
          }
          LOG.info("{} presentations to be written again: {}", batch.size() - i, e.toString());
          return written;
        }
        dropped.incrementAndGet();
        LOG.error(
            "presentation {} (shown at {}, store id {}) cannot be written and is dropped: {}",
            row.id(),
            row.shownAt(),
            row.storeId(),
            e.toString());
      }
      pending.remove(row.id());
    }
    return written;
  }

  /** How many presentations were dropped because the database refused their data. */
  public long droppedCount() {
    return dropped.get();
  }

  /**
   * A failure caused by the data itself (SQLSTATE class 22, data exception, or 23, integrity
   * constraint violation), which trying again cannot cure.
   */
  static boolean isDataError(Throwable failure) {
    for (Throwable e = failure; e != null; e = e.getCause()) {
      if (e instanceof SQLException sql) {
        for (SQLException next = sql; next != null; next = next.getNextException()) {
          String state = next.getSQLState();
          if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
            return true;
          }
        }
      }
      if (e.getCause() == e) {
        break;
      }
    }
    return false;
  }

  private void insert(List<Row> batch, boolean retrying) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        List<Row> rows = retrying ? notYetWritten(connection, batch) : batch;
        PresentedReferences.Marks marks = references.mark(connection, rows);
        try (PreparedStatement presentations = connection.prepareStatement(INSERT_PRESENTATION);
            PreparedStatement offers = connection.prepareStatement(INSERT_OFFER)) {
          boolean anyOffer = false;
          for (Row row : rows) {
            presentations.setLong(1, row.id());
            setOptional(presentations, 2, row.shopperId());
            presentations.setLong(3, row.storeId());
            setOptional(presentations, 4, row.terminalId());
            presentations.setString(5, row.channel());
            presentations.setObject(6, UtcDateTime.of(row.shownAt()));
            presentations.setBoolean(7, row.holdout());
            setOptional(presentations, 8, row.campaignId());
            presentations.addBatch();
            for (OfferRow offer : row.offers()) {
              offers.setLong(1, row.id());
              offers.setInt(2, offer.rank());
              offers.setLong(3, offer.offerId());
              offers.setDouble(4, offer.probability());
              offers.setString(5, fitted(offer.explanation()));
              offers.addBatch();
              anyOffer = true;
            }
          }
          if (!rows.isEmpty()) {
            presentations.executeBatch();
          }
          if (anyOffer) {
            offers.executeBatch();
          }
        }
        connection.commit();
        marks.committed();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /**
   * The rows of a batch that is tried again that are not in the table: a commit whose answer was
   * lost may have written them.
   */
  private static List<Row> notYetWritten(Connection connection, List<Row> batch)
      throws SQLException {
    long low = batch.stream().mapToLong(Row::id).min().orElseThrow();
    long high = batch.stream().mapToLong(Row::id).max().orElseThrow();
    Set<Long> written = new HashSet<>();
    try (PreparedStatement select =
        connection.prepareStatement("SELECT id FROM presentation WHERE id BETWEEN ? AND ?")) {
      select.setLong(1, low);
      select.setLong(2, high);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          written.add(row.getLong(1));
        }
      }
    }
    return batch.stream().filter(row -> !written.contains(row.id())).toList();
  }

  /** Whether a failure is worth trying again as it is, such as a deadlock victim's. */
  /** An explanation cut to the column's 1,000 characters. */
  static String fitted(String explanation) {
    return explanation.length() <= MAX_EXPLANATION
        ? explanation
        : explanation.substring(0, MAX_EXPLANATION - 1) + "…";
  }

  static boolean isTransient(Throwable failure) {
    for (Throwable e = failure; e != null; e = e.getCause()) {
      if (e instanceof java.sql.SQLTransientException) {
        return true;
      }
      if (e.getCause() == e) {
        break;
      }
    }
    return false;
  }

  private static void setOptional(PreparedStatement statement, int index, Optional<Long> value)
      throws SQLException {
    if (value.isPresent()) {
      statement.setLong(index, value.get());
    } else {
      statement.setNull(index, Types.BIGINT);
    }
  }
}
