package org.tailor.scoring.bandit;

import java.util.Arrays;

/**
 * The last {@code capacity} ids heard, oldest first, in arrays allocated once (grown by doubling
 * until {@code capacity} slots, then never again): a ring of slots, the eldest evicted for the
 * newest (first in, first out; an id already held is not added again), with an open-addressing
 * index from id to slot.
 *
 * <p>An id is held as a {@code long} when it is a canonical decimal long — what {@link
 * String#valueOf(long)} makes of one, as the server's presentation ids are: no sign but a minus, no
 * leading zero, so that {@code "7"} is the number 7 while {@code "007"}, {@code "+7"} and {@code
 * "-0"} are not. Any other id ({@code "p7"}, a UUID) is kept as its string in a side array, made
 * only when the first such id comes. Adding a canonical id therefore allocates nothing (the string
 * it came as is not kept), and nothing held is an object a young collection has to copy: the reason
 * for this class (see {@link RememberedPresentations}).
 *
 * <p>The index holds slot + 1 (0: empty) in a power-of-two table at least twice the slots, probed
 * linearly from the id's mixed hash; an evicted id's entry is removed by shifting the entries after
 * it back (no tombstones), so a look-up never probes more than the run its id hashes into. Not
 * thread-safe: its owner's lock guards it.
 */
final class IdRing {

  private static final int FIRST_SLOTS = 64;

  private final int capacity;
  private long[] numbers;
  private String[] others; // per slot, the id if not canonical; null until one comes
  private int[] index;
  private int mask;
  private int head; // the eldest slot
  private int size;

  IdRing(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity " + capacity + ": expected 1 or more");
    }
    this.capacity = capacity;
    this.numbers = new long[Math.min(capacity, FIRST_SLOTS)];
    this.index = new int[tableSize(numbers.length)];
    this.mask = index.length - 1;
  }

  /** The least power of two at least twice {@code slots}. */
  static int tableSize(int slots) {
    return Integer.highestOneBit(Math.max(1, 2 * slots - 1)) << 1;
  }

  int capacity() {
    return capacity;
  }

  int size() {
    return size;
  }

  /** How many slots the arrays have now; a slot number is below it. */
  int slots() {
    return numbers.length;
  }

  /** The slot of the {@code i}-th id held, the eldest being 0. */
  int slotAt(int i) {
    return (head + i) % numbers.length;
  }

  /** The id held in {@code slot}. */
  String id(int slot) {
    String other = others == null ? null : others[slot];
    return other != null ? other : String.valueOf(numbers[slot]);
  }

  boolean contains(String id) {
    return find(id) >= 0;
  }

  /** The slot holding {@code id}, or -1. */
  int find(String id) {
    boolean numeric = canonical(id);
    long number = numeric ? Long.parseLong(id) : 0;
    int at = (numeric ? hash(number) : hash(id.hashCode())) & mask;
    for (; ; at = (at + 1) & mask) {
      int entry = index[at];
      if (entry == 0) {
        return -1;
      }
      int slot = entry - 1;
      String other = others == null ? null : others[slot];
      if (numeric ? other == null && numbers[slot] == number : id.equals(other)) {
        return slot;
      }
    }
  }

  /**
   * Adds an id not held (the caller looked), evicting the eldest when {@code capacity} are held;
   * returns its slot. The arrays grow (doubling, to at most {@code capacity} slots) only while
   * fewer than {@code capacity} are held: call {@link #slots()} after to grow arrays kept per slot.
   */
  int add(String id) {
    int slot;
    if (size == capacity) {
      slot = head;
      unindex(slot);
      head = (head + 1) % numbers.length;
    } else {
      if (size == numbers.length) {
        grow();
      }
      slot = (head + size) % numbers.length;
      size++;
    }
    if (canonical(id)) {
      numbers[slot] = Long.parseLong(id);
      if (others != null) {
        others[slot] = null;
      }
    } else {
      if (others == null) {
        others = new String[numbers.length];
      }
      numbers[slot] = 0;
      others[slot] = id;
    }
    int at = home(slot);
    while (index[at] != 0) {
      at = (at + 1) & mask;
    }
    index[at] = slot + 1;
    return slot;
  }

  /** Twice the slots (at most {@code capacity}), the index made again for them; rare. */
  private void grow() {
    // no id was evicted yet (size < capacity): the slots in use are 0 to size - 1, head is 0
    int slots = (int) Math.min(capacity, 2L * numbers.length);
    numbers = Arrays.copyOf(numbers, slots);
    if (others != null) {
      others = Arrays.copyOf(others, slots);
    }
    if (tableSize(slots) > index.length) {
      index = new int[tableSize(slots)];
      mask = index.length - 1;
      for (int slot = 0; slot < size; slot++) {
        int at = home(slot);
        while (index[at] != 0) {
          at = (at + 1) & mask;
        }
        index[at] = slot + 1;
      }
    }
  }

  /** Removes the index entry of {@code slot}, shifting back the entries of the run after it. */
  private void unindex(int slot) {
    int at = home(slot);
    while (index[at] != slot + 1) {
      at = (at + 1) & mask;
    }
    int hole = at;
    for (int next = (hole + 1) & mask; index[next] != 0; next = (next + 1) & mask) {
      int home = home(index[next] - 1);
      // the entry at next may fill the hole unless its home lies after the hole, up to next
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        index[hole] = index[next];
        hole = next;
      }
    }
    index[hole] = 0;
  }

  /** Where the id in {@code slot} hashes to in the index. */
  int home(int slot) {
    String other = others == null ? null : others[slot];
    return (other == null ? hash(numbers[slot]) : hash(other.hashCode())) & mask;
  }

  /** Where {@code id} hashes to in the index as it is now; for tests of collisions. */
  int homeOf(String id) {
    return (canonical(id) ? hash(Long.parseLong(id)) : hash(id.hashCode())) & mask;
  }

  /** The index's length (a power of two); for tests. */
  int indexLength() {
    return index.length;
  }

  /** MurmurHash3's 64-bit finalizer: consecutive ids spread over the whole table. */
  private static int hash(long value) {
    long h = value;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) h;
  }

  /**
   * Whether {@code id} is what {@link String#valueOf(long)} makes of some long: an optional minus,
   * then ASCII digits without a leading zero ("0" itself, but not "-0"), within the range of long.
   */
  static boolean canonical(String id) {
    int length = id.length();
    int start = length > 0 && id.charAt(0) == '-' ? 1 : 0;
    int digits = length - start;
    if (digits < 1 || digits > 19) {
      return false;
    }
    if (id.charAt(start) == '0') {
      return length == 1; // "0"; not "-0" nor "007"
    }
    for (int i = start; i < length; i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    if (digits < 19) {
      return true;
    }
    try { // 19 digits: may be beyond the range of long
      Long.parseLong(id);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
