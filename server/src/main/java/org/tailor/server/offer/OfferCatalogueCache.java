package org.tailor.server.offer;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.tailor.server.persistence.Database;

/**
 * The active offers held in memory for the decision pipeline, so that a decision reads no offer
 * from the database. Reloaded when this server changes an offer or campaign ({@link #invalidate}),
 * and at least every {@code maxAge} to see other servers' changes. While one thread reloads, the
 * others keep deciding with the previous catalogue.
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
  private volatile boolean stale = true;

  public OfferCatalogueCache(Database database, Clock clock, Duration maxAge) {
    this.database = database;
    this.clock = clock;
    this.maxAge = maxAge;
  }

  /** Makes the next call reload the catalogue. */
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
    Loaded current = current();
    List<ActiveOffer> active = new ArrayList<>();
    for (CatalogueEntry entry : current.entries) {
      if (entry.shownAt(storeCode, channel, at) && !isSpent(current, entry.offer())) {
        active.add(entry.offer());
      }
    }
    return active;
  }

  private static boolean isSpent(Loaded loaded, ActiveOffer offer) {
    return offer.totalBudget().isPresent()
        && loaded
                .spent
                .getOrDefault(offer.id(), BigDecimal.ZERO)
                .compareTo(offer.totalBudget().get())
            >= 0;
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
      if (loaded != current && loaded != null && !stale) {
        return loaded;
      }
      stale = false;
      Loaded reloaded = load(now);
      loaded = reloaded;
      return reloaded;
    } catch (RuntimeException e) {
      stale = true;
      throw e;
    } finally {
      reloading.unlock();
    }
  }

  private Loaded load(Instant now) {
    return database.read(
        session -> {
          List<CatalogueEntry> entries =
              session
                  .createSelectionQuery(
                      "from Offer o left join fetch o.campaign where o.status = 'active'"
                          + " and o.validUntil > :now order by o.code",
                      Offer.class)
                  .setParameter("now", now)
                  .getResultList()
                  .stream()
                  .map(Offer::catalogueEntry)
                  .toList();
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
          return new Loaded(now, entries, spent);
        });
  }

  private record Loaded(
      Instant loadedAt, List<CatalogueEntry> entries, Map<Long, BigDecimal> spent) {}
}
