package org.tailor.server.purchase;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.plugin.host.PurchaseHistory;
import org.tailor.plugin.host.PurchaseRecord;
import org.tailor.plugin.host.PurchasedItem;
import org.tailor.server.compact.CompactBytes;
import org.tailor.server.importer.EndedImports;
import org.tailor.server.importer.ImportKind;

/**
 * Every shopper's latest receipts held in memory, compactly, so that the scoring plugins' {@link
 * #recentPurchases} costs no database read, even for a shopper met for the first time. Answers
 * exactly what {@link Purchases#recent} (through {@link DatabasePurchaseHistory}) answers: the same
 * receipts in the same order (newest first, then by id), returns included, each with its lines by
 * line number.
 *
 * <p><b>What is held.</b> For each shopper with purchases, up to {@code maxShoppers} of them, their
 * latest {@code receipts} receipts, in one {@code byte[]} decoded when asked for (once a decision:
 * the plugins asking in turn on the deciding thread share the thread's last decode while the
 * shopper's array and the dictionaries are the same): varints, the receipt number front-coded
 * against the previous receipt's, the time as a difference of seconds from the previous receipt's,
 * store and product as indices into two dictionaries (store id to code, product id to SKU and
 * category, both re-read at every refresh, so a store's new code or a product's new category shows
 * as the database would show it), amounts as unscaled longs with their scale. For a shopper of the
 * synthetic chain (1.9 receipts of five lines on average) some 82 bytes, 110 on the heap with the
 * array's header and the shopper's slot in a page (4 bytes per shopper id): 110 MB for a million
 * shoppers, where their {@code PurchaseRecord}s would take an estimated 1 to 2 kB each.
 *
 * <p><b>Where it is not held, the database answers</b> (the {@code fallback}, usually {@link
 * CachedPurchaseHistory} over {@link DatabasePurchaseHistory}): a shopper whose id range is not
 * loaded yet; a shopper beyond the {@code maxShoppers} bound (logged once); a call asking for more
 * receipts than are held of a shopper who has more; a shopper whose purchases changed through this
 * server and who waits to be read again; data the encoding does not take (an amount of more than 58
 * bits, a receipt number that is not valid UTF-16).
 *
 * <p><b>Loading.</b> {@link #load()} (on a daemon thread of its own at low priority, see {@link
 * #startLoading()}) reads the shoppers in ranges of ids, {@code rangeShoppers} at a time, each
 * range one statement over all their receipts and lines, keeping the latest {@code receipts} of
 * each; decisions go on meanwhile, those for shoppers not loaded yet reading the database.
 *
 * <p><b>Freshness.</b> {@link #refresh()} reads the purchase rows added since the refresh before
 * the last one (every row is looked at by two refreshes, so one whose transaction committed after a
 * later row's is not missed, as in {@link org.tailor.server.shopper.ShopperIndex}) and reads their
 * shoppers again; purchases are only ever added (a receipt already stored is skipped whole by the
 * import). An import commits all its rows at its end, which can be long after they took their ids,
 * below what the refreshes read past meanwhile when other rows committed (another import, run side
 * by side): so a refresh also reads again the shoppers of every purchases import that ended since
 * the last ({@link EndedImports}), found by the rows' {@code import_batch_id}. {@link #reload}
 * reads given shoppers again. {@link #purchasesChanged()}, after an import through this server,
 * sends the shoppers with new rows to the database until the next refresh reads them again, and
 * leaves every other shopper as held.
 *
 * <p>Writers (the load's ranges, refreshes, reloads) run one at a time under this object's monitor;
 * readers take no lock.
 */
public final class ResidentPurchases implements PurchaseHistory, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ResidentPurchases.class);

  /** The slot of a shopper to read from the database: beyond the bound, changed, or not encoded. */
  private static final byte[] DATABASE = new byte[0];

  private static final int PAGE_BITS = 12;
  private static final int PAGE_SLOTS = 1 << PAGE_BITS;
  private static final int REFRESH_PAGE = 20_000;
  private static final long INITIAL_OVERLAP = 100_000;
  private static final int RELOAD_BATCH = 500;
  private static final long MAX_UNSCALED = 1L << 57;
  private static final int MAX_SCALE = 15;

  private static final String COLUMNS =
      "SELECT p.shopper_id, p.id, p.store_id, p.receipt_number, p.purchased_at,"
          + " l.line_number, l.product_id, l.quantity, l.amount"
          + " FROM purchase p LEFT JOIN purchase_line l ON l.purchase_id = p.id WHERE ";
  private static final String ORDER =
      " ORDER BY p.shopper_id, p.purchased_at DESC, p.id DESC, l.line_number";
  private static final String RANGE = COLUMNS + "p.shopper_id >= ? AND p.shopper_id < ?" + ORDER;

  /** Store codes and products by dense index; indices never change, new ids are appended. */
  private record Dictionary(String[] storeCodes, String[] skus, String[] categories) {}

  private final DataSource dataSource;
  private final Function<String, Optional<Long>> shopperIds;
  private final PurchaseHistory fallback;
  private final int receipts;
  private final long maxShoppers;
  private final int rangeShoppers;

  /**
   * The receipts last decoded on a thread, so that the scoring plugins of one decision, each asking
   * for the same shopper's receipts in turn on the deciding thread, share one decode. It is keyed
   * by the shopper, the slot's array and the dictionary as they were read: every change to a
   * shopper's receipts (a refresh, a reload, an import through this server) puts a new array (or
   * {@link #DATABASE}) in the slot, and every change to a store's code or a product puts a new
   * dictionary, so the next decision after a change decodes again and sees it, while the same array
   * and dictionary decode to the same receipts. It decodes as many receipts as the widest limit
   * asked for on the thread (at most those held), so that plugins asking for different limits are
   * answered from the one decode.
   */
  private static final class LastDecode {
    long shopperId = -1;
    byte[] bytes;
    Dictionary dictionary;
    int widestLimit;
    Decoded decoded;

    boolean holds(long shopper, byte[] slot, Dictionary words, int limit) {
      return bytes == slot
          && shopperId == shopper
          && dictionary == words
          && (limit <= decoded.records().size() || decoded.records().size() == decoded.count());
    }

    void decoded(long shopper, byte[] slot, Dictionary words, Decoded receipts) {
      shopperId = shopper;
      bytes = slot;
      dictionary = words;
      decoded = receipts;
    }

    /** The first {@code limit} receipts, or empty if more are asked for than held of more. */
    Optional<List<PurchaseRecord>> first(int limit) {
      List<PurchaseRecord> records = decoded.records();
      if (limit > decoded.count() && !decoded.complete()) {
        return Optional.empty();
      }
      return Optional.of(limit >= records.size() ? records : records.subList(0, limit));
    }
  }

  /**
   * The first receipts of a shopper's held ones, unmodifiable, with how many are held and whether
   * they are the shopper's whole history.
   */
  private record Decoded(int count, boolean complete, List<PurchaseRecord> records) {}

  private final ThreadLocal<LastDecode> lastDecode = ThreadLocal.withInitial(LastDecode::new);

  /** {@link #PAGE_SLOTS} shoppers' slots. */
  private static final class Page extends AtomicReferenceArray<byte[]> {
    private static final long serialVersionUID = 1L;

    Page() {
      super(PAGE_SLOTS);
    }
  }

  /** Slots by shopper id, a page at a time; the directory is replaced whole when grown. */
  private volatile Page[] pages = new Page[0];

  /** Shoppers with a lower id are loaded: an empty slot is a shopper without purchases. */
  private volatile long loadedBelow;

  private volatile Dictionary dictionary =
      new Dictionary(new String[0], new String[0], new String[0]);
  private volatile boolean closed;
  private volatile Thread loader;

  // the writers' state, under this object's monitor
  private final Map<Long, Integer> storeIndex = new HashMap<>();
  private final Map<Long, Integer> productIndex = new HashMap<>();
  private long held;
  private long heldBytes;
  private boolean boundLogged;
  private boolean marked;
  private long mark;
  private long previousMark;
  private final EndedImports endedImports = new EndedImports();

  /** Shoppers {@link #purchasesChanged()} sent to the database, for the next refresh to read. */
  private long[] pending = new long[0];

  /**
   * @param shopperIds the id of the shopper with a loyalty id (or other identifier), such as the
   *     decision pipeline's
   * @param fallback what answers for a shopper not held, keyed by loyalty id
   * @param receipts the latest receipts held per shopper: the most any scoring plugin asks for
   * @param maxShoppers the most shoppers held; beyond, shoppers are read from the database
   * @param rangeShoppers shopper ids read by one statement of the load
   */
  public ResidentPurchases(
      DataSource dataSource,
      Function<String, Optional<Long>> shopperIds,
      PurchaseHistory fallback,
      int receipts,
      long maxShoppers,
      int rangeShoppers) {
    if (receipts < 1 || receipts > DatabasePurchaseHistory.MAX_LIMIT) {
      throw new IllegalArgumentException(
          "receipts = " + receipts + ": expected 1 to " + DatabasePurchaseHistory.MAX_LIMIT);
    }
    if (maxShoppers < 0) {
      throw new IllegalArgumentException("maxShoppers = " + maxShoppers + ": expected 0 or more");
    }
    if (rangeShoppers < 1) {
      throw new IllegalArgumentException(
          "rangeShoppers = " + rangeShoppers + ": expected 1 or more");
    }
    this.dataSource = dataSource;
    this.shopperIds = shopperIds;
    this.fallback = fallback;
    this.receipts = receipts;
    this.maxShoppers = maxShoppers;
    this.rangeShoppers = rangeShoppers;
  }

  // ---------------------------------------------------------------- reading

  @Override
  public List<PurchaseRecord> recentPurchases(String loyaltyId, int limit) {
    if (limit < 1 || loyaltyId == null) {
      return fallback.recentPurchases(loyaltyId, limit);
    }
    Optional<Long> shopperId = shopperIds.apply(loyaltyId);
    if (shopperId.isEmpty()) {
      return List.of();
    }
    Optional<List<PurchaseRecord>> held =
        heldPurchases(shopperId.get(), Math.min(limit, DatabasePurchaseHistory.MAX_LIMIT));
    return held.isPresent() ? held.get() : fallback.recentPurchases(loyaltyId, limit);
  }

  /**
   * The shopper's latest {@code limit} receipts as held (for a caller that knows the shopper's id),
   * or empty when the database must answer: not loaded yet, beyond the bound, changed and waiting
   * to be read again, or more asked for than held of a longer history.
   */
  public Optional<List<PurchaseRecord>> heldPurchases(long shopperId, int limit) {
    if (limit < 1) {
      return Optional.of(List.of());
    }
    long loaded = loadedBelow; // read before the slot: a range's slots are written before this
    byte[] bytes = slot(shopperId);
    if (bytes == null) {
      return shopperId < loaded ? Optional.of(List.of()) : Optional.empty();
    }
    if (bytes == DATABASE) {
      return Optional.empty();
    }
    Dictionary words = dictionary;
    LastDecode last = lastDecode.get();
    if (!last.holds(shopperId, bytes, words, limit)) {
      last.widestLimit = Math.max(last.widestLimit, limit);
      last.decoded(shopperId, bytes, words, decode(bytes, last.widestLimit, words));
    }
    return last.first(limit);
  }

  private byte[] slot(long shopperId) {
    Page[] all = pages;
    long page = shopperId >>> PAGE_BITS;
    if (shopperId < 0 || page >= all.length || all[(int) page] == null) {
      return null;
    }
    return all[(int) page].getAcquire((int) (shopperId & (PAGE_SLOTS - 1)));
  }

  /** Whether the first load went through every shopper. */
  public boolean isLoaded() {
    return loadedBelow == Long.MAX_VALUE;
  }

  /** Shoppers whose receipts are held. */
  public synchronized long heldShoppers() {
    return held;
  }

  /** The bytes of the held shoppers' encoded receipts, without the arrays' headers. */
  public synchronized long heldBytes() {
    return heldBytes;
  }

  /**
   * An estimate of the heap this copy takes: each shopper's array with its header (16 bytes,
   * rounded up to 8), the slot pages (4 bytes per shopper id with compressed references) and the
   * dictionaries' strings.
   */
  public synchronized long footprintBytes() {
    long pageBytes = 0;
    for (Page page : pages) {
      pageBytes += page == null ? 4 : 16 + 16 + 4L * PAGE_SLOTS + 4;
    }
    Dictionary d = dictionary;
    long dictionaryBytes = 0;
    for (String[] strings : List.of(d.storeCodes(), d.skus(), d.categories())) {
      for (String s : strings) {
        dictionaryBytes += 4 + (s == null ? 0 : 40 + s.length());
      }
    }
    // headers: 16 bytes, plus the padding to 8 (on average 3.5 bytes)
    return heldBytes + held * 20 + pageBytes + dictionaryBytes;
  }

  // ---------------------------------------------------------------- loading

  /** Starts {@link #load()} on a daemon thread of its own, at the lowest priority. */
  public synchronized void startLoading() {
    if (loader != null) {
      return;
    }
    Thread thread =
        new Thread(
            () -> {
              try {
                load();
              } catch (RuntimeException e) {
                if (!closed) {
                  LOG.warn(
                      "resident purchases: the load stopped; shoppers not loaded are read from"
                          + " the database",
                      e);
                }
              }
            },
            "tailor-resident-purchases");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    loader = thread;
    thread.start();
  }

  /**
   * Loads every shopper's latest receipts, range by range of shopper ids, and logs the counts,
   * bytes and time. Runs in the caller's thread; {@link #startLoading()} runs it in the background.
   */
  public void load() {
    long started = System.nanoTime();
    long[] bounds;
    try (Connection connection = dataSource.getConnection()) {
      synchronized (this) {
        markFrom(connection);
        readDictionaries(connection);
      }
      bounds = shopperIdBounds(connection);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot start loading resident purchases", e);
    }
    long ranges = 0;
    long rows = 0;
    long first = bounds[0] - Math.floorMod(bounds[0], rangeShoppers);
    synchronized (this) {
      loadedBelow = Math.max(loadedBelow, first); // no shopper has a lower id
    }
    for (long from = first; from <= bounds[1] && !closed; from += rangeShoppers) {
      rows += loadRange(from, from + rangeShoppers);
      ranges++;
    }
    if (closed) {
      return;
    }
    loadedBelow = Long.MAX_VALUE;
    LOG.info(
        "resident purchases loaded: {} shoppers, {} bytes encoded ({} bytes with headers and"
            + " slots), from {} rows in {} statements, in {} ms",
        heldShoppers(),
        heldBytes(),
        footprintBytes(),
        rows,
        ranges,
        (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * Loads the shoppers with ids from {@code from} (included) to {@code to} (excluded) and counts
   * them as loaded when the ranges below are. Returns the rows read.
   */
  synchronized long loadRange(long from, long to) {
    long[] rows = {0};
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(RANGE)) {
      statement.setFetchSize(1_000);
      statement.setLong(1, from);
      statement.setLong(2, to);
      Map<Long, byte[]> read = read(connection, statement, rows);
      for (long shopperId = from; shopperId < to; shopperId++) {
        put(shopperId, read.get(shopperId));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot load the purchases of shoppers " + from + " to " + (to - 1), e);
    }
    if (loadedBelow >= from && loadedBelow < to) {
      loadedBelow = to; // the ranges below are loaded too
    }
    return rows[0];
  }

  /** Reads the shoppers given again, now. */
  public synchronized void reload(Collection<Long> shoppers) {
    long[] ids = shoppers.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
    try (Connection connection = dataSource.getConnection()) {
      readDictionaries(connection);
      reload(connection, ids);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read again the purchases of " + ids.length, e);
    }
  }

  private void reload(Connection connection, long[] ids) throws SQLException {
    for (int start = 0; start < ids.length; start += RELOAD_BATCH) {
      int n = Math.min(RELOAD_BATCH, ids.length - start);
      StringBuilder sql = new StringBuilder(COLUMNS).append("p.shopper_id IN (");
      for (int i = 0; i < n; i++) {
        sql.append(i == 0 ? "?" : ", ?");
      }
      try (PreparedStatement statement = connection.prepareStatement(sql + ")" + ORDER)) {
        for (int i = 0; i < n; i++) {
          statement.setLong(i + 1, ids[start + i]);
        }
        Map<Long, byte[]> read = read(connection, statement, new long[1]);
        for (int i = 0; i < n; i++) {
          put(ids[start + i], read.get(ids[start + i]));
        }
      }
    }
  }

  /**
   * Reads the purchase rows added since the refresh before the last (and the dictionaries), and
   * reads again the shoppers they belong to. Safe to call from any thread.
   */
  public synchronized void refresh() {
    long started = System.nanoTime();
    try (Connection connection = dataSource.getConnection()) {
      markFrom(connection);
      readDictionaries(connection);
      long[] changed = changedShoppers(connection);
      long high = changed[changed.length - 1];
      long[] ids =
          union(Arrays.copyOf(changed, changed.length - 1), importedShoppers(connection), pending);
      reload(connection, ids);
      pending = new long[0];
      previousMark = mark;
      mark = Math.max(mark, high);
      if (ids.length > 0) {
        LOG.debug(
            "resident purchases: {} shoppers read again in {} ms",
            ids.length,
            (System.nanoTime() - started) / 1_000_000);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot refresh the resident purchases", e);
    }
  }

  /**
   * After an import through this server: the shoppers with purchase rows added since the refresh
   * before the last are read from the database until the next {@link #refresh()} reads them again;
   * every other shopper stays as held. Products and stores are read again at once.
   */
  public synchronized void purchasesChanged() {
    try (Connection connection = dataSource.getConnection()) {
      markFrom(connection);
      readDictionaries(connection);
      long[] changed = changedShoppers(connection);
      long[] ids =
          union(Arrays.copyOf(changed, changed.length - 1), importedShoppers(connection), pending);
      for (long id : ids) {
        put(id, DATABASE);
      }
      pending = ids; // read again by the next refresh, wherever their rows' ids are
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read which shoppers' purchases changed", e);
    }
  }

  /** Stops the load after its current range. */
  @Override
  public void close() {
    closed = true;
  }

  /** Sets the refresh marks at the highest purchase id, the first time. */
  private void markFrom(Connection connection) throws SQLException {
    if (marked) {
      return;
    }
    try (PreparedStatement statement =
            connection.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM purchase");
        ResultSet row = statement.executeQuery()) {
      row.next();
      mark = row.getLong(1);
    }
    previousMark = Math.max(0, mark - INITIAL_OVERLAP);
    endedImports.since(connection); // what has ended so far is read by the load
    marked = true;
  }

  /**
   * The distinct shoppers of the purchases imports that ended since the last call: an import
   * commits its rows at its end, so they can have ids below what the refreshes already read past
   * (another import committed later rows meanwhile); they are found by their batch.
   */
  private long[] importedShoppers(Connection connection) throws SQLException {
    List<EndedImports.Ended> purchases =
        endedImports.since(connection).stream()
            .filter(batch -> batch.kind().orElse(null) == ImportKind.PURCHASES) // only they add
            .toList();
    if (purchases.isEmpty()) {
      return new long[0];
    }
    LongStream.Builder shoppers = LongStream.builder();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT DISTINCT shopper_id FROM purchase"
                + " WHERE import_batch_id = ? AND shopper_id IS NOT NULL")) {
      for (EndedImports.Ended batch : purchases) {
        statement.setLong(1, batch.batchId());
        try (ResultSet row = statement.executeQuery()) {
          while (row.next()) {
            shoppers.add(row.getLong(1));
          }
        }
      }
    }
    return shoppers.build().sorted().distinct().toArray();
  }

  /** The distinct ids of all of them, sorted. */
  private static long[] union(long[]... ids) {
    return Arrays.stream(ids).flatMapToLong(Arrays::stream).sorted().distinct().toArray();
  }

  private static long[] shopperIdBounds(Connection connection) throws SQLException {
    try (PreparedStatement statement =
            connection.prepareStatement(
                "SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM shopper");
        ResultSet row = statement.executeQuery()) {
      row.next();
      return new long[] {row.getLong(1), row.getLong(2)};
    }
  }

  /**
   * The distinct shoppers of the purchase rows after {@link #previousMark}, then the highest id.
   */
  private long[] changedShoppers(Connection connection) throws SQLException {
    long from = previousMark;
    long high = from;
    long[] shoppers = new long[64];
    int n = 0;
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT id, shopper_id FROM purchase WHERE id > ? ORDER BY id LIMIT " + REFRESH_PAGE)) {
      while (true) {
        statement.setLong(1, high);
        int page = 0;
        try (ResultSet row = statement.executeQuery()) {
          while (row.next()) {
            high = row.getLong(1);
            long shopper = row.getLong(2);
            page++;
            if (!row.wasNull()) {
              if (n == shoppers.length) {
                shoppers = Arrays.copyOf(shoppers, n * 2);
              }
              shoppers[n++] = shopper;
            }
          }
        }
        if (page < REFRESH_PAGE) {
          break;
        }
      }
    }
    long[] distinct = Arrays.stream(shoppers, 0, n).sorted().distinct().toArray();
    long[] withHigh = Arrays.copyOf(distinct, distinct.length + 1);
    withHigh[distinct.length] = high;
    return withHigh;
  }

  /** Reads the stores' codes and the products' SKUs and categories; indices stay as they were. */
  private void readDictionaries(Connection connection) throws SQLException {
    Dictionary before = dictionary;
    List<String> codes = new ArrayList<>(Arrays.asList(before.storeCodes()));
    List<String> skus = new ArrayList<>(Arrays.asList(before.skus()));
    List<String> categories = new ArrayList<>(Arrays.asList(before.categories()));
    try (PreparedStatement statement = connection.prepareStatement("SELECT id, code FROM store");
        ResultSet row = statement.executeQuery()) {
      while (row.next()) {
        int index = storeIndex.computeIfAbsent(row.getLong(1), id -> storeIndex.size());
        set(codes, index, row.getString(2));
      }
    }
    Map<String, String> interned = new HashMap<>();
    try (PreparedStatement statement =
            connection.prepareStatement("SELECT id, sku, category FROM product");
        ResultSet row = statement.executeQuery()) {
      while (row.next()) {
        int index = productIndex.computeIfAbsent(row.getLong(1), id -> productIndex.size());
        set(skus, index, row.getString(2));
        String category = row.getString(3);
        set(
            categories,
            index,
            category == null ? null : interned.computeIfAbsent(category, c -> c));
      }
    }
    Dictionary after =
        new Dictionary(
            codes.toArray(String[]::new),
            skus.toArray(String[]::new),
            categories.toArray(String[]::new));
    if (!Arrays.equals(after.storeCodes(), before.storeCodes())
        || !Arrays.equals(after.skus(), before.skus())
        || !Arrays.equals(after.categories(), before.categories())) {
      dictionary = after;
    }
  }

  private static void set(List<String> list, int index, String value) {
    if (index == list.size()) {
      list.add(value);
    } else {
      list.set(index, value);
    }
  }

  /** Holds a shopper's encoded receipts, {@code null} for none, or {@link #DATABASE}. */
  private void put(long shopperId, byte[] bytes) {
    byte[] before = slot(shopperId);
    boolean wasHeld = before != null && before != DATABASE;
    if (bytes == null && before == null) {
      return;
    }
    byte[] now = bytes;
    if (bytes != null && bytes != DATABASE && !wasHeld && held >= maxShoppers) {
      now = DATABASE;
      if (!boundLogged) {
        boundLogged = true;
        LOG.info(
            "resident purchases: {} shoppers held, the bound (tailor.decisions.resident.shoppers);"
                + " the purchases of further shoppers are read from the database",
            maxShoppers);
      }
    }
    if (wasHeld) {
      held--;
      heldBytes -= before.length;
    }
    if (now != null && now != DATABASE) {
      held++;
      heldBytes += now.length;
    }
    page(shopperId).setRelease((int) (shopperId & (PAGE_SLOTS - 1)), now);
  }

  private Page page(long shopperId) {
    long index = shopperId >>> PAGE_BITS;
    if (shopperId < 0 || index > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("shopper id " + shopperId + ": out of range");
    }
    Page[] all = pages;
    if (index >= all.length) {
      all = Arrays.copyOf(all, (int) Math.max(index + 1, all.length * 3L / 2));
    }
    if (all[(int) index] == null) {
      all[(int) index] = new Page();
    }
    pages = all; // publishes a new page (or a grown directory) before its first slot is set
    return all[(int) index];
  }

  // ---------------------------------------------------------------- encoding

  /**
   * Reads a statement's rows (by shopper, newest receipt first, lines in order) into each shopper's
   * encoded receipts, or {@link #DATABASE} for one the encoding does not take.
   */
  private Map<Long, byte[]> read(Connection connection, PreparedStatement statement, long[] rows)
      throws SQLException {
    Map<Long, byte[]> encoded = new HashMap<>();
    Encoder encoder = new Encoder();
    boolean dictionaryRead = false;
    try (ResultSet row = statement.executeQuery()) {
      long shopper = -1;
      long receipt = Long.MIN_VALUE;
      while (row.next()) {
        rows[0]++;
        long shopperId = row.getLong(1);
        if (shopperId != shopper) {
          if (shopper != -1) {
            encoded.put(shopper, encoder.finish());
          }
          shopper = shopperId;
          receipt = Long.MIN_VALUE;
          encoder.start();
        }
        long receiptId = row.getLong(2);
        if (receiptId != receipt) {
          receipt = receiptId;
          Integer store = storeIndex.get(row.getLong(3));
          if (store == null && !dictionaryRead) {
            readDictionaries(connection);
            dictionaryRead = true;
            store = storeIndex.get(row.getLong(3));
          }
          LocalDateTime at = row.getObject(5, LocalDateTime.class);
          encoder.receipt(
              row.getString(4), at.toInstant(ZoneOffset.UTC), store == null ? -1 : store);
        }
        if (row.getObject(6) != null) {
          Integer product = productIndex.get(row.getLong(7));
          if (product == null && !dictionaryRead) {
            readDictionaries(connection);
            dictionaryRead = true;
            product = productIndex.get(row.getLong(7));
          }
          encoder.line(product == null ? -1 : product, row.getInt(8), row.getBigDecimal(9));
        }
      }
      if (shopper != -1) {
        encoded.put(shopper, encoder.finish());
      }
    }
    return encoded;
  }

  /** Encodes one shopper's receipts at a time, reusing its buffers. */
  private final class Encoder {
    private final CompactBytes.Writer body = new CompactBytes.Writer(256);
    private final CompactBytes.Writer lines = new CompactBytes.Writer(256);
    private byte[] previousNumber = new byte[0];
    private long previousSecond;
    private int previousStore;
    private int count;
    private boolean complete;
    private boolean encodable;
    private boolean open;
    private int lineCount;
    private int store;

    void start() {
      body.clear();
      previousNumber = new byte[0];
      previousSecond = 0;
      previousStore = -1;
      count = 0;
      complete = true;
      encodable = true;
      open = false;
    }

    void receipt(String number, Instant at, int storeIndex) {
      closeReceipt();
      if (count == receipts) {
        complete = false;
        return;
      }
      count++;
      open = true;
      byte[] bytes = number.getBytes(StandardCharsets.UTF_8);
      if (storeIndex < 0 || !new String(bytes, StandardCharsets.UTF_8).equals(number)) {
        encodable = false;
      }
      int prefix = 0;
      while (prefix < bytes.length
          && prefix < previousNumber.length
          && bytes[prefix] == previousNumber[prefix]) {
        prefix++;
      }
      body.number(prefix);
      body.number(bytes.length - prefix);
      body.bytes(bytes, prefix, bytes.length - prefix);
      previousNumber = bytes;
      body.number(CompactBytes.zigzag(at.getEpochSecond() - previousSecond));
      body.number(at.getNano());
      previousSecond = at.getEpochSecond();
      store = storeIndex;
      lines.clear();
      lineCount = 0;
    }

    void line(int product, int quantity, BigDecimal amount) {
      if (!open) {
        return; // a receipt beyond those held
      }
      long unscaled;
      try {
        unscaled = amount.unscaledValue().longValueExact();
      } catch (ArithmeticException tooLarge) {
        unscaled = MAX_UNSCALED;
      }
      if (product < 0 || amount.scale() < 0 || amount.scale() > MAX_SCALE) {
        encodable = false;
      }
      if (unscaled >= MAX_UNSCALED || unscaled <= -MAX_UNSCALED) {
        encodable = false;
        unscaled = 0;
      }
      lines.number(Math.max(product, 0));
      lines.number(CompactBytes.zigzag(quantity));
      lines.number(
          (CompactBytes.zigzag(unscaled) << 4) | Math.max(0, Math.min(MAX_SCALE, amount.scale())));
      lineCount++;
    }

    private void closeReceipt() {
      if (!open) {
        return;
      }
      boolean sameStore = store == previousStore;
      body.number(((long) lineCount << 1) | (sameStore ? 1 : 0));
      if (!sameStore) {
        body.number(store);
      }
      body.append(lines);
      previousStore = store;
      open = false;
    }

    byte[] finish() {
      closeReceipt();
      if (!encodable) {
        return DATABASE;
      }
      CompactBytes.Writer whole = new CompactBytes.Writer(256);
      whole.number(((long) count << 1) | (complete ? 1 : 0));
      whole.append(body);
      return whole.toBytes();
    }
  }

  // ---------------------------------------------------------------- decoding

  /** The first {@code limit} receipts held, or all of them if fewer are held. */
  private static Decoded decode(byte[] bytes, int limit, Dictionary dictionary) {
    CompactBytes.Reader in = new CompactBytes.Reader(bytes);
    long header = in.number();
    int count = (int) (header >>> 1);
    boolean complete = (header & 1) != 0;
    int n = Math.min(limit, count);
    List<PurchaseRecord> records = new ArrayList<>(n);
    byte[] number = new byte[64];
    int numberLength = 0;
    long second = 0;
    int store = -1;
    for (int r = 0; r < n; r++) {
      int prefix = (int) in.number();
      int suffix = (int) in.number();
      if (prefix + suffix > number.length) {
        number = Arrays.copyOf(number, Math.max(number.length * 2, prefix + suffix));
      }
      in.bytes(number, prefix, suffix);
      numberLength = prefix + suffix;
      second += CompactBytes.unzigzag(in.number());
      int nanos = (int) in.number();
      long lineHeader = in.number();
      if ((lineHeader & 1) == 0) {
        store = (int) in.number();
      }
      int lineCount = (int) (lineHeader >>> 1);
      List<PurchasedItem> items = new ArrayList<>(lineCount);
      for (int l = 0; l < lineCount; l++) {
        int product = (int) in.number();
        int quantity = (int) CompactBytes.unzigzag(in.number());
        long amount = in.number();
        items.add(
            new PurchasedItem(
                dictionary.skus()[product],
                dictionary.categories()[product],
                quantity,
                BigDecimal.valueOf(
                    CompactBytes.unzigzag(amount >>> 4), (int) (amount & MAX_SCALE))));
      }
      records.add(
          new PurchaseRecord(
              new String(number, 0, numberLength, StandardCharsets.UTF_8),
              dictionary.storeCodes()[store],
              Instant.ofEpochSecond(second, nanos),
              items));
    }
    return new Decoded(count, complete, Collections.unmodifiableList(records));
  }
}
