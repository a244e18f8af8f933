package org.tailor.server.access;

import java.util.Set;
import java.util.TreeSet;

/**
 * The stores a signed-in person may see: all of them, or a fixed set of {@code store.id}s (possibly
 * empty, for a regional manager of a region with no stores yet).
 *
 * @param everyStore whether every store is visible
 * @param storeIds the visible stores when not {@code everyStore}
 */
public record StoreScope(boolean everyStore, Set<Long> storeIds) {

  public StoreScope {
    storeIds = Set.copyOf(new TreeSet<>(storeIds));
    if (everyStore && !storeIds.isEmpty()) {
      throw new IllegalArgumentException("a scope of every store lists no stores");
    }
  }

  public static StoreScope all() {
    return new StoreScope(true, Set.of());
  }

  public static StoreScope of(Set<Long> storeIds) {
    return new StoreScope(false, storeIds);
  }

  public boolean includes(long storeId) {
    return everyStore || storeIds.contains(storeId);
  }
}
