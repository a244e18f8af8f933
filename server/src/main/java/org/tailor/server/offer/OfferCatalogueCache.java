package org.tailor.server.offer;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.plugin.CandidateOffer;
import org.tailor.server.persistence.Database;

/**
 * The active offers held in memory for the decision pipeline, so that a decision reads no offer
 * from the database and never waits for the catalogue to be read again, except as said below.
 *
 * <p>Reloads: a background thread ({@link #startRefreshing}, stopped by {@link #close}) reads the
 * catalogue every {@code maxAge} to see other servers' changes and budgets ({@link #refresh});
 * decisions meanwhile keep deciding with the catalogue they have, however long the read takes. A
 * reload that fails (the database is down) is logged, the decisions keep the previous catalogue and
 * the next period tries again; {@link #freshness} tells since when, for the {@code offers} health
 * check, and calls the catalogue overdue after {@value #OVERDUE_PERIODS} periods without a reload.
 *
 * <p>A change made through this server ({@link #invalidate}, called after an offer or campaign
 * change committed) is seen by the next decision on this server, on every thread: the first
 * decision after it reads the catalogue itself and the decisions that come meanwhile wait for that
 * read, which is the only read a decision ever waits for (with the very first one, when no decision
 * has a catalogue yet). A periodic reload that started before the change never stands in for it,
 * and one still running when the fresh catalogue is in place is thrown away. {@code invalidate}
 * itself reads nothing, so that many changes in a row (a script over the API) cost one read at the
 * next decision. If that read fails, so does the decision (it cannot show what this server was told
 * changed), and the next decision tries again.
 *
 * <p>A periodic reload that reads the same offers (equal {@link CatalogueEntry entries}) keeps the
 * offers shown per store and channel found from the last load, and only the budgets spent are new;
 * a reload after {@link #invalidate} finds them afresh. Offers with the same eligibility rule text
 * share one {@link EligibilityRule}, kept across reloads while some offer has that text, so that a
 * rule is compiled once.
 *
 * <p>Budgets: the discount already granted per budgeted offer is loaded with the catalogue and
 * increased by this server's redemptions at once ({@link #redeemed}), also when one commits while a
 * reload is under way (a reload adds those counted here since just before it read the budgets);
 * another server's redemptions are seen at the next reload. An offer stops being shown when its
 * budget is spent; coupons shown before that may still be redeemed.
 */
public final class OfferCatalogueCache implements AutoCloseable {

  /**
   * Periods of {@code maxAge} without a successful reload after which {@link #freshness} calls the
   * catalogue overdue.
   */
  public static final int OVERDUE_PERIODS = 6;

  /** The name of the background thread that reloads the catalogue. */
  public static final String REFRESHER_THREAD = "tailor-offer-catalogue";

  private static final Logger LOG = LoggerFactory.getLogger(OfferCatalogueCache.class);
  private static final long STOP_SECONDS = 10;

  private final Database database;
  private final Clock clock;
  private final Duration maxAge;
  private final Instant created;
  // Held by the decision that reads the catalogue after a change (or the first time), so that the
  // decisions meanwhile wait for that read; never by a periodic reload.
  private final ReentrantLock readingAfresh = new ReentrantLock();
  private final AtomicReference<Loaded> loaded = new AtomicReference<>();
  private final AtomicLong invalidations = new AtomicLong(); // changes made through this server
  private final AtomicLong loadsStarted = new AtomicLong();
  // This server's redemptions per offer since start, and the lock under which they are counted and
  // a read catalogue is put in place, so that one counted between a read of the budgets and its
  // publication is added to what that read found (it may not have seen it).
  private final Object counting = new Object();
  private final Map<Long, BigDecimal> redeemedHere = new HashMap<>(); // guarded by counting
  private volatile Optional<Failure> failing = Optional.empty(); // periodic reloads failing
  private ScheduledExecutorService refresher; // guarded by this
  private boolean closed; // guarded by this

  /**
   * A catalogue read at the first decision and after every {@link #invalidate}; periodically only
   * once {@link #startRefreshing} is called (or when {@link #refresh} is).
   *
   * @param maxAge how often the background thread reads the catalogue again
   */
  public OfferCatalogueCache(Database database, Clock clock, Duration maxAge) {
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException(
          "catalogue refresh period " + maxAge + ": expected more than zero");
    }
    this.database = database;
    this.clock = clock;
    this.maxAge = maxAge;
    this.created = clock.instant();
  }

  /**
   * Starts reading the catalogue again every {@code maxAge} on a daemon thread of its own ({@value
   * #REFRESHER_THREAD}), the first time at once, until {@link #close}. A thread of its own, not the
   * server's scheduler, so that a long report job cannot hold the catalogue back.
   */
  public synchronized void startRefreshing() {
    if (refresher != null || closed) {
      throw new IllegalStateException("the catalogue refresher was started already, or closed");
    }
    refresher =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, REFRESHER_THREAD);
              thread.setDaemon(true);
              return thread;
            });
    refresher.scheduleWithFixedDelay(this::refresh, 0, maxAge.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Stops the background reloads: a reload under way is let finish (up to {@value #STOP_SECONDS} s,
   * then left to a daemon thread), no other starts. Decisions keep the catalogue they have.
   */
  @Override
  public void close() {
    ScheduledExecutorService stopping;
    synchronized (this) {
      closed = true;
      stopping = refresher;
    }
    if (stopping == null) {
      return;
    }
    // not shutdownNow: an interrupt inside the database driver can break its connection (or an
    // embedded database's file) for the parts that close after this one
    stopping.shutdown();
    try {
      if (!stopping.awaitTermination(STOP_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn(
            "the offer catalogue was still being read {} s after stop was asked; closing anyway",
            STOP_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Makes the next decision read the catalogue again and find the offers shown in each store afresh
   * (an offer or campaign changed and committed); the decisions meanwhile wait for that read.
   */
  public void invalidate() {
    invalidations.incrementAndGet();
  }

  /**
   * The periodic reload: reads the catalogue now, on the calling thread, while decisions keep the
   * catalogue they have. A failure is logged and kept for {@link #freshness}; the previous
   * catalogue stays.
   */
  public void refresh() {
    try {
      publish(load(loaded.get(), invalidations.get()));
      Optional<Failure> recovered = failing;
      failing = Optional.empty();
      recovered.ifPresent(
          f ->
              LOG.info("the offer catalogue was read again after {} failed reloads", f.failures()));
    } catch (RuntimeException e) {
      Optional<Failure> before = failing;
      Failure now =
          before
              .map(f -> new Failure(f.since(), f.failures() + 1, describe(e)))
              .orElseGet(() -> new Failure(clock.instant(), 1, describe(e)));
      failing = Optional.of(now);
      synchronized (this) {
        if (closed) {
          return; // the database closes after the catalogue: nothing to report
        }
      }
      if (before.isEmpty()) {
        LOG.warn(
            "the offer catalogue could not be read; decisions keep the offers read before,"
                + " trying again every {} s",
            maxAge.toSeconds(),
            e);
      } else {
        LOG.warn(
            "the offer catalogue could not be read again ({} failures in a row): {}",
            now.failures(),
            now.lastError());
      }
    }
  }

  /**
   * When the catalogue decisions use was read, how many offers it holds, and whether the periodic
   * reloads fail and since when: overdue when it is older than {@value #OVERDUE_PERIODS} periods
   * (or none was read that long after this catalogue was made).
   */
  public Freshness freshness() {
    Loaded current = loaded.get();
    Instant now = clock.instant();
    Instant since = current == null ? created : current.loadedAt();
    boolean overdue = !now.isBefore(since.plus(maxAge.multipliedBy(OVERDUE_PERIODS)));
    Optional<Failure> failure = failing;
    return new Freshness(
        Optional.ofNullable(current).map(Loaded::loadedAt),
        current == null ? 0 : current.entries().size(),
        maxAge,
        overdue,
        failure.map(Failure::since),
        failure.map(Failure::lastError));
  }

  /**
   * What {@link #freshness} found.
   *
   * @param loadedAt when the catalogue decisions use was read (the clock's instant at the read's
   *     start); empty before the first
   * @param activeOffers the offers it holds (active and not yet ended when it was read)
   * @param period how often it is read again
   * @param overdue whether it is {@value #OVERDUE_PERIODS} periods old or more
   * @param failingSince when the first of the periodic reloads failing now failed
   * @param lastError what the last of them said
   */
  public record Freshness(
      Optional<Instant> loadedAt,
      int activeOffers,
      Duration period,
      boolean overdue,
      Optional<Instant> failingSince,
      Optional<String> lastError) {}

  private record Failure(Instant since, int failures, String lastError) {}

  /** The first line of what the deepest cause says, such as {@code Table "offer" not found;}. */
  private static String describe(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    if (message == null || message.isBlank()) {
      return cause.getClass().getSimpleName();
    }
    int lineEnd = message.indexOf('\n'); // a driver's message may quote the whole statement after
    return (lineEnd < 0 ? message : message.substring(0, lineEnd)).strip();
  }

  /**
   * Counts a redemption's discount, committed already, against its offer's budget at once; also in
   * a catalogue being read meanwhile, whose read of the budgets may have come too early to see it
   * (then it may be counted twice, erring towards showing a budgeted offer less, until the next
   * reload).
   */
  public void redeemed(long offerId, BigDecimal discount) {
    synchronized (counting) {
      redeemedHere.merge(offerId, discount, BigDecimal::add);
      Loaded current = loaded.get();
      if (current != null && current.spent.containsKey(offerId)) {
        current.spent.merge(offerId, discount, BigDecimal::add);
      }
    }
  }

  /** This server's redemptions so far of the offers {@code ids}, those without none left out. */
  private Map<Long, BigDecimal> redeemedHere(List<Long> ids) {
    Map<Long, BigDecimal> counted = new HashMap<>();
    synchronized (counting) {
      for (Long id : ids) {
        BigDecimal sum = redeemedHere.get(id);
        if (sum != null) {
          counted.put(id, sum);
        }
      }
    }
    return counted;
  }

  /**
   * Offers active at {@code at} in the store on the channel whose budget is not spent, ordered by
   * code.
   */
  public List<ActiveOffer> activeOffers(String storeCode, String channel, Instant at) {
    return active(storeCode, channel, at).offers();
  }

  /**
   * The {@linkplain #activeOffers active offers}, with what the catalogue load found of them:
   * whether their codes ascend as {@link String#compareTo} orders them, and their candidates.
   */
  public ActiveOffers active(String storeCode, String channel, Instant at) {
    Loaded current = current();
    Shown shown = current.shown(storeCode, channel, at);
    List<ActiveOffer> offers = shown.offers();
    int[] budgeted = shown.budgeted();
    Long[] budgetedIds = shown.budgetedIds();
    // only the budgeted offers are looked up; the list is copied only when one of them is spent
    List<ActiveOffer> active = null;
    int copied = 0; // offers before this index are in active, when it is made
    for (int b = 0; b < budgeted.length; b++) {
      int index = budgeted[b];
      if (isSpent(current, offers.get(index), budgetedIds[b])) {
        if (active == null) {
          active = new ArrayList<>(offers.size());
        }
        active.addAll(offers.subList(copied, index));
        copied = index + 1;
      }
    }
    if (active == null) {
      return shown.all();
    }
    active.addAll(offers.subList(copied, offers.size()));
    return new ActiveOffers(active, shown.all());
  }

  /**
   * Active offers of one decision, with what is known of them since the catalogue was loaded, so
   * that a decision need not find it again for each offer.
   */
  public static final class ActiveOffers {

    private final List<ActiveOffer> offers;
    private final boolean inCodeOrder;
    private final boolean mayHoldOut;
    private final List<ActiveOffer> shown;
    private final List<CandidateOffer> shownCandidates;
    private final Map<String, Integer> categoryNumbers;
    private final int[] shownCategories;
    private final int[] shownWithRule;

    private ActiveOffers(List<ActiveOffer> shown) {
      this.offers = shown;
      this.shown = shown;
      // List.of, not Stream.toList: a list that allows no null is what List.copyOf hands back
      // as it is, so that the scoring plugins' copy of it copies nothing at each decision
      this.shownCandidates =
          List.of(shown.stream().map(ActiveOffer::candidate).toArray(CandidateOffer[]::new));
      this.categoryNumbers = new HashMap<>();
      for (ActiveOffer offer : shown) {
        offer
            .category()
            .ifPresent(category -> categoryNumbers.putIfAbsent(category, categoryNumbers.size()));
      }
      this.shownCategories = categoryNumbersOf(shown);
      this.shownWithRule = withRuleIn(shown);
      boolean ascending = true;
      for (int i = 1; i < shown.size() && ascending; i++) {
        ascending = shown.get(i - 1).code().compareTo(shown.get(i).code()) < 0;
      }
      this.inCodeOrder = ascending;
      this.mayHoldOut =
          shown.stream()
              .anyMatch(o -> o.campaignCode().isPresent() && o.holdoutShare().signum() > 0);
    }

    /** Some of the offers of {@code all}, in their order. */
    private ActiveOffers(List<ActiveOffer> offers, ActiveOffers all) {
      this.offers = offers;
      this.shown = all.shown;
      this.shownCandidates = all.shownCandidates;
      this.categoryNumbers = all.categoryNumbers;
      this.shownCategories = all.shownCategories;
      this.shownWithRule = all.shownWithRule;
      this.inCodeOrder = all.inCodeOrder;
      this.mayHoldOut = all.mayHoldOut;
    }

    /** The offers, ordered by code. */
    public List<ActiveOffer> offers() {
      return offers;
    }

    /**
     * Whether the offers' codes ascend strictly as {@link String#compareTo} orders them (the
     * database's order by code may differ); so do those of any of them kept in their order.
     */
    public boolean inCodeOrder() {
      return inCodeOrder;
    }

    /**
     * Whether any of the offers is of a campaign that holds out a share of shoppers (above 0); if
     * none is, no shopper is held out of any.
     */
    public boolean mayHoldOut() {
      return mayHoldOut;
    }

    /**
     * The candidates of {@code some} of these offers (or of all), in their order, unmodifiable:
     * those made with the catalogue when they are all its offers shown here, else collected now.
     */
    public List<CandidateOffer> candidates(List<ActiveOffer> some) {
      if (some == shown) {
        return shownCandidates;
      }
      // as above: List.copyOf of it is itself
      return List.of(some.stream().map(ActiveOffer::candidate).toArray(CandidateOffer[]::new));
    }

    /**
     * The category of each of {@code some} of these offers (or of all), in their order, as a
     * number: the same for offers of the same category, -1 for a store-wide offer. Numbers, not
     * names, so that the ranking compares categories without reading a string of each offer. Found
     * with the catalogue when they are all its offers shown here, else now. Shared by the decisions
     * of the catalogue load: read it, never change it.
     */
    public int[] categoryNumbers(List<ActiveOffer> some) {
      return some == shown ? shownCategories : categoryNumbersOf(some);
    }

    /**
     * The positions in {@code some} of these offers (or in all) of those with an eligibility rule,
     * ascending: found with the catalogue when they are all its offers shown here, else now. Shared
     * by the decisions of the catalogue load: read it, never change it.
     */
    public int[] withEligibilityRule(List<ActiveOffer> some) {
      return some == shown ? shownWithRule : withRuleIn(some);
    }

    private int[] categoryNumbersOf(List<ActiveOffer> offers) {
      return categoryNumbers(offers, categoryNumbers);
    }

    /**
     * The category of each offer as a number, as {@link #categoryNumbers(List)} gives them: the
     * {@code known} number of a category, else one after them (the same for the same category), -1
     * for a store-wide offer.
     */
    public static int[] categoryNumbers(List<ActiveOffer> offers, Map<String, Integer> known) {
      int[] numbers = new int[offers.size()];
      Map<String, Integer> others = null; // categories not known, numbered after them
      for (int i = 0; i < numbers.length; i++) {
        Optional<String> category = offers.get(i).category();
        if (category.isEmpty()) {
          numbers[i] = -1;
          continue;
        }
        Integer number = known.get(category.get());
        if (number == null) {
          if (others == null) {
            others = new HashMap<>();
          }
          int next = known.size() + others.size();
          number = others.computeIfAbsent(category.get(), name -> next);
        }
        numbers[i] = number;
      }
      return numbers;
    }

    private static int[] withRuleIn(List<ActiveOffer> offers) {
      int count = 0;
      int[] positions = new int[offers.size()];
      for (int i = 0; i < positions.length; i++) {
        if (offers.get(i).eligibilityRule().isPresent()) {
          positions[count++] = i;
        }
      }
      return Arrays.copyOf(positions, count);
    }
  }

  /** Whether the offer's budget is spent; {@code id} is its id, boxed once per catalogue load. */
  private static boolean isSpent(Loaded loaded, ActiveOffer offer, Long id) {
    return offer.totalBudget().isPresent()
        && loaded.spent.getOrDefault(id, BigDecimal.ZERO).compareTo(offer.totalBudget().get()) >= 0;
  }

  /**
   * The catalogue a decision uses: the one loaded, unless this server changed an offer since it was
   * read (or none was read yet); then this thread reads it, or waits for the thread reading it.
   */
  private Loaded current() {
    Loaded current = loaded.get();
    if (current != null && current.invalidations() == invalidations.get()) {
      return current;
    }
    readingAfresh.lock();
    try {
      long seen = invalidations.get();
      Loaded latest = loaded.get();
      if (latest != null && latest.invalidations() == seen) {
        return latest; // read by the thread this one waited for
      }
      return publish(load(latest, seen));
    } finally {
      readingAfresh.unlock();
    }
  }

  /**
   * Puts {@code read} in place unless a read that saw more of this server's changes, or as many and
   * started later, is in place already; returns what is.
   */
  private Loaded publish(Loaded read) {
    synchronized (counting) {
      Loaded current = loaded.get();
      if (current != null
          && (current.invalidations() > read.invalidations()
              || (current.invalidations() == read.invalidations()
                  && current.sequence() > read.sequence()))) {
        return current;
      }
      // the redemptions counted here since just before the read of the budgets
      for (Map.Entry<Long, BigDecimal> spent : read.spent.entrySet()) {
        BigDecimal now = redeemedHere.get(spent.getKey());
        if (now != null) {
          BigDecimal since =
              now.subtract(read.redeemedBeforeRead.getOrDefault(spent.getKey(), BigDecimal.ZERO));
          if (since.signum() > 0) {
            spent.setValue(spent.getValue().add(since));
          }
        }
      }
      loaded.set(read); // under the lock, as every other change of what is loaded
      return read;
    }
  }

  /**
   * Reads the catalogue, having seen {@code invalidations} changes made through this server. The
   * shown offers found from the {@code prior} load are kept if it read the same entries, unless a
   * change was made since it was read; its eligibility rules are kept for the offers with the same
   * rule text either way.
   */
  private Loaded load(Loaded prior, long invalidations) {
    Optional<Loaded> previous = Optional.ofNullable(prior);
    boolean afresh = prior == null || prior.invalidations() != invalidations;
    long sequence = loadsStarted.incrementAndGet();
    Instant now = clock.instant();
    Map<String, EligibilityRule> rules = new HashMap<>();
    previous.ifPresent(
        last ->
            last.entries.forEach(
                entry ->
                    entry
                        .offer()
                        .eligibilityRule()
                        .ifPresent(rule -> rules.putIfAbsent(rule.source(), rule))));
    return database.read(
        session -> {
          List<CatalogueEntry> read =
              session
                  .createSelectionQuery(
                      "from Offer o left join fetch o.campaign where o.status = 'active'"
                          + " and o.validUntil > :now order by o.code",
                      Offer.class)
                  .setParameter("now", now)
                  .getResultList()
                  .stream()
                  .map(offer -> offer.catalogueEntry(rules))
                  .toList();
          Optional<Loaded> same =
              afresh ? Optional.empty() : previous.filter(last -> last.entries.equals(read));
          // the same offer instances as before, which the shown offers kept hold
          List<CatalogueEntry> entries = same.map(Loaded::entries).orElse(read);
          List<Long> budgeted =
              entries.stream()
                  .map(CatalogueEntry::offer)
                  .filter(o -> o.totalBudget().isPresent())
                  .map(ActiveOffer::id)
                  .toList();
          Map<Long, BigDecimal> spent = new ConcurrentHashMap<>();
          budgeted.forEach(id -> spent.put(id, BigDecimal.ZERO));
          Map<Long, BigDecimal> redeemedBeforeRead = redeemedHere(budgeted);
          if (!budgeted.isEmpty()) {
            session
                .createSelectionQuery(
                    "select r.offer.id, sum(r.discountAmount) from Redemption r"
                        + " where r.offer.id in :ids group by r.offer.id",
                    Object[].class)
                .setParameter("ids", budgeted)
                .getResultList()
                .forEach(row -> spent.put((Long) row[0], (BigDecimal) row[1]));
          }
          return same.map(
                  kept ->
                      new Loaded(
                          now,
                          invalidations,
                          sequence,
                          entries,
                          spent,
                          redeemedBeforeRead,
                          kept.shownByPlace))
              .orElseGet(
                  () ->
                      new Loaded(now, invalidations, sequence, entries, spent, redeemedBeforeRead));
        });
  }

  /**
   * A loaded catalogue, with the offers shown per store and channel remembered for the stretch of
   * time in which they stay the same (between two of the offers' and campaigns' start and end
   * instants), so that a decision does not test every offer's dates, stores and channels. Loads of
   * equal entries share the entries and the offers shown. {@code invalidations} counts this
   * server's changes seen before the read began; {@code sequence} orders the reads by their start;
   * {@code redeemedBeforeRead} holds this server's redemptions per budgeted offer counted just
   * before the budgets were read.
   */
  private record Loaded(
      Instant loadedAt,
      long invalidations,
      long sequence,
      List<CatalogueEntry> entries,
      Map<Long, BigDecimal> spent,
      Map<Long, BigDecimal> redeemedBeforeRead,
      Map<String, Shown> shownByPlace) {

    private static final int MAX_PLACES = 10_000;

    Loaded(
        Instant loadedAt,
        long invalidations,
        long sequence,
        List<CatalogueEntry> entries,
        Map<Long, BigDecimal> spent,
        Map<Long, BigDecimal> redeemedBeforeRead) {
      this(
          loadedAt,
          invalidations,
          sequence,
          entries,
          spent,
          redeemedBeforeRead,
          new ConcurrentHashMap<>());
    }

    Shown shown(String storeCode, String channel, Instant at) {
      String place = storeCode + '\u0000' + channel;
      Shown shown = shownByPlace.get(place);
      if (shown != null && shown.covers(at)) {
        return shown;
      }
      shown = Shown.of(entries, storeCode, channel, at);
      if (shownByPlace.size() >= MAX_PLACES) {
        shownByPlace.clear();
      }
      shownByPlace.put(place, shown);
      return shown;
    }
  }

  /**
   * The offers shown in one store on one channel at every instant of [{@code from}, {@code until}),
   * in code order, and the indexes of those with a budget (to be checked at each decision),
   * ascending.
   */
  private record Shown(
      Instant from,
      Instant until,
      List<ActiveOffer> offers,
      int[] budgeted,
      Long[] budgetedIds,
      ActiveOffers all) {

    Shown(Instant from, Instant until, List<ActiveOffer> offers, int[] budgeted) {
      this(
          from,
          until,
          offers,
          budgeted,
          Arrays.stream(budgeted).mapToObj(index -> offers.get(index).id()).toArray(Long[]::new),
          new ActiveOffers(offers));
    }

    boolean covers(Instant at) {
      return !at.isBefore(from) && at.isBefore(until);
    }

    static Shown of(List<CatalogueEntry> entries, String storeCode, String channel, Instant at) {
      List<ActiveOffer> offers = new ArrayList<>();
      List<Integer> budgeted = new ArrayList<>();
      Instant from = Instant.MIN;
      Instant until = Instant.MAX;
      for (CatalogueEntry entry : entries) {
        Instant lastChange = entry.lastChangeUpTo(at);
        from = lastChange.isAfter(from) ? lastChange : from;
        Instant nextChange = entry.nextChangeAfter(at);
        until = nextChange.isBefore(until) ? nextChange : until;
        if (entry.shownAt(storeCode, channel, at)) {
          if (entry.offer().totalBudget().isPresent()) {
            budgeted.add(offers.size());
          }
          offers.add(entry.offer());
        }
      }
      return new Shown(
          from,
          until,
          List.copyOf(offers),
          budgeted.stream().mapToInt(Integer::intValue).toArray());
    }
  }
}
