package org.tailor.server.shopper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.locks.StampedLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which shopper every loyalty id and other identifier (card, QR code, phone, email) belongs to,
 * held in memory, so that an identification finds its shopper — or knows it is a newcomer — without
 * asking the database. Loaded in pages of rows by id; kept current by {@link #refresh()}, which
 * reads only the rows added since (shoppers and identifiers are only ever added: a loyalty id or an
 * identifier never moves to another shopper and is never deleted).
 *
 * <p>Compact: each entry is a 64-bit hash of the value and the shopper id, in two primitive arrays
 * (about 40 bytes per entry), so a chain of a million shoppers with a card each takes some 80 MB
 * rather than the several hundred of a map of strings. Two values with the same hash are possible,
 * if very unlikely; an answer is therefore a <em>candidate</em> that the caller confirms against
 * the shopper's stored loyalty id and identifiers (which it reads anyway), and looks the value up
 * in the database when it does not match. A value the index does not hold is surely not in the rows
 * it has read.
 *
 * <p>Freshness: rows are read from the highest id of the refresh <em>before</em> the last one, so
 * every row is looked at by two refreshes and one whose transaction committed after a later row's
 * (ids are taken before commit) is not missed as long as it committed within one refresh interval;
 * after the first, full load, the next refresh goes back 100,000 ids.
 */
public final class ShopperIndex {

  /** A candidate shopper for a typed identifier. */
  public record Match(long shopperId, Optional<String> kind) {

    /** Whether the value matched a loyalty id (else an identifier of {@link #kind}). */
    public boolean byLoyaltyId() {
      return kind.isEmpty();
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(ShopperIndex.class);
  private static final int PAGE = 20_000;
  private static final long INITIAL_OVERLAP = 100_000;
  private static final long LOYALTY_SEED = 0x9E3779B97F4A7C15L;
  private static final long IDENTIFIER_SEED = 0xC2B2AE3D27D4EB4FL;
  private static final int RANK_SHIFT = 56;
  private static final long ID_MASK = (1L << RANK_SHIFT) - 1;
  private static final long UNKNOWN_RANK = 0xFF;

  private final DataSource dataSource;
  private final StampedLock lock = new StampedLock();

  /** Open addressing: a key of 0 is an empty slot. Replaced whole when grown. */
  private long[] keys = new long[1 << 16];

  private long[] values = new long[1 << 16];
  private int size;

  private volatile boolean ready;

  // the refresh's own state, under this object's monitor
  private long shopperMark;
  private long identifierMark;
  private long previousShopperMark;
  private long previousIdentifierMark;

  public ShopperIndex(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Whether the first full load finished; until then, {@link #find} knows nothing. */
  public boolean isReady() {
    return ready;
  }

  /** Entries held: loyalty ids plus identifier values. */
  public int size() {
    long stamp = lock.readLock();
    try {
      return size;
    } finally {
      lock.unlockRead(stamp);
    }
  }

  /**
   * The candidate shopper for a typed loyalty id or identifier: by loyalty id first, then by any
   * form the identifier may be stored in, the kind first in {@link ShopperIdentifier#KINDS} winning
   * (as {@link ShopperService#find} does). Empty when no row read so far has it.
   */
  public Optional<Match> find(String typed) {
    if (typed == null || typed.isBlank()) {
      return Optional.empty();
    }
    String stripped = typed.strip();
    long loyalty = get(hash(LOYALTY_SEED, stripped));
    if (loyalty != 0) {
      return Optional.of(new Match(loyalty & ID_MASK, Optional.empty()));
    }
    long best = 0;
    for (String form : ShopperIdentifier.lookupForms(stripped)) {
      long found = get(hash(IDENTIFIER_SEED, form));
      if (found != 0 && (best == 0 || (found >>> RANK_SHIFT) < (best >>> RANK_SHIFT))) {
        best = found;
      }
    }
    if (best == 0) {
      return Optional.empty();
    }
    int rank = (int) (best >>> RANK_SHIFT);
    Optional<String> kind =
        Optional.of(rank < ShopperIdentifier.KINDS.size() ? ShopperIdentifier.KINDS.get(rank) : "");
    return Optional.of(new Match(best & ID_MASK, kind));
  }

  /**
   * Reads the shoppers and identifiers added since the refresh before the last (everything, the
   * first time) and marks the index ready. Safe to call from any thread; calls run one at a time.
   */
  public synchronized void refresh() {
    long started = System.nanoTime();
    long fromShopper = previousShopperMark;
    long fromIdentifier = previousIdentifierMark;
    long shopperHigh;
    long identifierHigh;
    int read;
    try (Connection connection = dataSource.getConnection()) {
      long[] shoppers = readShoppers(connection, fromShopper);
      long[] identifiers = readIdentifiers(connection, fromIdentifier);
      shopperHigh = Math.max(shopperMark, shoppers[0]);
      identifierHigh = Math.max(identifierMark, identifiers[0]);
      read = (int) (shoppers[1] + identifiers[1]);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the shopper index: " + e.getMessage(), e);
    }
    // The first load read everything: the next refresh goes back only INITIAL_OVERLAP ids.
    previousShopperMark = ready ? shopperMark : Math.max(0, shopperHigh - INITIAL_OVERLAP);
    previousIdentifierMark = ready ? identifierMark : Math.max(0, identifierHigh - INITIAL_OVERLAP);
    shopperMark = shopperHigh;
    identifierMark = identifierHigh;
    if (!ready) {
      ready = true;
      LOG.info(
          "shopper index loaded: {} loyalty ids and identifiers in {} ms",
          size(),
          (System.nanoTime() - started) / 1_000_000);
    } else if (read > 0) {
      LOG.debug("shopper index: {} rows read again or added", read);
    }
  }

  /** Returns {highest id, rows read}. */
  private long[] readShoppers(Connection connection, long from) throws SQLException {
    return readPages(
        connection,
        "SELECT id, loyalty_id FROM shopper WHERE id > ? ORDER BY id LIMIT " + PAGE,
        from,
        (row, keys, values, n) -> {
          keys[n] = hash(LOYALTY_SEED, row.getString(2).strip());
          values[n] = row.getLong(1);
        });
  }

  private long[] readIdentifiers(Connection connection, long from) throws SQLException {
    return readPages(
        connection,
        "SELECT id, shopper_id, kind, identifier_value FROM shopper_identifier"
            + " WHERE id > ? ORDER BY id LIMIT "
            + PAGE,
        from,
        (row, keys, values, n) -> {
          int rank = ShopperService.kindRank(row.getString(3));
          long packedRank = rank == Integer.MAX_VALUE ? UNKNOWN_RANK : rank;
          keys[n] = hash(IDENTIFIER_SEED, row.getString(4));
          values[n] = (packedRank << RANK_SHIFT) | (row.getLong(2) & ID_MASK);
        });
  }

  /** One row of a page as a key and a value of the index, at position {@code n}. */
  private interface RowEntry {
    void put(ResultSet row, long[] keys, long[] values, int n) throws SQLException;
  }

  /**
   * Reads a query of rows whose first column is an ascending id, {@link #PAGE} at a time after
   * {@code from}, into the index. Returns {highest id, rows read}.
   */
  private long[] readPages(Connection connection, String sql, long from, RowEntry entry)
      throws SQLException {
    long mark = from;
    long count = 0;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      while (true) {
        statement.setLong(1, mark);
        long[] batchKeys = new long[PAGE];
        long[] batchValues = new long[PAGE];
        int n = 0;
        try (ResultSet row = statement.executeQuery()) {
          while (row.next()) {
            mark = row.getLong(1);
            entry.put(row, batchKeys, batchValues, n);
            n++;
          }
        }
        put(batchKeys, batchValues, n);
        count += n;
        if (n < PAGE) {
          return new long[] {mark, count};
        }
      }
    }
  }

  /**
   * The value held for a key, 0 if none. Lock-free unless a writer intervened, then under the read
   * lock.
   */
  private long get(long key) {
    long stamp = lock.tryOptimisticRead();
    if (stamp != 0) {
      long value = probe(keys, values, key);
      if (lock.validate(stamp)) {
        return value;
      }
    }
    stamp = lock.readLock();
    try {
      return probe(keys, values, key);
    } finally {
      lock.unlockRead(stamp);
    }
  }

  private static long probe(long[] keys, long[] values, long key) {
    int mask = keys.length - 1;
    if (values.length != keys.length) {
      return 0; // a torn read of a table being replaced; the caller validates and retries
    }
    for (int slot = (int) key & mask, tries = 0; tries <= mask; slot = (slot + 1) & mask, tries++) {
      long held = keys[slot];
      if (held == key) {
        return values[slot];
      }
      if (held == 0) {
        return 0;
      }
    }
    return 0;
  }

  /**
   * Adds entries. A loyalty id's entry is the shopper; when an identifier's hash is there already
   * the kind first in {@link ShopperIdentifier#KINDS} is kept.
   */
  private void put(long[] batchKeys, long[] batchValues, int n) {
    if (n == 0) {
      return;
    }
    long stamp = lock.writeLock();
    try {
      if ((size + n) * 10L > keys.length * 6L) {
        grow(size + n);
      }
      for (int i = 0; i < n; i++) {
        insert(batchKeys[i], batchValues[i]);
      }
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  private void insert(long key, long value) {
    int mask = keys.length - 1;
    int slot = (int) key & mask;
    while (true) {
      long held = keys[slot];
      if (held == 0) {
        keys[slot] = key;
        values[slot] = value;
        size++;
        return;
      }
      if (held == key) {
        if ((value >>> RANK_SHIFT) < (values[slot] >>> RANK_SHIFT)) {
          values[slot] = value;
        }
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  private void grow(int needed) {
    int capacity = keys.length;
    while (needed * 10L > capacity * 6L) {
      capacity <<= 1;
    }
    long[] oldKeys = keys;
    long[] oldValues = values;
    keys = new long[capacity];
    values = new long[capacity];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        insert(oldKeys[i], oldValues[i]);
      }
    }
  }

  /** A 64-bit hash of a text (FNV-1a over its chars, then MurmurHash3's finaliser); never 0. */
  static long hash(long seed, String text) {
    long h = seed;
    for (int i = 0; i < text.length(); i++) {
      h ^= text.charAt(i);
      h *= 0x100000001B3L;
    }
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return h == 0 ? 1 : h;
  }
}
