package org.tailor.server.importer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Finds the imports that ended since the last look, from {@code import_batch}, for the resident
 * copies that must read again what an import added ({@code ResidentShopperFacts}, {@code
 * ResidentPurchases}), whoever ran it: this server, another server, {@code tailor import} as a
 * process of its own.
 *
 * <p>An import writes its batch row and every row it imports in one transaction, so the batch row
 * takes its id when the import starts and is seen only when it commits. Two imports running side by
 * side commit in either order: the batch with the smaller id can show up after one with a larger id
 * was seen. So the ids below the largest seen that were not seen ended (gaps, and batches seen
 * running) are looked for again at every call, for {@value #WAIT_HOURS} hours from when this object
 * first missed them; an import that runs longer than that is not found when it ends. An id a rolled
 * back import took stays a gap for those hours (a failed import records its failure in a new row).
 * Batches that ended as {@code failed} or {@code rejected} wrote nothing and are not returned.
 *
 * <p>Not thread-safe: each owner calls it under its own lock.
 */
public final class EndedImports {

  /** How long an id not seen ended is looked for again. */
  public static final int WAIT_HOURS = 24;

  /** The most ids skipped at once that are looked for again (auto-increment can jump far). */
  private static final int MAX_GAP = 1_000;

  /** A batch that ended. */
  public record Ended(long batchId, String mappingName, Instant startedAt) {

    /** The kind of import, from its {@code mapping_name}; empty when that names no kind. */
    public Optional<ImportKind> kind() {
      return ImportKind.ofBatch(mappingName);
    }
  }

  private final Clock clock;
  private long nextUnseen = 1;

  /** Ids below {@link #nextUnseen} not seen ended, by when they were first missed. */
  private final TreeMap<Long, Instant> waiting = new TreeMap<>();

  public EndedImports() {
    this(Clock.systemUTC());
  }

  EndedImports(Clock clock) {
    this.clock = clock;
  }

  /**
   * The batches that ended since the last call, by id: those not seen before and those seen running
   * or missing before. The first call returns every batch that has ended so far.
   */
  public List<Ended> since(Connection connection) throws SQLException {
    Instant now = clock.instant();
    List<Ended> ended = new ArrayList<>();
    long from = waiting.isEmpty() ? nextUnseen : Math.min(nextUnseen, waiting.firstKey());
    long next = nextUnseen;
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT id, finished_at, mapping_name, started_at, status FROM import_batch"
                + " WHERE id >= ? ORDER BY id")) {
      statement.setLong(1, from);
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          long id = row.getLong(1);
          if (id < nextUnseen && !waiting.containsKey(id)) {
            continue; // seen ended before
          }
          // a larger id is seen: the ones before it may commit later (at most MAX_GAP of them)
          for (long gap = Math.max(next, id - MAX_GAP); gap < id; gap++) {
            waiting.putIfAbsent(gap, now);
          }
          next = Math.max(next, id + 1);
          if (row.getObject(2) == null) {
            waiting.putIfAbsent(id, now);
            continue;
          }
          waiting.remove(id);
          String status = row.getString(5);
          if (!"failed".equals(status) && !"rejected".equals(status)) {
            ended.add(
                new Ended(
                    id,
                    row.getString(3),
                    row.getObject(4, LocalDateTime.class).toInstant(ZoneOffset.UTC)));
          }
        }
      }
    }
    nextUnseen = next;
    Instant oldest = now.minus(Duration.ofHours(WAIT_HOURS));
    for (Iterator<Map.Entry<Long, Instant>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
      if (it.next().getValue().isBefore(oldest)) {
        it.remove();
      }
    }
    return ended;
  }

  /** How many ids are looked for again at the next call (for tests). */
  int waiting() {
    return waiting.size();
  }
}
