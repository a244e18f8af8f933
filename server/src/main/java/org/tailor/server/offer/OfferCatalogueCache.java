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
import java.util.concurrent.locks.ReentrantLock;
import org.tailor.plugin.CandidateOffer;
import org.tailor.server.persistence.Database;

/**
 * The active offers held in memory for the decision pipeline, so that a decision reads no offer
 * from the database. Reloaded when this server changes an offer or campaign ({@link #invalidate}),
 * and at least every {@code maxAge} to see other servers' changes and budgets. While one thread
 * reloads, the others keep deciding with the previous catalogue. A periodic reload that reads the
 * same offers (equal {@link CatalogueEntry entries}) keeps the offers shown per store and channel
 * found from the last load, and only the budgets spent are new; a reload after {@link #invalidate}
 * finds them afresh. Offers with the same eligibility rule text share one {@link EligibilityRule},
 * kept across reloads while some offer has that text, so that a rule is compiled once.
 *
 * <p>Budgets: the discount already granted per budgeted offer is loaded with the catalogue and
 * increased by this server's redemptions at once ({@link #redeemed}); another server's redemptions
 * are seen at the next reload. An offer stops being shown when its budget is spent; coupons shown
 * before that may still be redeemed.
 */
public final class OfferCatalogueCache {

  private final Database database;
  private final Clock clock;
  private final Duration maxAge;
  private final ReentrantLock reloading = new ReentrantLock();
  private volatile Loaded loaded;
  private volatile boolean stale = true; // invalidated, or never loaded: reload afresh

  public OfferCatalogueCache(Database database, Clock clock, Duration maxAge) {
    this.database = database;
    this.clock = clock;
    this.maxAge = maxAge;
  }

  /**
   * Makes the next call reload the catalogue and find the offers shown in each store afresh (an
   * offer or campaign changed).
   */
  public void invalidate() {
    stale = true;
  }

  /** Counts a redemption's discount against its offer's budget at once. */
  public void redeemed(long offerId, BigDecimal discount) {
    Loaded current = loaded;
    if (current != null && current.spent.containsKey(offerId)) {
      current.spent.merge(offerId, discount, BigDecimal::add);
    }
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

  private Loaded current() {
    Loaded current = loaded;
    Instant now = clock.instant();
    boolean fresh = current != null && !stale && now.isBefore(current.loadedAt.plus(maxAge));
    if (fresh) {
      return current;
    }
    if (current != null && !reloading.tryLock()) {
      return current; // another thread is reloading
    }
    if (current == null) {
      reloading.lock();
    }
    try {
      Loaded latest = loaded;
      if (latest != current && latest != null && !stale) {
        return latest;
      }
      boolean afresh = stale;
      stale = false;
      Loaded reloaded = load(now, Optional.ofNullable(latest), afresh);
      loaded = reloaded;
      return reloaded;
    } catch (RuntimeException e) {
      stale = true;
      throw e;
    } finally {
      reloading.unlock();
    }
  }

  /**
   * Reads the catalogue. The shown offers found from the {@code previous} load are kept if it read
   * the same entries, unless {@code afresh}; its eligibility rules are kept for the offers with the
   * same rule text either way.
   */
  private Loaded load(Instant now, Optional<Loaded> previous, boolean afresh) {
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
          return same.map(last -> new Loaded(now, entries, spent, last.shownByPlace))
              .orElseGet(() -> new Loaded(now, entries, spent));
        });
  }

  /**
   * A loaded catalogue, with the offers shown per store and channel remembered for the stretch of
   * time in which they stay the same (between two of the offers' and campaigns' start and end
   * instants), so that a decision does not test every offer's dates, stores and channels. Loads of
   * equal entries share the entries and the offers shown.
   */
  private record Loaded(
      Instant loadedAt,
      List<CatalogueEntry> entries,
      Map<Long, BigDecimal> spent,
      Map<String, Shown> shownByPlace) {

    private static final int MAX_PLACES = 10_000;

    Loaded(Instant loadedAt, List<CatalogueEntry> entries, Map<Long, BigDecimal> spent) {
      this(loadedAt, entries, spent, new ConcurrentHashMap<>());
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
