package org.tailor.server.decision;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.plugin.ShopperProfile;
import org.tailor.server.compact.CompactBytes;
import org.tailor.server.importer.EndedImports;
import org.tailor.server.importer.ImportKind;

/**
 * The decision facts of every shopper of the chain — profile, identifiers, attributes, preferred
 * categories, consents and redemptions per offer, what {@link ShopperFactsReader} reads — held in
 * memory, so that a decision for a shopper met for the first time in a long while reads nothing
 * from the database. Each shopper is one compact byte array (strings that repeat across shoppers,
 * such as languages, consent channels and attribute names, are numbered once), decoded per call.
 *
 * <p>Loaded in ranges of shopper ids by {@link #loadAll}, which the server runs in the background
 * at start: until a shopper is held, {@link #get} answers empty and the caller reads the database
 * (and hands what it read to {@link #keep}). At most {@code maxShoppers} are held; the others are
 * read from the database at every decision that misses the caller's own cache.
 *
 * <p>Freshness:
 *
 * <ul>
 *   <li>A change made through this server is announced with {@link #forget} after it committed; the
 *       shopper is read from the database at the next decision. A read that raced with such a
 *       change is not kept (as in {@link DecisionCache}).
 *   <li>Changes made elsewhere (another server, {@code tailor import} run as its own process) are
 *       found by {@link #refresh}, which reads the rows added since the refresh before the last one
 *       to the tables a change always adds a row to — consent events, redemptions, identifiers,
 *       shoppers — and reads those shoppers again (so a row committed up to one refresh period
 *       after it took its id is still seen). An import holds its rows uncommitted for as long as it
 *       runs, longer than that overlap, so an import that ended since the last refresh (found by
 *       {@link EndedImports}, also when it ends after one started later) has the refresh read again
 *       the shoppers of every row added to those tables since the refresh before the import started
 *       (consents, purchases: their new shoppers); a shopper import updates rows in place, which no
 *       such row shows, so it has every shopper read again, as has an import older than the marks
 *       kept ({@value #MARKS_KEPT_HOURS} h). Imports of stores, products and household members
 *       change nothing held here.
 *   <li>An import's start is recorded by the clock of the machine that ran it, so the marks used
 *       for it are those kept {@link #CLOCK_SLACK} before it by this clock: an import that started
 *       up to that long before a load can have rows below the load's marks that committed after the
 *       load read past them. Until the first marks kept are that old there are none, and an import
 *       that ended elsewhere has every shopper read again. An import through this server says when
 *       it is about to write ({@link #importWriting}, before its first row takes its id) and is
 *       read from the marks last kept before that, however soon after a load it ran.
 *   <li>{@link #reloadAll} (a shopper import made through this server ended) has the next refresh
 *       read every shopper again; until that read has ended, {@link #get} answers empty for
 *       everyone, so the caller reads the database and sees the import at once. After another
 *       import through this server, the caller runs {@link #refresh} itself before answering it.
 * </ul>
 */
public final class ResidentShopperFacts {

  private static final Logger LOG = LoggerFactory.getLogger(ResidentShopperFacts.class);

  /** Shoppers read by one statement while loading. */
  static final int RANGE = 10_000;

  private static final int PAGE_BITS = 16;
  private static final int PAGE_SIZE = 1 << PAGE_BITS;

  /** Shopper ids below 2^31 are held; larger ones are read from the database. */
  private static final int PAGES = 1 << (31 - PAGE_BITS);

  /** How many of this server's announced changes a racing read can check against. */
  private static final int FORGOTTEN = 1 << 14;

  /** How far back the first refresh after a load reads each table's ids. */
  private static final long OVERLAP = 10_000;

  /**
   * The tables a change to a shopper always adds a row to, each with the column naming the shopper:
   * a refresh reads the rows added since the refresh before the last.
   */
  private static final String[][] POLLED = {
    {"consent_event", "shopper_id"},
    {"redemption", "shopper_id"},
    {"shopper_identifier", "shopper_id"},
    {"shopper", "id"}
  };

  private static final int SHOPPER_TABLE = POLLED.length - 1;

  /** How long each refresh's marks are kept, for an import that ended to be read from. */
  static final int MARKS_KEPT_HOURS = 24;

  /**
   * How much earlier than its recorded start an ended import's rows are looked for: the start is
   * the importing machine's clock, the marks' times this one's. Not used for this server's imports
   * ({@link #importWriting}).
   */
  static final Duration CLOCK_SLACK = Duration.ofMinutes(5);

  /** What an import of one kind changes of the facts held here. */
  public enum ImportEffect {
    /** Nothing held here: stores, products, household members. */
    NOTHING,
    /** Only rows added to the polled tables, found from the marks before the import started. */
    ROWS_ADDED,
    /** Rows updated in place, which no polled row shows: every shopper is read again. */
    ROWS_UPDATED
  }

  /** What an import of {@code kind} changes of the facts held here. */
  public static ImportEffect effectOf(ImportKind kind) {
    return switch (kind) {
      case SHOPPERS -> ImportEffect.ROWS_UPDATED;
      case CONSENTS, PURCHASES -> ImportEffect.ROWS_ADDED; // consent events; new shoppers
      case STORES, PRODUCTS, HOUSEHOLD_MEMBERS -> ImportEffect.NOTHING;
    };
  }

  private final DataSource dataSource;
  private final ShopperFactsReader reader;
  private final long maxShoppers;
  private final Duration clockSlack;
  private final Strings strings = new Strings();
  private final AtomicReferenceArray<AtomicReferenceArray<byte[]>> pages =
      new AtomicReferenceArray<>(PAGES);
  private final AtomicLong held = new AtomicLong();
  private final AtomicLong loads = new AtomicLong();
  private final AtomicLong shoppersRead = new AtomicLong();
  private volatile boolean overBoundLogged;

  // this server's announced changes: a count and the ids of the latest, under forgottenLock
  private final Object forgottenLock = new Object();
  private long forgottenCount;
  private final long[] forgotten = new long[FORGOTTEN];

  // reloadAll asked (wanted) and reloads that ended, by the request they started after
  private final AtomicLong reloadsWanted = new AtomicLong();
  private final AtomicLong reloadsDone = new AtomicLong();
  private volatile boolean loaded;

  // refresh's own state, under this object's monitor
  private final long[] marks = new long[POLLED.length];
  private final long[] previousMarks = new long[POLLED.length];
  private final EndedImports endedImports = new EndedImports();
  private final ArrayDeque<MarksAt> marksKept = new ArrayDeque<>();

  /** The marks last kept (by a load or refresh), for {@link #importWriting}; null before any. */
  private volatile long[] latestMarks;

  /** This server's imports that began writing, by batch id: marks every row they write exceeds. */
  private final ConcurrentHashMap<Long, OwnImport> ownImports = new ConcurrentHashMap<>();

  /**
   * Marks taken before an import through this server wrote its first row, and when (by {@link
   * System#nanoTime}) that import began writing.
   */
  private record OwnImport(long[] marks, long since) {}

  /**
   * The marks of a load or refresh and a time after its reads: every row that takes its id after
   * {@code at} has a larger id.
   */
  private record MarksAt(Instant at, long[] marks) {}

  /**
   * @param maxShoppers the most shoppers held; the others are read from the database
   */
  public ResidentShopperFacts(DataSource dataSource, long maxShoppers) {
    this(dataSource, maxShoppers, CLOCK_SLACK);
  }

  /**
   * @param clockSlack how much earlier than its recorded start an ended import's rows are looked
   *     for ({@link #CLOCK_SLACK}; tests, whose imports are seconds after the load, give less)
   */
  ResidentShopperFacts(DataSource dataSource, long maxShoppers, Duration clockSlack) {
    this.dataSource = dataSource;
    this.reader = new ShopperFactsReader(dataSource);
    this.maxShoppers = maxShoppers;
    this.clockSlack = clockSlack;
  }

  /** Whether the first {@link #loadAll} has ended (shoppers added since are found by refresh). */
  public boolean isLoaded() {
    return loaded;
  }

  /** How many shoppers are held. */
  public long size() {
    return held.get();
  }

  /** How many times every shopper was read ({@link #loadAll}), for tests and metrics. */
  public long loads() {
    return loads.get();
  }

  /** How many shoppers the loads and refreshes read from the database, for tests and metrics. */
  public long shoppersRead() {
    return shoppersRead.get();
  }

  /** The bytes the held shoppers take (their arrays, not the pages that point at them). */
  public long bytes() {
    long bytes = 0;
    for (int p = 0; p < PAGES; p++) {
      AtomicReferenceArray<byte[]> page = pages.get(p);
      if (page != null) {
        for (int i = 0; i < PAGE_SIZE; i++) {
          byte[] facts = page.get(i);
          if (facts != null) {
            bytes += 16 + ((facts.length + 7) & ~7); // an array's header and padding
          }
        }
      }
    }
    return bytes;
  }

  /**
   * The shopper's facts as last read; empty when they are not held (not loaded yet, over the bound,
   * changed through this server since, or everyone is being read again after an import here).
   */
  Optional<ShopperFactsReader.Loaded> get(long shopperId) {
    if (reloadsDone.get() != reloadsWanted.get()) {
      return Optional.empty();
    }
    AtomicReferenceArray<byte[]> page = slot(shopperId, false);
    byte[] facts = page == null ? null : page.get(index(shopperId));
    return facts == null ? Optional.empty() : Optional.of(decode(shopperId, facts));
  }

  /** A mark to take before reading a shopper from the database, for {@link #keep}. */
  long mark() {
    synchronized (forgottenLock) {
      return forgottenCount;
    }
  }

  /**
   * Holds a shopper read from the database since {@code mark} was taken, unless this server
   * announced a change to them in between (the read may have missed it).
   */
  void keep(long shopperId, ShopperFactsReader.Loaded facts, long mark) {
    keepAll(Map.of(shopperId, facts), mark);
  }

  /** Forgets what is held of one shopper, after a change to them committed through this server. */
  public void forget(long shopperId) {
    synchronized (forgottenLock) {
      forgottenCount++;
      forgotten[(int) (forgottenCount % FORGOTTEN)] = shopperId;
    }
    AtomicReferenceArray<byte[]> page = slot(shopperId, false);
    if (page != null && page.getAndSet(index(shopperId), null) != null) {
      held.decrementAndGet();
    }
  }

  /**
   * Reads every shopper, {@value #RANGE} ids per statement, and holds them (those held already are
   * read again). Marks where {@link #refresh} starts first, so that nothing added meanwhile is
   * missed. A shopper read here and changed elsewhere meanwhile is read again within two refreshes.
   */
  public void loadAll() {
    long started = System.nanoTime();
    long last;
    synchronized (this) {
      try (Connection connection = dataSource.getConnection()) {
        for (int t = 0; t < POLLED.length; t++) {
          marks[t] = maxId(connection, POLLED[t][0]);
          // the next refresh also reads rows that took their ids before this and commit later
          previousMarks[t] = Math.max(0, marks[t] - OVERLAP);
        }
        for (EndedImports.Ended ended : endedImports.since(connection)) {
          ownImports.remove(ended.batchId()); // what has ended is read below
        }
        last = marks[SHOPPER_TABLE]; // shoppers added after this are found by refresh
        marksKept.clear();
        keepMarks();
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read where the shopper tables end", e);
      }
    }
    long read = 0;
    for (long from = 1; from <= last; from += RANGE) {
      long mark = mark();
      Map<Long, ShopperFactsReader.Loaded> range = reader.readRange(from, from + RANGE - 1);
      keepAll(range, mark);
      read += range.size();
      shoppersRead.addAndGet(range.size());
    }
    loaded = true;
    loads.incrementAndGet();
    LOG.info(
        "the decision facts of {} shoppers are held in memory ({} read, {} MB), loaded in {} ms",
        held.get(),
        read,
        bytes() / 1_000_000,
        (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * Asks the next {@link #refresh} to read every shopper again, after an import through this server
   * ended; until that read has ended, {@link #get} answers empty, so that the import is seen at
   * once (from the database).
   */
  public void reloadAll() {
    reloadsWanted.incrementAndGet();
  }

  /**
   * An import through this server is about to write its rows in batch {@code batchId}, not
   * committed yet: remembers the marks last kept, which every row it writes will exceed, so that
   * the refresh that finds it ended reads its rows from there. Without this, its rows are looked
   * for from the marks kept before its recorded start less the clock slack — none in the {@link
   * #CLOCK_SLACK} after a load, so every shopper would be read again; no slack is needed here, as
   * the marks were kept before this call, and the import's rows take their ids after it. Nothing is
   * remembered before the first load took its marks (the import may have rows below them).
   */
  public void importWriting(long batchId) {
    long[] latest = latestMarks;
    if (latest != null) {
      ownImports.put(batchId, new OwnImport(latest, System.nanoTime()));
    }
  }

  /**
   * Reads again the shoppers whose consents, redemptions or identifiers changed since the refresh
   * before the last one, and the shoppers added, and those of the rows of an import that ended
   * meanwhile; every shopper, if a shopper import ended meanwhile or {@link #reloadAll} asked, or
   * the first load has not ended (it failed).
   *
   * @return the ids of the shoppers read again, for the caller's own caches; empty when every
   *     shopper was read again ({@link RefreshResult#everyone})
   */
  public synchronized RefreshResult refresh() {
    long wanted = reloadsWanted.get();
    if (!loaded || reloadsDone.get() != wanted) {
      loadAll();
      reloadsDone.accumulateAndGet(wanted, Math::max);
      return new RefreshResult(true, Set.of());
    }
    Set<Long> changed = new HashSet<>();
    boolean everyone;
    List<String> endedMappings;
    try (Connection connection = dataSource.getConnection()) {
      List<EndedImports.Ended> ended = endedImports.since(connection);
      endedMappings = ended.stream().map(EndedImports.Ended::mappingName).distinct().toList();
      Optional<long[]> importsFrom = marksBefore(ended);
      everyone = importsFrom.isEmpty();
      if (!everyone) {
        readChanged(connection, importsFrom.get(), changed);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read which shoppers changed", e);
    }
    if (everyone) {
      LOG.info("an import ended ({}); reading every shopper's decision facts again", endedMappings);
      loadAll();
      return new RefreshResult(true, Set.of());
    }
    if (!changed.isEmpty()) {
      long mark = mark();
      Map<Long, ShopperFactsReader.Loaded> read = reader.readAll(changed);
      shoppersRead.addAndGet(read.size());
      keepAll(read, mark);
      // a shopper nobody has any more is not held
      for (long id : changed) {
        if (!read.containsKey(id)) {
          forget(id);
        }
      }
    }
    return new RefreshResult(false, changed);
  }

  /**
   * Adds to {@code changed} the shoppers of the rows added to the polled tables since the refresh
   * before the last, or since {@code importsFrom} where that is earlier; moves the marks on.
   */
  private void readChanged(Connection connection, long[] importsFrom, Set<Long> changed)
      throws SQLException {
    for (int t = 0; t < POLLED.length; t++) {
      long from = Math.min(previousMarks[t], importsFrom[t]);
      previousMarks[t] = marks[t];
      marks[t] =
          Math.max(
              marks[t], changedShoppers(connection, POLLED[t][0], POLLED[t][1], from, changed));
    }
    keepMarks();
  }

  /**
   * What a {@link #refresh} read again.
   *
   * @param everyone whether every shopper was read again (a shopper import ended)
   * @param shopperIds the shoppers read again, when not everyone was
   */
  public record RefreshResult(boolean everyone, Set<Long> shopperIds) {}

  /**
   * What an import that ended changed here; an unknown kind is taken to have changed everything.
   */
  private static ImportEffect effectOf(EndedImports.Ended batch) {
    return batch.kind().map(ResidentShopperFacts::effectOf).orElse(ImportEffect.ROWS_UPDATED);
  }

  /**
   * Where to read the polled tables from so that the rows of the imports that ended are read: for
   * this server's, the marks kept before they began writing ({@link #importWriting}); for the
   * others, the marks kept from before the earliest of them started, less the clock slack; none
   * (every shopper is read again) for a shopper import, an unknown kind or another process's import
   * older than the marks kept (or started less than the clock slack after the first marks kept).
   */
  private Optional<long[]> marksBefore(List<EndedImports.Ended> ended) {
    long[] from = new long[POLLED.length];
    Arrays.fill(from, Long.MAX_VALUE);
    Map<Long, OwnImport> own = new HashMap<>();
    for (EndedImports.Ended batch : ended) {
      OwnImport mine = ownImports.remove(batch.batchId());
      if (mine != null) {
        own.put(batch.batchId(), mine);
      }
    }
    Instant earliest = null;
    for (EndedImports.Ended batch : ended) {
      switch (effectOf(batch)) {
        case ROWS_UPDATED -> {
          return Optional.empty();
        }
        case ROWS_ADDED -> {
          OwnImport mine = own.get(batch.batchId());
          if (mine != null) {
            lower(from, mine.marks()); // this server's: its rows exceed the marks it took
          } else if (earliest == null || batch.startedAt().isBefore(earliest)) {
            earliest = batch.startedAt();
          }
        }
        case NOTHING -> {
          // nothing to read
        }
      }
    }
    if (earliest == null) {
      return Optional.of(from);
    }
    // another process's: its start is by its clock, the marks' times by this one's
    Instant before = earliest.minus(clockSlack);
    MarksAt found = null;
    for (MarksAt kept : marksKept) { // oldest first
      if (kept.at().isAfter(before)) {
        break;
      }
      found = kept;
    }
    if (found == null) {
      return Optional.empty();
    }
    lower(from, found.marks());
    return Optional.of(from);
  }

  private static void lower(long[] marks, long[] to) {
    for (int t = 0; t < marks.length; t++) {
      marks[t] = Math.min(marks[t], to[t]);
    }
  }

  /** Keeps the marks just taken, and drops those older than {@value #MARKS_KEPT_HOURS} h. */
  private void keepMarks() {
    Instant now = Instant.now();
    long[] kept = marks.clone();
    marksKept.addLast(new MarksAt(now, kept));
    latestMarks = kept;
    // an import of this server that never ended (rolled back) is forgotten after as long
    long nanos = System.nanoTime();
    ownImports
        .values()
        .removeIf(i -> nanos - i.since() > Duration.ofHours(MARKS_KEPT_HOURS).toNanos());
    Instant oldest = now.minus(Duration.ofHours(MARKS_KEPT_HOURS));
    // keep one from before the day, so that an import started just inside it is still covered
    while (marksKept.size() > 1) {
      MarksAt first = marksKept.removeFirst();
      if (marksKept.getFirst().at().isAfter(oldest)) {
        marksKept.addFirst(first);
        break;
      }
    }
  }

  private static long changedShoppers(
      Connection connection, String table, String shopperColumn, long from, Set<Long> changed)
      throws SQLException {
    long max = from;
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT id, " + shopperColumn + " FROM " + table + " WHERE id > ? ORDER BY id")) {
      statement.setLong(1, from);
      statement.setFetchSize(10_000);
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          max = Math.max(max, row.getLong(1));
          long shopperId = row.getLong(2);
          if (!row.wasNull()) {
            changed.add(shopperId);
          }
        }
      }
    }
    return max;
  }

  private static long maxId(Connection connection, String table) throws SQLException {
    try (PreparedStatement statement =
            connection.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM " + table);
        ResultSet row = statement.executeQuery()) {
      row.next();
      return row.getLong(1);
    }
  }

  /**
   * Holds what was read since {@code mark}, then lets go of the shoppers this server announced a
   * change to meanwhile (or of all of it, if more changes were announced than are remembered).
   */
  private void keepAll(Map<Long, ShopperFactsReader.Loaded> read, long mark) {
    Map<Long, byte[]> kept = new HashMap<>();
    for (Map.Entry<Long, ShopperFactsReader.Loaded> entry : read.entrySet()) {
      long id = entry.getKey();
      AtomicReferenceArray<byte[]> page = slot(id, true);
      if (page == null) {
        continue;
      }
      byte[] facts = encode(entry.getValue());
      int i = index(id);
      byte[] before = page.getAndSet(i, facts);
      if (before == null && held.incrementAndGet() > maxShoppers) {
        // over the bound: give the place back
        if (page.compareAndSet(i, facts, null)) {
          held.decrementAndGet();
        }
        if (!overBoundLogged) {
          overBoundLogged = true;
          LOG.warn(
              "more than {} shoppers (tailor.decisions.resident.shoppers): the others' decision"
                  + " facts are read from the database",
              maxShoppers);
        }
        continue;
      }
      kept.put(id, facts);
    }
    long[] changedSince;
    synchronized (forgottenLock) {
      long count = forgottenCount - mark;
      if (count > FORGOTTEN) {
        changedSince = null;
      } else {
        changedSince = new long[(int) count];
        for (int k = 0; k < count; k++) {
          changedSince[k] = forgotten[(int) ((mark + 1 + k) % FORGOTTEN)];
        }
      }
    }
    if (changedSince == null) {
      kept.forEach(this::letGo);
    } else {
      for (long id : changedSince) {
        byte[] facts = kept.get(id);
        if (facts != null) {
          letGo(id, facts);
        }
      }
    }
  }

  private void letGo(long id, byte[] facts) {
    AtomicReferenceArray<byte[]> page = slot(id, false);
    if (page != null && page.compareAndSet(index(id), facts, null)) {
      held.decrementAndGet();
    }
  }

  private AtomicReferenceArray<byte[]> slot(long shopperId, boolean create) {
    if (shopperId < 0 || shopperId >= (long) PAGES * PAGE_SIZE) {
      return null;
    }
    int p = (int) (shopperId >>> PAGE_BITS);
    AtomicReferenceArray<byte[]> page = pages.get(p);
    if (page == null && create) {
      pages.compareAndSet(p, null, new AtomicReferenceArray<>(PAGE_SIZE));
      page = pages.get(p);
    }
    return page;
  }

  private static int index(long shopperId) {
    return (int) (shopperId & (PAGE_SIZE - 1));
  }

  // ---- the compact form ----

  byte[] encode(ShopperFactsReader.Loaded loaded) {
    DecisionCache.ShopperFacts facts = loaded.facts();
    ShopperProfile profile = facts.profile();
    CompactBytes.Writer out = new CompactBytes.Writer();
    out.text(profile.loyaltyId());
    if (profile.firstName().isPresent()) {
      out.number(1);
      out.text(profile.firstName().get());
    } else {
      out.number(0);
    }
    out.number(strings.code(profile.language()));
    out.number(profile.birthday().map(d -> d.toEpochDay() - Integer.MIN_VALUE + 1).orElse(0L));
    out.number(loaded.identifiers().size());
    for (String identifier : loaded.identifiers()) {
      int zero = identifier.indexOf('\u0000');
      out.number(strings.code(identifier.substring(0, zero)));
      out.text(identifier.substring(zero + 1));
    }
    out.number(profile.attributes().size());
    profile
        .attributes()
        .forEach(
            (name, value) -> {
              out.number(strings.code(name));
              out.text(value);
            });
    out.number(profile.preferredCategories().size());
    for (String category : profile.preferredCategories()) {
      out.number(strings.code(category));
    }
    out.number(facts.consents().size());
    facts
        .consents()
        .forEach(
            (channel, statuses) -> {
              out.number(strings.code(channel));
              out.number(statuses.size());
              statuses.forEach(
                  (purpose, status) -> {
                    out.number(strings.code(purpose));
                    out.number(strings.code(status));
                  });
            });
    out.number(facts.redemptions().size());
    facts
        .redemptions()
        .forEach(
            (offerId, count) -> {
              out.number(offerId);
              out.number(count);
            });
    return out.toBytes();
  }

  ShopperFactsReader.Loaded decode(long shopperId, byte[] facts) {
    CompactBytes.Reader in = new CompactBytes.Reader(facts);
    String loyaltyId = in.text();
    Optional<String> firstName = in.number() == 1 ? Optional.of(in.text()) : Optional.empty();
    String language = strings.of(in.number());
    long day = in.number();
    Optional<LocalDate> birthday =
        day == 0
            ? Optional.empty()
            : Optional.of(LocalDate.ofEpochDay(day - 1 + Integer.MIN_VALUE));
    int identifierCount = (int) in.number();
    Set<String> identifiers = new HashSet<>(identifierCount * 2);
    for (int k = 0; k < identifierCount; k++) {
      String kind = strings.of(in.number());
      identifiers.add(kind + '\u0000' + in.text());
    }
    int attributeCount = (int) in.number();
    Map<String, String> attributes = new HashMap<>(attributeCount * 2);
    for (int k = 0; k < attributeCount; k++) {
      String name = strings.of(in.number());
      attributes.put(name, in.text());
    }
    int preferenceCount = (int) in.number();
    List<String> preferences = new ArrayList<>(preferenceCount);
    for (int k = 0; k < preferenceCount; k++) {
      preferences.add(strings.of(in.number()));
    }
    int channelCount = (int) in.number();
    Map<String, Map<String, String>> consents = new HashMap<>(channelCount * 2);
    for (int k = 0; k < channelCount; k++) {
      String channel = strings.of(in.number());
      int purposeCount = (int) in.number();
      Map<String, String> statuses = new HashMap<>(purposeCount * 2);
      for (int q = 0; q < purposeCount; q++) {
        String purpose = strings.of(in.number());
        statuses.put(purpose, strings.of(in.number()));
      }
      consents.put(channel, statuses);
    }
    int redemptionCount = (int) in.number();
    Map<Long, Long> redemptions = new HashMap<>(redemptionCount * 2);
    for (int k = 0; k < redemptionCount; k++) {
      long offerId = in.number();
      redemptions.put(offerId, in.number());
    }
    ShopperProfile profile =
        new ShopperProfile(loyaltyId, firstName, language, birthday, preferences, attributes);
    return new ShopperFactsReader.Loaded(
        new DecisionCache.ShopperFacts(shopperId, profile, consents, redemptions),
        Set.copyOf(identifiers));
  }

  /** Strings that repeat across shoppers, numbered once; a number is never reused. */
  private static final class Strings {
    private final Map<String, Integer> codes = new ConcurrentHashMap<>();
    private volatile String[] byCode = new String[64];
    private int size;

    int code(String value) {
      Integer code = codes.get(value);
      return code != null ? code : add(value);
    }

    private synchronized int add(String value) {
      Integer code = codes.get(value);
      if (code != null) {
        return code;
      }
      String[] all = byCode;
      if (size == all.length) {
        all = Arrays.copyOf(all, all.length * 2);
      }
      all[size] = value;
      byCode = all; // published before the number is handed out
      codes.put(value, size);
      return size++;
    }

    String of(long code) {
      return byCode[(int) code];
    }
  }
}
