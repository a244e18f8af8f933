package org.tailor.scoring.bandit;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.ShopperProfile;

/**
 * What the bandit knows of a decision's situation: binary features for LinUCB and a segment name
 * for segmented Thompson sampling, each for one candidate offer.
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
 *   97       the offer is in a category the shopper declared (the offer's category is one of them,
 *            or a parent or child of one: "food" matches "food/dairy" both ways)
 *   98–101   the shopper's purchase-history affinity to the offer's category, one-hot by level
 *            ({@link PurchaseAffinity}: none, low, mid, high; none for a newcomer)
 * </pre>
 *
 * Features 0–96 describe the situation; features 97–101 relate the offer to the shopper, so one arm
 * learns how much liking its category matters instead of learning it bucket by bucket. Hashes are
 * {@link String#hashCode()}, which Java specifies, so saved models stay valid across JVMs. The
 * segment is {@code newcomer}, or {@code known/tier-<tier>/<liked|other>/affinity-<level>} by
 * feature 97 and the affinity level ({@code -} for a shopper without a tier).
 *
 * <p>The feature lists of every (liked, level) pair are made once per context, and their segment
 * names once per situation (kept for up to 1,024 situations), so scoring a candidate only indexes
 * arrays.
 */
public final class ContextFeatures {

  /** The number of features. */
  public static final int DIMENSION = 102;

  /** The number of features before the offer's affinity was added (snapshot version 1). */
  static final int SITUATION_DIMENSION = 97;

  /** The number of features before the purchase-affinity levels were added (snapshot version 2). */
  static final int LIKED_DIMENSION = 98;

  /** The first of the {@link PurchaseAffinity#LEVELS} one-hot affinity-level features. */
  static final int AFFINITY = 98;

  /** The names of the affinity levels in segment names, by level. */
  static final String[] LEVEL_NAMES = {"none", "low", "mid", "high"};

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
  private static final int OFFER_LIKED = 97;

  private static final String NEWCOMER = "newcomer";

  private final int[] active;
  private final int[] activeLiked;
  private final String situation;
  private final Set<String> liked;
  // by [liked ? 1 : 0][level]
  private final int[][][] activeByLevel = new int[2][PurchaseAffinity.LEVELS][];
  private final String[][] segments;

  private static final int SITUATIONS_KEPT = 1_024;
  private static final Map<String, String[][]> SEGMENT_NAMES = new ConcurrentHashMap<>();
  // the situation's name by tier ("-" for none)
  private static final Map<String, String> SITUATIONS = new ConcurrentHashMap<>();

  private ContextFeatures(int[] active, String situation, Set<String> liked) {
    this.active = active;
    this.activeLiked = Arrays.copyOf(active, active.length + 1);
    this.activeLiked[active.length] = OFFER_LIKED;
    this.situation = situation;
    this.liked = liked;
    for (int likes = 0; likes < 2; likes++) {
      int[] base = likes == 1 ? activeLiked : active;
      for (int level = 0; level < PurchaseAffinity.LEVELS; level++) {
        int[] x = Arrays.copyOf(base, base.length + 1);
        x[base.length] = AFFINITY + level;
        activeByLevel[likes][level] = x;
      }
    }
    this.segments = segmentNames(situation);
  }

  /**
   * The segment names of a situation by [liked ? 1 : 0][level], the same instances for every
   * context of a situation kept so far, so that a decision neither makes them nor works out their
   * hashes again to find the segments; never changed.
   */
  private static String[][] segmentNames(String situation) {
    String[][] names = SEGMENT_NAMES.get(situation);
    if (names != null) {
      return names;
    }
    names = new String[2][PurchaseAffinity.LEVELS];
    boolean newcomer = situation.equals(NEWCOMER);
    for (int likes = 0; likes < 2; likes++) {
      String part = newcomer ? situation : situation + (likes == 1 ? "/liked" : "/other");
      for (int level = 0; level < PurchaseAffinity.LEVELS; level++) {
        names[likes][level] = newcomer ? situation : part + "/affinity-" + LEVEL_NAMES[level];
      }
    }
    if (SEGMENT_NAMES.size() < SITUATIONS_KEPT) { // tiers are few; a stray value is not kept
      String[][] racing = SEGMENT_NAMES.putIfAbsent(situation, names);
      return racing == null ? names : racing;
    }
    return names;
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
    // the features that are 1, as bits of two words (all are below 128): ascending when read out
    long[] on = new long[2];
    set(on, 0);
    ZonedDateTime local = context.at().atZone(zone);
    set(on, DAYPART + local.getHour() / 4);
    set(on, WEEKDAY + local.getDayOfWeek().getValue() - 1);
    set(on, STORE + bucket(context.storeCode(), STORE_BUCKETS));
    set(on, CHANNEL + bucket(context.channel().toLowerCase(Locale.ROOT), CHANNEL_BUCKETS));
    String situation = NEWCOMER;
    Set<String> liked = Set.of();
    if (context.shopper().isPresent()) {
      ShopperProfile shopper = context.shopper().get();
      set(on, KNOWN);
      String tier = shopper.attributes().get(valueTierAttribute);
      tier = tier == null ? null : tier.strip();
      if (tier != null && !tier.isEmpty()) {
        set(on, TIER + bucket(tier, TIER_BUCKETS));
      } else {
        tier = null;
      }
      List<String> preferred = shopper.preferredCategories();
      if (!preferred.isEmpty()) {
        TreeSet<String> categories = new TreeSet<>();
        for (String category : preferred) {
          String name = normalised(category);
          if (!name.isEmpty()) {
            categories.add(name);
            set(on, CATEGORY + bucket(name, CATEGORY_BUCKETS));
          }
        }
        liked = Set.copyOf(categories);
      }
      situation = knownSituation(tier);
    }
    int[] active = new int[Long.bitCount(on[0]) + Long.bitCount(on[1])];
    int at = 0;
    for (int word = 0; word < on.length; word++) {
      for (long bits = on[word]; bits != 0; bits &= bits - 1) {
        active[at++] = 64 * word + Long.numberOfTrailingZeros(bits);
      }
    }
    return new ContextFeatures(active, situation, liked);
  }

  private static void set(long[] on, int feature) {
    on[feature >>> 6] |= 1L << feature;
  }

  /**
   * {@code known/tier-<tier>} ({@code -} for none), the same instance for every context of a tier
   * kept so far (up to 1,024 tiers), so that a decision neither makes it nor works out its hash.
   */
  private static String knownSituation(String tier) {
    String key = tier == null ? "-" : tier;
    String situation = SITUATIONS.get(key);
    if (situation == null) {
      situation = "known/tier-" + key;
      if (SITUATIONS.size() < SITUATIONS_KEPT) {
        String racing = SITUATIONS.putIfAbsent(key, situation);
        situation = racing == null ? situation : racing;
      }
    }
    return situation;
  }

  /**
   * Restores the features of a remembered presentation: the situation's active features (none of
   * them the offer's) and its segment without the offer's part.
   */
  static ContextFeatures of(int[] active, String situation) {
    for (int i : active) {
      if (i < 0 || i >= SITUATION_DIMENSION) {
        throw new IllegalArgumentException(
            "feature index " + i + " outside 0.." + (SITUATION_DIMENSION - 1));
      }
    }
    return new ContextFeatures(active.clone(), situation, Set.of());
  }

  /**
   * Whether an offer of this category is in a category the shopper declared: the same category, or
   * one above or below it in the category path ({@code food} and {@code food/dairy}).
   */
  public boolean likes(Optional<String> offerCategory) {
    if (offerCategory.isEmpty() || liked.isEmpty()) {
      return false;
    }
    String offer = normalised(offerCategory.get());
    if (offer.isEmpty()) {
      return false;
    }
    for (String declared : liked) {
      if (declared.equals(offer) || isBelow(declared, offer) || isBelow(offer, declared)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code path} starts with {@code above + "/"}, without making that string. */
  private static boolean isBelow(String path, String above) {
    return path.length() > above.length()
        && path.charAt(above.length()) == '/'
        && path.startsWith(above);
  }

  /** The indexes of the situation's features that are 1, ascending (no offer feature). */
  public int[] active() {
    return active.clone();
  }

  /**
   * The indexes of the features that are 1 for an offer the shopper likes or not, with the
   * shopper's affinity level to it ({@link PurchaseAffinity#NONE} to {@link
   * PurchaseAffinity#HIGH}), ascending.
   */
  public int[] active(boolean offerLiked, int level) {
    return activeView(offerLiked, level).clone();
  }

  int[] activeView() {
    return active;
  }

  /**
   * The features of a snapshot-version-2 presentation, whose level is not known: without an
   * affinity feature, as its trial was learned.
   */
  int[] activeWithoutLevel(boolean offerLiked) {
    return offerLiked ? activeLiked : active;
  }

  int[] activeView(boolean offerLiked, int level) {
    return activeByLevel[offerLiked ? 1 : 0][level];
  }

  /** The situation's part of the segment: {@code newcomer} or {@code known/tier-<tier>}. */
  public String situation() {
    return situation;
  }

  /**
   * The Thompson-sampling segment for an offer the shopper likes or not, at the shopper's affinity
   * level to it: {@code newcomer} or {@code known/tier-<tier>/<liked|other>/affinity-<level>}.
   */
  public String segment(boolean offerLiked, int level) {
    return segments[offerLiked ? 1 : 0][level];
  }

  /** Whether the shopper declared any category (else no offer is liked). */
  boolean likesAny() {
    return !liked.isEmpty();
  }

  private static String normalised(String category) {
    return category.strip().toLowerCase(Locale.ROOT);
  }

  private static int bucket(String text, int buckets) {
    return Math.floorMod(text.hashCode(), buckets);
  }

  @Override
  public String toString() {
    return situation + " " + Arrays.toString(active) + " likes " + liked;
  }
}
