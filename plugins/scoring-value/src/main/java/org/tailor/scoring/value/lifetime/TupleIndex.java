package org.tailor.scoring.value.lifetime;

import java.util.Arrays;

/**
 * Gives each distinct key of up to three longs a dense id (0, 1, 2, ...) in the order first seen:
 * an open-addressing hash table on primitive arrays, so that millions of shoppers can be grouped
 * without boxing.
 */
final class TupleIndex {

  private long[] first;
  private long[] second;
  private long[] third;
  private int[] ids;
  private int size;
  private int mask;

  TupleIndex(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    allocate(capacity);
  }

  private void allocate(int capacity) {
    first = new long[capacity];
    second = new long[capacity];
    third = new long[capacity];
    ids = new int[capacity];
    Arrays.fill(ids, -1);
    mask = capacity - 1;
  }

  int size() {
    return size;
  }

  /** The id of the key, a new one when it was not seen before. */
  int idOf(long a, long b, long c) {
    if (size * 2 >= ids.length) {
      grow();
    }
    int slot = slot(a, b, c);
    while (ids[slot] >= 0) {
      if (first[slot] == a && second[slot] == b && third[slot] == c) {
        return ids[slot];
      }
      slot = (slot + 1) & mask;
    }
    first[slot] = a;
    second[slot] = b;
    third[slot] = c;
    ids[slot] = size;
    return size++;
  }

  private int slot(long a, long b, long c) {
    long h = a * 0x9E3779B97F4A7C15L;
    h = (h ^ b) * 0xC2B2AE3D27D4EB4FL;
    h = (h ^ c) * 0x165667B19E3779F9L;
    return (int) (h ^ (h >>> 29)) & mask;
  }

  private void grow() {
    long[] oldFirst = first;
    long[] oldSecond = second;
    long[] oldThird = third;
    int[] oldIds = ids;
    allocate(ids.length * 2);
    for (int i = 0; i < oldIds.length; i++) {
      if (oldIds[i] >= 0) {
        int slot = slot(oldFirst[i], oldSecond[i], oldThird[i]);
        while (ids[slot] >= 0) {
          slot = (slot + 1) & mask;
        }
        first[slot] = oldFirst[i];
        second[slot] = oldSecond[i];
        third[slot] = oldThird[i];
        ids[slot] = oldIds[i];
      }
    }
  }
}
