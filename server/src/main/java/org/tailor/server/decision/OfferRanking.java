package org.tailor.server.decision;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.tailor.plugin.Decimals;
import org.tailor.server.offer.ActiveOffer;

/**
 * Fills the slots of a screen from scored offers, slot by slot: with probability {@code 1 − ε} the
 * best remaining offer, preferring a category not shown yet (diversity before score), otherwise a
 * uniformly random remaining offer (exploration). The probability of the offer placed in a slot is
 * therefore {@code (1 − ε)·[it is the best] + ε / n} for {@code n} remaining offers: always
 * positive, which off-policy evaluation needs.
 */
final class OfferRanking {

  /** The category of the offer placed last before any is placed. */
  private static final int NO_CATEGORY_SHOWN = -2;

  private final double exploration;

  /**
   * The working arrays of the thread's rankings, grown as needed and written again by each: a
   * ranking's arrays are read only while it ranks, so the next ranking on the thread may take them
   * (instead of some 10 kB zeroed for every decision with a thousand offers).
   */
  private static final class Scratch {
    long[] keys = new long[0];
    boolean[] fresh = new boolean[0];
    boolean[] placed = new boolean[0];

    void fit(int size) {
      if (keys.length < size) {
        keys = new long[size];
        fresh = new boolean[size];
        placed = new boolean[size];
      }
    }
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  OfferRanking(double exploration) {
    if (!(exploration >= 0.0 && exploration < 1.0)) {
      throw new IllegalArgumentException("exploration must be in [0, 1), was " + exploration);
    }
    this.exploration = exploration;
  }

  List<RankedOffer> rank(ScoredOffers scored, int slots, RandomGenerator random) {
    // One scan of plain arrays per slot (slots are few): no streams, boxing or Optional per offer,
    // no string read per offer (categories are numbers), and no copying of the remaining offers;
    // each scan also marks the offers of the category shown last as no longer new, so that no
    // offer's category is compared with every category shown.
    int size = scored.size();
    List<ActiveOffer> offers = scored.offers();
    double[] scores = scored.scores();
    Scratch scratch = SCRATCH.get();
    scratch.fit(size);
    long[] keys = scratch.keys; // the scores as longs in Double.compare's order
    int[] categories = scored.categories(); // found with the catalogue: not read per offer
    boolean[] fresh = scratch.fresh; // not placed yet and of a category not shown yet
    boolean[] placed = scratch.placed;
    for (int i = 0; i < size; i++) {
      keys[i] = orderKey(scores[i]);
    }
    Arrays.fill(fresh, 0, size, true);
    Arrays.fill(placed, 0, size, false);
    int n = size; // offers not placed yet
    int lastCategory = NO_CATEGORY_SHOWN; // the category of the offer placed last, if any
    List<RankedOffer> ranked = new ArrayList<>(Math.min(slots, n));
    while (ranked.size() < slots && n > 0) {
      int best =
          best(offers, size, keys, categories, fresh, placed, lastCategory, scored.inCodeOrder());
      boolean explore = exploration > 0 && random.nextDouble() < exploration;
      int chosen = explore ? unplaced(placed, size, random.nextInt(n)) : best;
      double probability = (chosen == best ? 1.0 - exploration : 0.0) + exploration / n;
      int rank = ranked.size() + 1;
      ranked.add(
          new RankedOffer(
              offers.get(chosen),
              rank,
              Math.min(1.0, probability),
              explore,
              explain(scores[chosen], scored.reasons(chosen), explore)));
      placed[chosen] = true;
      fresh[chosen] = false;
      lastCategory = categories[chosen];
      n--;
    }
    return ranked;
  }

  /**
   * The position of the best offer not placed yet: one of a category not shown yet before one of a
   * shown category, then the higher score, then the lower code. First marks the offers of {@code
   * lastCategory} (unless {@link #NO_CATEGORY_SHOWN} or -1, store-wide), the category just shown,
   * as no longer new. When the offers are {@code inCodeOrder}, the lower code of two equal scores
   * is the earlier one, already the best: no code is compared.
   */
  private static int best(
      List<ActiveOffer> offers,
      int size,
      long[] keys,
      int[] categories,
      boolean[] fresh,
      boolean[] placed,
      int lastCategory,
      boolean inCodeOrder) {
    int best = -1;
    boolean bestNew = false;
    long bestKey = 0;
    boolean marking = lastCategory >= 0; // a store-wide offer shown marks no other
    for (int i = 0; i < size; i++) {
      if (placed[i]) {
        continue;
      }
      boolean isNew = fresh[i];
      if (isNew && marking && categories[i] == lastCategory) {
        isNew = false;
        fresh[i] = false;
      }
      if (best < 0) {
        best = i;
        bestNew = isNew;
        bestKey = keys[i];
        continue;
      }
      if (isNew != bestNew) {
        if (isNew) {
          best = i;
          bestNew = true;
          bestKey = keys[i];
        }
        continue;
      }
      long key = keys[i];
      if (key > bestKey
          || (key == bestKey
              && !inCodeOrder
              && offers.get(i).code().compareTo(offers.get(best).code()) < 0)) {
        best = i;
        bestKey = key;
      }
    }
    return best;
  }

  /**
   * A long ordered as {@link Double#compare} orders the scores (−0.0 below 0.0, NaN above all): its
   * bits, with those after the sign flipped for a negative score. Made once per offer, rather than
   * comparing doubles (which equal scores, frequent, send down a slower path) in every slot's scan.
   */
  static long orderKey(double score) {
    long bits = Double.doubleToLongBits(score);
    return bits ^ ((bits >> 63) & Long.MAX_VALUE);
  }

  /**
   * The position of the {@code k}-th (from 0) offer not placed yet among the first {@code size}.
   */
  private static int unplaced(boolean[] placed, int size, int k) {
    for (int i = 0; i < size; i++) {
      if (!placed[i] && k-- == 0) {
        return i;
      }
    }
    throw new IllegalStateException("fewer offers left than " + (k + 1));
  }

  private static String explain(double score, String reasons, boolean explored) {
    return (explored ? "exploration; " : "")
        + "score "
        + Decimals.fixed(score, 3)
        + "; "
        + (reasons.isEmpty() ? "no plugin scored it" : reasons);
  }
}
