package org.tailor.scoring.bandit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.ShopperProfile;

/**
 * The features of a context are those the first implementation made (a sorted set of boxed indexes,
 * the situation's name made per context), for contexts of every kind: newcomers, tiers with spaces,
 * empty and dash tiers, declared categories in any case and order.
 */
class ContextFeaturesTest {

  private static final ZoneId ZONE = ZoneId.of("Europe/Madrid");
  private static final String[] TIERS = {null, "", "  ", "-", "gold", " silver ", "Gold", "3"};
  private static final String[] CATEGORIES = {
    "tea", "Coffee", " coffee ", "food/dairy", "FOOD", "", "bakery", "juice/orange", "wine"
  };
  private static final String[] CHANNELS = {"kiosk", "KIOSK", "email", "app", "Receipt"};

  @Test
  void featuresAreThoseOfTheFirstImplementation() {
    SplittableRandom random = new SplittableRandom(11);
    for (int c = 0; c < 2_000; c++) {
      DecisionContext context = context(random);

      ContextFeatures features = ContextFeatures.of(context, ZONE, "valueTier");

      assertThat(features.active()).as("context %s", context).isEqualTo(referenceActive(context));
      assertThat(features.situation()).isEqualTo(referenceSituation(context));
      for (String offer : CATEGORIES) {
        assertThat(features.likes(Optional.of(offer)))
            .as("likes %s in %s", offer, context)
            .isEqualTo(referenceLikes(context, offer));
      }
      assertThat(features.likesAny()).isEqualTo(!referenceLiked(context).isEmpty());
    }
  }

  private static DecisionContext context(SplittableRandom random) {
    Instant at = Instant.parse("2026-03-01T00:00:00Z").plusSeconds(random.nextLong(400 * 86_400L));
    String store = "S-" + random.nextInt(300);
    String channel = CHANNELS[random.nextInt(CHANNELS.length)];
    if (random.nextInt(4) == 0) {
      return new DecisionContext(Optional.empty(), store, Optional.empty(), channel, at);
    }
    Map<String, String> attributes = new HashMap<>();
    String tier = TIERS[random.nextInt(TIERS.length)];
    if (tier != null) {
      attributes.put("valueTier", tier);
    }
    List<String> preferred = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      preferred.add(CATEGORIES[random.nextInt(CATEGORIES.length)]);
    }
    ShopperProfile shopper =
        new ShopperProfile(
            "L-" + random.nextInt(1_000),
            Optional.empty(),
            "es",
            Optional.empty(),
            preferred,
            attributes);
    return new DecisionContext(Optional.of(shopper), store, Optional.empty(), channel, at);
  }

  // The first implementation, as it was.

  private static int[] referenceActive(DecisionContext context) {
    TreeSet<Integer> on = new TreeSet<>();
    on.add(0);
    ZonedDateTime local = context.at().atZone(ZONE);
    on.add(1 + local.getHour() / 4);
    on.add(7 + local.getDayOfWeek().getValue() - 1);
    on.add(14 + Math.floorMod(context.storeCode().hashCode(), 8));
    on.add(22 + Math.floorMod(context.channel().toLowerCase(Locale.ROOT).hashCode(), 4));
    if (context.shopper().isPresent()) {
      ShopperProfile shopper = context.shopper().get();
      on.add(26);
      referenceTier(shopper).ifPresent(t -> on.add(27 + Math.floorMod(t.hashCode(), 6)));
      for (String name : referenceLiked(context)) {
        on.add(33 + Math.floorMod(name.hashCode(), 64));
      }
    }
    return on.stream().mapToInt(Integer::intValue).toArray();
  }

  private static Optional<String> referenceTier(ShopperProfile shopper) {
    return Optional.ofNullable(shopper.attributes().get("valueTier"))
        .map(String::strip)
        .filter(t -> !t.isEmpty());
  }

  private static String referenceSituation(DecisionContext context) {
    return context.shopper().isEmpty()
        ? "newcomer"
        : "known/tier-" + referenceTier(context.shopper().get()).orElse("-");
  }

  private static TreeSet<String> referenceLiked(DecisionContext context) {
    TreeSet<String> categories = new TreeSet<>();
    context
        .shopper()
        .ifPresent(
            shopper -> {
              for (String category : shopper.preferredCategories()) {
                String name = category.strip().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                  categories.add(name);
                }
              }
            });
    return categories;
  }

  private static boolean referenceLikes(DecisionContext context, String offerCategory) {
    String offer = offerCategory.strip().toLowerCase(Locale.ROOT);
    if (offer.isEmpty()) {
      return false;
    }
    for (String declared : referenceLiked(context)) {
      if (declared.equals(offer)
          || declared.startsWith(offer + "/")
          || offer.startsWith(declared + "/")) {
        return true;
      }
    }
    return false;
  }
}
