package org.tailor.server.purchase;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.tailor.plugin.host.PurchaseHistory;
import org.tailor.plugin.host.PurchaseRecord;

/**
 * A shopper's recent purchases held in memory for the scoring plugins, which ask for them at every
 * decision (the history and value plugins both do): a shopper decided for lately costs no database
 * read. Dropped by {@link #purchasesChanged} after this server imported purchases or shoppers, and
 * at most {@code maxAge} after loading, the bound on how late a purchase recorded elsewhere
 * (another server, {@code tailor import} run as its own process) is seen. Holds at most {@code
 * maxShoppers} shoppers, the least used dropped first.
 *
 * <p>In the server it answers for the shoppers {@link ResidentPurchases} does not hold (not loaded
 * yet, beyond its bound, changed and waiting for its refresh, or asked for more receipts than it
 * holds of a longer history); it is the whole history when that is turned off.
 */
public final class CachedPurchaseHistory implements PurchaseHistory {

  /** The receipts loaded for a shopper, and the limit they were loaded with. */
  private record Loaded(int limit, List<PurchaseRecord> purchases) {}

  private final PurchaseHistory source;
  private final Cache<String, Loaded> shoppers;
  private final AtomicLong changes = new AtomicLong();

  public CachedPurchaseHistory(PurchaseHistory source, Duration maxAge, long maxShoppers) {
    this.source = source;
    // upkeep on the writing thread, as DecisionCache's shoppers: no common pool worker woken per
    // miss
    this.shoppers =
        Caffeine.newBuilder()
            .executor(Runnable::run)
            .maximumSize(maxShoppers)
            .expireAfterWrite(maxAge)
            .build();
  }

  @Override
  public List<PurchaseRecord> recentPurchases(String loyaltyId, int limit) {
    if (limit < 1 || loyaltyId == null) {
      return source.recentPurchases(loyaltyId, limit);
    }
    Loaded held = shoppers.getIfPresent(loyaltyId);
    // A list shorter than the limit it was loaded with is the shopper's whole history.
    if (held != null && (limit <= held.limit() || held.purchases().size() < held.limit())) {
      return held.purchases().size() <= limit
          ? held.purchases()
          : held.purchases().subList(0, limit);
    }
    long seen = changes.get();
    List<PurchaseRecord> loaded = List.copyOf(source.recentPurchases(loyaltyId, limit));
    shoppers.put(loyaltyId, new Loaded(limit, loaded));
    if (changes.get() != seen) {
      shoppers.invalidate(loyaltyId); // a change may have committed after the read
    }
    return loaded;
  }

  /** Drops every shopper's purchases, after purchases or shoppers were imported. */
  public void purchasesChanged() {
    changes.incrementAndGet();
    shoppers.invalidateAll();
  }
}
