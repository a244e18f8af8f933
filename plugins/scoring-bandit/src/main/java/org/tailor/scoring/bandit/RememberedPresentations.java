package org.tailor.scoring.bandit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last {@link BanditSettings#rememberedPresentations()} presentations, so that a redemption is
 * credited to the segment and features its offer was shown with, in primitive arrays allocated
 * once.
 *
 * <p>Why arrays: each presentation is remembered for as long as it takes that many more to be shown
 * (50 s for 100,000 at 2,000 identifications a second). Kept as objects (a map node, the id, an
 * object with three arrays: some 250 bytes each), they outlived every young collection of those 50
 * s and were copied from one survivor space to the next at each, until promoted: on a
 * 1,000-terminal benchmark most of each young pause was copying them. Here remembering a
 * presentation writes into arrays that live in the old generation once grown, and allocates nothing
 * that outlives the call: a young collection has nothing of it to copy.
 *
 * <p>Layout: the ids and their FIFO order are an {@link IdRing} (a {@code long} per slot for the
 * server's numeric ids, a string only for any other id, and an int index table at least twice the
 * slots). Per slot: the number of offers shown and, at a fixed stride, each one's index in the
 * table of offer codes (interned once: offers are few) and its state byte — its affinity level + 1
 * (0: not known, remembered by a snapshot older than levels), whether it was liked (in a category
 * the shopper declared) and whether it was redeemed; the number of the situation's active features
 * and, at another stride, the features (indexes below {@link ContextFeatures#SITUATION_DIMENSION},
 * so a byte each); and the index of the situation's name in a table of names. A stride grows (every
 * slot copied, rare) when a presentation shows more offers or has more active features than any
 * before. With 3 offers shown and 8 features: 8 (id) + 8 to 16 (index, at 2 to 4 ints a slot) + 4 ×
 * 3 + 3 (offers, states) + 8 (features) + 12 (the counts and the situation) = some 55 bytes a
 * presentation (4 more per slot once an id that is not a number came), against some 250 as objects.
 * In BanditMemoryBenchmark (3 offers, up to 9 features, 1 % of ids not numbers) the arrays take 59
 * bytes a presentation, and the heap used grows by 84 to 103: G1 gives the largest arrays
 * ("humongous" at 100,000 slots) whole regions. Those are allocated straight in the old generation,
 * and the others promoted once: no young collection copies them again. Remembering a presentation
 * allocates nothing here but when an array grows or an offer code or situation name is first seen
 * (the learner makes the event's features, which do not outlive it); a snapshot makes its strings
 * as it writes them.
 *
 * <p>Not thread-safe: {@link BanditLearner}'s lock guards it.
 */
final class RememberedPresentations {

  static final int LEVEL_BITS = 0x07; // level + 1; 0: not known
  static final int LIKED = 0x08;
  static final int REDEEMED = 0x10;

  private final IdRing ids;
  private final Map<String, Integer> offerIndexes = new HashMap<>();
  private final List<String> offerCodes = new ArrayList<>();
  private final Map<String, Integer> situationIndexes = new HashMap<>();
  private final List<String> situationNames = new ArrayList<>();

  private int offerStride = 1;
  private int activeStride = 1;
  private int[] shownCount = new int[0];
  private int[] offers = new int[0];
  private byte[] states = new byte[0];
  private int[] activeCount = new int[0];
  private byte[] active = new byte[0];
  private int[] situation = new int[0];

  RememberedPresentations(int capacity) {
    this.ids = new IdRing(capacity);
  }

  /** One offer's state byte: its affinity level, and whether it was liked and redeemed. */
  static byte state(int level, boolean liked, boolean redeemed) {
    return (byte) ((level + 1) | (liked ? LIKED : 0) | (redeemed ? REDEEMED : 0));
  }

  int size() {
    return ids.size();
  }

  boolean contains(String id) {
    return ids.contains(id);
  }

  /** The slot of a remembered presentation, or -1. */
  int find(String id) {
    return ids.find(id);
  }

  /** The slot of the {@code i}-th presentation remembered, the eldest being 0. */
  int slotAt(int i) {
    return ids.slotAt(i);
  }

  /** The number an offer code is remembered by, interned on first sight. */
  int offerNumber(String code) {
    return intern(offerIndexes, offerCodes, code);
  }

  /** The number {@code name} has among {@code names}, added as the next one on first sight. */
  private static int intern(Map<String, Integer> numbers, List<String> names, String name) {
    Integer number = numbers.get(name);
    if (number == null) {
      number = names.size();
      numbers.put(name, number);
      names.add(name);
    }
    return number;
  }

  /**
   * Remembers a presentation not remembered (the caller looked), evicting the eldest when full:
   * {@code n} offers by their {@link #offerNumber}s, each with its {@link #state}, and the {@code
   * k} first of {@code features} (each below {@link ContextFeatures#SITUATION_DIMENSION}).
   */
  void add(
      String id, String situationName, int[] features, int k, int[] numbers, byte[] st, int n) {
    checkFeatures(features, k);
    int slot = ids.add(id);
    write(slot, situationName, features, k, numbers, st, n);
  }

  /**
   * Remembers a presentation from a snapshot: as {@link #add}, but one already remembered keeps its
   * place and takes the new content (as a map's put).
   */
  void put(String id, String situationName, int[] features, String[] shown, byte[] st) {
    checkFeatures(features, features.length);
    int[] numbers = new int[shown.length];
    for (int i = 0; i < shown.length; i++) {
      numbers[i] = offerNumber(shown[i]);
    }
    int slot = ids.find(id);
    if (slot < 0) {
      slot = ids.add(id);
    }
    write(slot, situationName, features, features.length, numbers, st, shown.length);
  }

  private void write(
      int slot, String situationName, int[] features, int k, int[] numbers, byte[] st, int n) {
    if (ids.slots() > shownCount.length) {
      growSlots(ids.slots());
    }
    if (n > offerStride) {
      offers = restride(offers, shownCount, offerStride, n);
      states = restride(states, shownCount, offerStride, n);
      offerStride = n;
    }
    if (k > activeStride) {
      active = restride(active, activeCount, activeStride, k);
      activeStride = k;
    }
    shownCount[slot] = n;
    System.arraycopy(numbers, 0, offers, slot * offerStride, n);
    System.arraycopy(st, 0, states, slot * offerStride, n);
    activeCount[slot] = k;
    int at = slot * activeStride;
    for (int i = 0; i < k; i++) {
      active[at + i] = (byte) features[i];
    }
    situation[slot] = intern(situationIndexes, situationNames, situationName);
  }

  /**
   * Refuses a feature that does not fit the byte it is kept in, before anything is changed, so that
   * a refused presentation evicts nothing and leaves no slot half-written.
   */
  private static void checkFeatures(int[] features, int k) {
    for (int i = 0; i < k; i++) {
      int feature = features[i];
      if (feature < 0 || feature >= ContextFeatures.SITUATION_DIMENSION) {
        throw new IllegalArgumentException(
            "feature index "
                + feature
                + " outside 0.."
                + (ContextFeatures.SITUATION_DIMENSION - 1));
      }
    }
  }

  private void growSlots(int slots) {
    shownCount = Arrays.copyOf(shownCount, slots);
    offers = Arrays.copyOf(offers, slots * offerStride);
    states = Arrays.copyOf(states, slots * offerStride);
    activeCount = Arrays.copyOf(activeCount, slots);
    active = Arrays.copyOf(active, slots * activeStride);
    situation = Arrays.copyOf(situation, slots);
  }

  /** The per-slot values of {@code values} at a wider stride; only each slot's used ones copied. */
  private static int[] restride(int[] values, int[] used, int from, int to) {
    int[] wider = new int[used.length * to];
    for (int slot = 0; slot < used.length; slot++) {
      System.arraycopy(values, slot * from, wider, slot * to, Math.min(used[slot], from));
    }
    return wider;
  }

  private static byte[] restride(byte[] values, int[] used, int from, int to) {
    byte[] wider = new byte[used.length * to];
    for (int slot = 0; slot < used.length; slot++) {
      System.arraycopy(values, slot * from, wider, slot * to, Math.min(used[slot], from));
    }
    return wider;
  }

  String id(int slot) {
    return ids.id(slot);
  }

  String situation(int slot) {
    return situationNames.get(situation[slot]);
  }

  /** The situation's active features. */
  int[] active(int slot) {
    int[] features = new int[activeCount[slot]];
    int at = slot * activeStride;
    for (int i = 0; i < features.length; i++) {
      features[i] = active[at + i];
    }
    return features;
  }

  /** The situation's features, made again from what is kept. */
  ContextFeatures features(int slot) {
    return ContextFeatures.of(active(slot), situation(slot));
  }

  int shownCount(int slot) {
    return shownCount[slot];
  }

  /** The code of the {@code i}-th offer shown. */
  String offer(int slot, int i) {
    return offerCodes.get(offers[slot * offerStride + i]);
  }

  byte state(int slot, int i) {
    return states[slot * offerStride + i];
  }

  /** Where {@code code} is among the offers shown; -1 if it was not shown. */
  int indexOf(int slot, String code) {
    Integer number = offerIndexes.get(code);
    if (number == null) {
      return -1;
    }
    int at = slot * offerStride;
    for (int i = 0; i < shownCount[slot]; i++) {
      if (offers[at + i] == number) {
        return i;
      }
    }
    return -1;
  }

  boolean liked(int slot, int i) {
    return (state(slot, i) & LIKED) != 0;
  }

  int level(int slot, int i) {
    return (state(slot, i) & LEVEL_BITS) - 1;
  }

  /** Marks the {@code i}-th offer shown redeemed; {@code false} if it already was. */
  boolean redeem(int slot, int i) {
    int at = slot * offerStride + i;
    if ((states[at] & REDEEMED) != 0) {
      return false;
    }
    states[at] |= REDEEMED;
    return true;
  }

  /** The strides (offers, active features) and slots allocated; for tests. */
  int[] shape() {
    return new int[] {offerStride, activeStride, shownCount.length};
  }

  /** The presentations remembered, oldest first, as views; for tests (builds a map). */
  Map<String, BanditLearner.RememberedPresentation> asMap() {
    Map<String, BanditLearner.RememberedPresentation> map = new LinkedHashMap<>();
    for (int i = 0; i < size(); i++) {
      int slot = slotAt(i);
      map.put(id(slot), new BanditLearner.RememberedPresentation(this, slot));
    }
    return map;
  }
}
