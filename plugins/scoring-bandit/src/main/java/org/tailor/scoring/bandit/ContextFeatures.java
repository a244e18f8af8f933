package org.tailor.scoring.bandit;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.ShopperProfile;

/**
 * What the bandit knows of a decision's situation: binary features for LinUCB and a segment name
 * for segmented Thompson sampling.
 *
 * <p>Features (d = {@value #DIMENSION}), each 0 or 1:
 *
 * <pre>
 *   0        bias (always 1)
 *   1–6      part of the day, 4-hour blocks of the local hour (0–3, 4–7, …, 20–23)
 *   7–13     day of the week, Monday to Sunday
 *   14–21    store, hashed into 8 buckets
 *   22–25    channel, hashed into 4 buckets
 *   26       known shopper (0 for a newcomer or a shopper without profiling consent)
 *   27–32    value tier from the shopper attribute named in the settings, hashed into 6 buckets
 *   33–96    declared preferred categories, hashed into 64 buckets (several may be 1)
 * </pre>
 *
 * Hashes are {@link String#hashCode()}, which Java specifies, so saved models stay valid across
 * JVMs. The segment is {@code newcomer} or {@code known/tier-<tier>/likes-<category>} with the
 * shopper's first declared category (alphabetically), or {@code -} where absent.
 */
public final class ContextFeatures {

  /** The number of features. */
  public static final int DIMENSION = 97;

  private static final int DAYPART = 1;
  private static final int WEEKDAY = 7;
  private static final int STORE = 14;
  private static final int STORE_BUCKETS = 8;
  private static final int CHANNEL = 22;
  private static final int CHANNEL_BUCKETS = 4;
  private static final int KNOWN = 26;
  private static final int TIER = 27;
  private static final int TIER_BUCKETS = 6;
  private static final int CATEGORY = 33;
  private static final int CATEGORY_BUCKETS = 64;

  private final int[] active;
  private final String segment;

  private ContextFeatures(int[] active, String segment) {
    this.active = active;
    this.segment = segment;
  }

  /**
   * The features of a decision context.
   *
   * @param zone the time zone whose local hour and weekday count
   * @param valueTierAttribute the shopper attribute holding the value tier, such as {@code
   *     "valueTier"}
   */
  public static ContextFeatures of(
      DecisionContext context, ZoneId zone, String valueTierAttribute) {
    TreeSet<Integer> on = new TreeSet<>();
    on.add(0);
    ZonedDateTime local = context.at().atZone(zone);
    on.add(DAYPART + local.getHour() / 4);
    on.add(WEEKDAY + local.getDayOfWeek().getValue() - 1);
    on.add(STORE + bucket(context.storeCode(), STORE_BUCKETS));
    on.add(CHANNEL + bucket(context.channel().toLowerCase(Locale.ROOT), CHANNEL_BUCKETS));
    String segment = "newcomer";
    if (context.shopper().isPresent()) {
      ShopperProfile shopper = context.shopper().get();
      on.add(KNOWN);
      Optional<String> tier =
          Optional.ofNullable(shopper.attributes().get(valueTierAttribute))
              .map(String::strip)
              .filter(t -> !t.isEmpty());
      tier.ifPresent(t -> on.add(TIER + bucket(t, TIER_BUCKETS)));
      TreeSet<String> categories = new TreeSet<>();
      for (String category : shopper.preferredCategories()) {
        String name = category.strip().toLowerCase(Locale.ROOT);
        if (!name.isEmpty()) {
          categories.add(name);
          on.add(CATEGORY + bucket(name, CATEGORY_BUCKETS));
        }
      }
      segment =
          "known/tier-"
              + tier.orElse("-")
              + "/likes-"
              + (categories.isEmpty() ? "-" : categories.first());
    }
    return new ContextFeatures(on.stream().mapToInt(Integer::intValue).toArray(), segment);
  }

  /** Restores features saved with a remembered presentation. */
  static ContextFeatures of(int[] active, String segment) {
    for (int i : active) {
      if (i < 0 || i >= DIMENSION) {
        throw new IllegalArgumentException("feature index " + i + " outside 0.." + DIMENSION);
      }
    }
    return new ContextFeatures(active.clone(), segment);
  }

  /** The indexes of the features that are 1, ascending. */
  public int[] active() {
    return active.clone();
  }

  int[] activeView() {
    return active;
  }

  /** The Thompson-sampling segment. */
  public String segment() {
    return segment;
  }

  private static int bucket(String text, int buckets) {
    return Math.floorMod(text.hashCode(), buckets);
  }

  @Override
  public String toString() {
    return segment + " " + Arrays.toString(active);
  }
}
