package org.tailor.server.decision;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.hibernate.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.plugin.ShopperProfile;
import org.tailor.server.importer.ImportKind;
import org.tailor.server.persistence.Database;
import org.tailor.server.shopper.ShopperIndex;
import org.tailor.server.store.Store;
import org.tailor.server.store.StoreService;
import org.tailor.server.store.Terminal;
import org.tailor.server.validation.NotFoundException;

/**
 * What a decision needs to know of the shopper, the store and the terminal, held in memory so that
 * a decision for a shopper seen lately reads nothing from the database: the shopper's profile,
 * current consents on every channel and how often they redeemed each offer (for per-shopper caps),
 * and the ids of stores and terminals by code.
 *
 * <p>Freshness: every change made through this server is announced ({@link #shopperChanged}, {@link
 * #shoppersChanged}, {@link #storesChanged}) after it committed and drops the entries it touches,
 * so the next decision on this server sees it. A load that raced with such a change is not kept. A
 * change made elsewhere — another server of a cluster, or {@code tailor import} run as its own
 * process — is seen once the entry expires, at most {@code maxAge} after it was loaded.
 *
 * <p>Cold shoppers: with a {@link ShopperIndex} that is ready, an identifier nobody has is answered
 * without the database and a shopper not held is read in one statement ({@link
 * ShopperFactsReader}); the index is refreshed by {@link #shoppersChanged} before it returns, and
 * by its owner at least every {@code maxAge}, so shoppers added elsewhere are found within the same
 * bound. Without one (or until it is loaded), shoppers are found in the database.
 *
 * <p>Every shopper: with a {@link ResidentShopperFacts} (the server's default), a shopper not held
 * here is decoded from that in-memory copy of every shopper's facts instead of read from the
 * database; {@link #shopperChanged} forgets them there too, {@link #shoppersChanged} has everyone
 * read again, and {@link #refreshResident} reads the shoppers changed elsewhere and drops them
 * here.
 *
 * <p>Bounded: at most {@code maxShoppers} shoppers (and as many identifiers) are held, the least
 * used are dropped first.
 */
public final class DecisionCache {

  private static final Logger LOG = LoggerFactory.getLogger(DecisionCache.class);

  /** A store, by code. */
  public record StoreRef(long id, String code) {}

  /**
   * A terminal and the store it belongs to.
   *
   * @param kind what the terminal is, such as {@code kiosk} or {@code till}
   */
  public record TerminalRef(long id, long storeId, String storeCode, String kind) {}

  /**
   * A shopper as a decision needs them.
   *
   * @param consents the current consent status by channel, then purpose ("granted" or "revoked")
   * @param redemptions how often the shopper redeemed each offer, by offer id
   */
  public record ShopperFacts(
      long shopperId,
      ShopperProfile profile,
      Map<String, Map<String, String>> consents,
      Map<Long, Long> redemptions) {

    public ShopperFacts {
      Map<String, Map<String, String>> copy = new HashMap<>();
      consents.forEach((channel, statuses) -> copy.put(channel, Map.copyOf(statuses)));
      consents = Map.copyOf(copy);
      redemptions = Map.copyOf(redemptions);
    }

    /** The consent statuses on one channel, by purpose. */
    public Map<String, String> consents(String channel) {
      return consents.getOrDefault(channel, Map.of());
    }
  }

  private final Database database;
  private final ShopperFactsReader reader;
  private final Optional<ShopperIndex> index;
  private final Optional<ResidentShopperFacts> resident;
  private final Cache<String, Optional<Long>> identifiers;
  private final Cache<Long, ShopperFactsReader.Loaded> shoppers;
  private final Cache<String, Held<StoreRef>> stores;
  private final Cache<String, Held<TerminalRef>> terminals;
  private final Ticker ticker;
  private final Executor refresher;
  private final long refreshAfterNanos;
  // the codes of the stores and of the terminals being read again ahead of their expiry
  private final Set<String> storesRefreshing = ConcurrentHashMap.newKeySet();
  private final Set<String> terminalsRefreshing = ConcurrentHashMap.newKeySet();
  // "store S1", "terminal K9": those whose last background read failed, so that a database down
  // for a while logs one warning per store or terminal, not one per decision that asked again
  private final Set<String> failing = ConcurrentHashMap.newKeySet();

  /** A store or terminal (or the fact that there is none) and when it was read. */
  private record Held<V>(Optional<V> value, long readAtNanos) {}

  /** Raised by every change announced; a load that saw it change is not kept. */
  private final AtomicLong changes = new AtomicLong();

  /**
   * A cache that finds shoppers in the database (tests and tools).
   *
   * @param maxAge how long an entry is trusted without a change announced, the staleness bound for
   *     changes made outside this server
   * @param maxShoppers the most shoppers (and identifiers) held
   */
  public DecisionCache(Database database, Duration maxAge, long maxShoppers) {
    this(database, maxAge, maxShoppers, Optional.empty());
  }

  /**
   * @param maxAge how long an entry is trusted without a change announced, the staleness bound for
   *     changes made outside this server
   * @param maxShoppers the most shoppers (and identifiers) held
   * @param index which shopper each identifier belongs to, held in memory and refreshed (by the
   *     caller) at least every {@code maxAge}: once it is {@linkplain ShopperIndex#isReady ready},
   *     an identifier nobody has is answered without the database, and a shopper's facts are one
   *     statement; {@link #shoppersChanged} refreshes it before it returns
   */
  public DecisionCache(
      Database database, Duration maxAge, long maxShoppers, Optional<ShopperIndex> index) {
    this(database, maxAge, maxShoppers, index, Optional.empty());
  }

  /**
   * @param resident every shopper's facts held in memory, loaded and refreshed by the caller: a
   *     shopper found by the index is read from it before the database; {@link #shopperChanged}
   *     forgets the shopper there too
   */
  public DecisionCache(
      Database database,
      Duration maxAge,
      long maxShoppers,
      Optional<ShopperIndex> index,
      Optional<ResidentShopperFacts> resident) {
    this(
        database,
        maxAge,
        maxShoppers,
        index,
        resident,
        Ticker.systemTicker(),
        ForkJoinPool.commonPool());
  }

  /**
   * @param ticker the time entries age by
   * @param refresher where a store or terminal is read again ahead of its expiry (see {@link
   *     #store})
   */
  DecisionCache(
      Database database,
      Duration maxAge,
      long maxShoppers,
      Optional<ShopperIndex> index,
      Optional<ResidentShopperFacts> resident,
      Ticker ticker,
      Executor refresher) {
    this.database = database;
    this.reader = new ShopperFactsReader(database.dataSource());
    this.index = index;
    this.resident = resident;
    this.ticker = ticker;
    this.refresher = refresher;
    this.refreshAfterNanos = maxAge.toNanos() / 2;
    // A first sight writes both caches. Their upkeep (the write buffer drained, the least used
    // and the expired entries dropped) runs on the writing thread, under the lock it has just
    // taken: handed to the common pool, every first sight woke a worker there, which then waited
    // for the very lock the writer held (measured: 6 % of a deciding thread's time).
    this.identifiers =
        Caffeine.newBuilder()
            .ticker(ticker)
            .executor(Runnable::run)
            .maximumSize(maxShoppers)
            .expireAfterWrite(maxAge)
            .build();
    this.shoppers =
        Caffeine.newBuilder()
            .ticker(ticker)
            .executor(Runnable::run)
            .maximumSize(maxShoppers)
            .expireAfterWrite(maxAge)
            .build();
    this.stores =
        Caffeine.newBuilder().ticker(ticker).maximumSize(100_000).expireAfterWrite(maxAge).build();
    this.terminals =
        Caffeine.newBuilder().ticker(ticker).maximumSize(100_000).expireAfterWrite(maxAge).build();
  }

  /** The shopper known by a loyalty id, card or phone number, if any. */
  public Optional<ShopperFacts> shopper(String identifier) {
    if (identifier == null || identifier.isBlank()) {
      return Optional.empty();
    }
    String key = identifier.strip();
    if (index.isPresent() && index.get().isReady()) {
      Optional<ShopperIndex.Match> match = index.get().find(key);
      if (match.isEmpty()) {
        return Optional.empty(); // a newcomer
      }
      long shopperId = match.get().shopperId();
      ShopperFactsReader.Loaded held = shoppers.getIfPresent(shopperId);
      if (held != null && held.confirms(key, match.get())) {
        return Optional.of(held.facts());
      }
      long seen = changes.get();
      Optional<ShopperFactsReader.Loaded> loaded = residentOrRead(shopperId);
      if (loaded.isPresent() && loaded.get().confirms(key, match.get())) {
        keep(shoppers, shopperId, loaded.get(), seen);
        return Optional.of(loaded.get().facts());
      }
      // another value with the same hash: look it up in the database below
    }
    Optional<Long> id = identifiers.getIfPresent(key);
    if (id != null) {
      if (id.isEmpty()) {
        return Optional.empty();
      }
      ShopperFactsReader.Loaded held = shoppers.getIfPresent(id.get());
      if (held != null) {
        return Optional.of(held.facts());
      }
    }
    long seen = changes.get();
    Optional<ShopperFactsReader.Loaded> loaded = reader.find(key);
    keep(identifiers, key, loaded.map(l -> l.facts().shopperId()), seen);
    loaded.ifPresent(l -> keep(shoppers, l.facts().shopperId(), l, seen));
    return loaded.map(ShopperFactsReader.Loaded::facts);
  }

  /** The shopper's facts from the resident copy, else from the database (and kept there). */
  private Optional<ShopperFactsReader.Loaded> residentOrRead(long shopperId) {
    if (resident.isEmpty()) {
      return reader.read(shopperId);
    }
    Optional<ShopperFactsReader.Loaded> held = resident.get().get(shopperId);
    if (held.isPresent()) {
      return held;
    }
    long mark = resident.get().mark();
    Optional<ShopperFactsReader.Loaded> loaded = reader.read(shopperId);
    loaded.ifPresent(l -> resident.get().keep(shopperId, l, mark));
    return loaded;
  }

  /**
   * Reads again the shoppers changed elsewhere since the last refreshes ({@link
   * ResidentShopperFacts#refresh}) and drops them from this cache; called by the server every
   * {@code maxAge} when it holds every shopper's facts.
   */
  public void refreshResident() {
    if (resident.isPresent()) {
      ResidentShopperFacts.RefreshResult refreshed = resident.get().refresh();
      if (refreshed.everyone()) {
        shoppers.invalidateAll();
      } else {
        shoppers.invalidateAll(refreshed.shopperIds());
      }
    }
  }

  /**
   * The store with this code, if there is one. Stores and terminals are few and asked for by every
   * decision, so none waits for the database to read one again: past half of {@code maxAge} the one
   * held is returned while it is read again in the background (once at a time per code), and only
   * one held for the whole {@code maxAge} (a store nobody asked for meanwhile) is read before the
   * decision goes on. The staleness bound for changes made elsewhere stays {@code maxAge}.
   *
   * <p>A background read that fails (the database unreachable, say) is logged as a warning naming
   * the store and the cause (once until a read of it succeeds again, then at debug level), and
   * leaves the one held as it was: it is still answered, the next decision starts another
   * background read, and once it has been held for the whole {@code maxAge} the decision reads it
   * itself (and fails with the database).
   */
  public Optional<StoreRef> store(String code) {
    return heldAhead(
        "store",
        stores,
        storesRefreshing,
        code,
        session ->
            StoreService.findStore(session, code)
                .map(store -> new StoreRef(store.getId(), store.getCode())));
  }

  /** The terminal with this code, if there is one; read again ahead as {@link #store} is. */
  public Optional<TerminalRef> terminal(String code) {
    return heldAhead(
        "terminal", terminals, terminalsRefreshing, code, session -> terminalOf(session, code));
  }

  /** Drops what is held of one shopper, after a change to them committed. */
  public void shopperChanged(long shopperId) {
    changes.incrementAndGet();
    resident.ifPresent(r -> r.forget(shopperId));
    shoppers.invalidate(shopperId);
  }

  /**
   * Drops every shopper and identifier, after a change to many (an import) or to identifiers
   * committed; the shopper index reads the shoppers and identifiers added before this returns.
   */
  public void shoppersChanged() {
    changes.incrementAndGet();
    index.ifPresent(ShopperIndex::refresh);
    resident.ifPresent(ResidentShopperFacts::reloadAll);
    identifiers.invalidateAll();
    shoppers.invalidateAll();
  }

  /**
   * After an import through this server committed, reads again before returning what it changed
   * ({@link ResidentShopperFacts#effectOf}): every shopper after a shopper import ({@link
   * #shoppersChanged}), the shoppers of the rows added after a consents or purchases import ({@link
   * #shopperRowsAdded}), nobody after the other kinds.
   */
  public void imported(ImportKind kind) {
    switch (ResidentShopperFacts.effectOf(kind)) {
      case ROWS_UPDATED -> shoppersChanged();
      case ROWS_ADDED -> shopperRowsAdded();
      case NOTHING -> {
        // no shopper's decision facts changed
      }
    }
  }

  /**
   * An import through this server is about to write its rows in batch {@code batchId}, not
   * committed yet ({@link ResidentShopperFacts#importWriting}): the refresh after it ended reads
   * the rows added since, not every shopper.
   */
  public void importWriting(ImportKind kind, long batchId) {
    if (ResidentShopperFacts.effectOf(kind) == ResidentShopperFacts.ImportEffect.ROWS_ADDED) {
      resident.ifPresent(r -> r.importWriting(batchId));
    }
  }

  /**
   * After an import that only added rows about shoppers (consents and their events, purchases and
   * the shoppers they bring) committed: the shopper index reads the shoppers and identifiers added,
   * and the resident facts read again the shoppers of the rows added, before this returns; what is
   * held of the other shoppers stays. Without resident facts (or before their first load ended), as
   * {@link #shoppersChanged}.
   */
  private void shopperRowsAdded() {
    if (resident.isEmpty() || !resident.get().isLoaded()) {
      shoppersChanged();
      return;
    }
    changes.incrementAndGet();
    index.ifPresent(ShopperIndex::refresh);
    identifiers.invalidateAll(); // it may hold "nobody" for a loyalty id the import brought
    refreshResident();
  }

  /** Drops every store and terminal, after a change to one committed. */
  public void storesChanged() {
    changes.incrementAndGet();
    stores.invalidateAll();
    terminals.invalidateAll();
  }

  /** How many shoppers are held now (an estimate, for tests and metrics). */
  public long shoppersHeld() {
    shoppers.cleanUp();
    return shoppers.estimatedSize();
  }

  /**
   * @param kind what the key is the code of ("store", "terminal"), for the log
   */
  private <V> Optional<V> heldAhead(
      String kind,
      Cache<String, Held<V>> cache,
      Set<String> refreshing,
      String key,
      Function<Session, Optional<V>> load) {
    Held<V> held = cache.getIfPresent(key);
    if (held == null) {
      return readAndKeep(cache, key, load);
    }
    if (ticker.read() - held.readAtNanos() >= refreshAfterNanos) {
      if (refreshing.add(key)) {
        try {
          refresher.execute(
              () -> {
                String what = kind + " " + key;
                try {
                  readAndKeep(cache, key, load);
                  if (failing.remove(what)) {
                    LOG.info("the {} was read again in the background after failing", what);
                  }
                } catch (RuntimeException e) {
                  if (failing.add(what)) {
                    LOG.warn(
                        "the {} could not be read again in the background; the one held is still"
                            + " answered, and read again at the next decision",
                        what,
                        e);
                  } else {
                    LOG.debug("the {} still could not be read again: {}", what, e.toString());
                  }
                } finally {
                  refreshing.remove(key);
                }
              });
        } catch (RejectedExecutionException e) {
          refreshing.remove(key); // read when it expires instead
        }
      }
    }
    return held.value();
  }

  private <V> Optional<V> readAndKeep(
      Cache<String, Held<V>> cache, String key, Function<Session, Optional<V>> load) {
    long seen = changes.get();
    long readAt = ticker.read();
    Optional<V> loaded = database.read(load);
    keep(cache, key, new Held<>(loaded, readAt), seen);
    return loaded;
  }

  /**
   * Keeps a loaded value unless a change was announced since the load began: the change may have
   * committed after the load read the database. The check follows the put, so that a change
   * announced in between is caught either way (announcing raises {@link #changes} before it drops).
   */
  private <K, V> void keep(Cache<K, V> cache, K key, V value, long seen) {
    cache.put(key, value);
    if (changes.get() != seen) {
      cache.invalidate(key);
    }
  }

  private static Optional<TerminalRef> terminalOf(Session session, String code) {
    try {
      Terminal terminal = StoreService.terminalByCode(session, code);
      Store store = terminal.getStore();
      return Optional.of(
          new TerminalRef(terminal.getId(), store.getId(), store.getCode(), terminal.getKind()));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }
}
