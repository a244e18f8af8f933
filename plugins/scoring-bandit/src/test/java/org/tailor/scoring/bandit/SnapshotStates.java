package org.tailor.scoring.bandit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.ShopperProfile;
import org.tailor.plugin.host.PresentationEvent;
import org.tailor.plugin.host.RedemptionEvent;
import org.tailor.plugin.host.ShownOffer;

/**
 * A learner with a made-up but chain-like history, for snapshot tests and {@link
 * SnapshotSizeReport}: shoppers of several tiers and liked categories, newcomers, a few stores and
 * channels, every hour of a week, three offers shown a presentation and one in ten redeemed.
 */
final class SnapshotStates {

  private static final Instant MONDAY = Instant.parse("2025-03-03T00:00:00Z");
  private static final String[] CATEGORIES = {
    "coffee", "tea", "juice", "bakery", "dairy", "meat", "fish", "fruit", "wine", "snacks"
  };

  private SnapshotStates() {}

  static BanditLearner learned(int offers, int presentations, long seed) {
    BanditLearner learner = new BanditLearner(BanditSettings.defaults());
    SplittableRandom random = new SplittableRandom(seed);
    for (int p = 0; p < presentations; p++) {
      String id = "p" + p;
      List<ShownOffer> shown = new ArrayList<>(3);
      for (int rank = 1; rank <= 3; rank++) {
        shown.add(new ShownOffer("offer-" + random.nextInt(offers), rank, 0.5, "test"));
      }
      if (shown.stream().map(ShownOffer::offerCode).distinct().count() < 3) {
        continue;
      }
      learner.presented(new PresentationEvent(id, context(random), false, shown));
      if (random.nextInt(10) == 0) {
        String offer = shown.get(random.nextInt(3)).offerCode();
        learner.redeemed(
            new RedemptionEvent("m" + p, Optional.of(id), offer, MONDAY.plusSeconds(p)));
      }
    }
    return learner;
  }

  static DecisionContext context(SplittableRandom random) {
    Instant at = MONDAY.plusSeconds(random.nextLong(7 * 24 * 3600));
    String store = "S-" + random.nextInt(20);
    String channel = random.nextBoolean() ? "kiosk" : "till";
    if (random.nextInt(4) == 0) {
      return new DecisionContext(Optional.empty(), store, Optional.empty(), channel, at);
    }
    int liked = random.nextInt(CATEGORIES.length);
    ShopperProfile shopper =
        new ShopperProfile(
            "L-" + random.nextInt(1_000_000),
            Optional.empty(),
            "es",
            Optional.empty(),
            List.of(CATEGORIES[liked], CATEGORIES[(liked + 1 + random.nextInt(9)) % 10]),
            Map.of("valueTier", String.valueOf(1 + random.nextInt(5))));
    return new DecisionContext(Optional.of(shopper), store, Optional.of("K-1"), channel, at);
  }
}
