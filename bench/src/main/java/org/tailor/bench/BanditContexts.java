package org.tailor.bench;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.ShopperProfile;

/**
 * Random decision contexts for the bandit benchmarks: a moment in one week from {@link #MONDAY},
 * one of {@code stores} stores, and a kiosk; one in four a newcomer, the others a known shopper who
 * declared two of {@code categories} categories and holds a value tier from 1 to 5.
 */
final class BanditContexts {

  static final Instant MONDAY = Instant.parse("2026-03-02T00:00:00Z");

  private BanditContexts() {}

  static DecisionContext random(SplittableRandom random, int stores, int categories) {
    Instant at = MONDAY.plusSeconds(random.nextLong(7 * 24 * 3600));
    String store = "S-" + random.nextInt(stores);
    if (random.nextInt(4) == 0) {
      return new DecisionContext(Optional.empty(), store, Optional.empty(), "kiosk", at);
    }
    int liked = random.nextInt(categories);
    ShopperProfile shopper =
        new ShopperProfile(
            "L-" + random.nextInt(100_000),
            Optional.empty(),
            "es",
            Optional.empty(),
            List.of("cat-" + liked, "cat-" + (liked + 1) % categories),
            Map.of("valueTier", String.valueOf(1 + random.nextInt(5))));
    return new DecisionContext(Optional.of(shopper), store, Optional.of("K-1"), "kiosk", at);
  }
}
