package org.tailor.scoring.history.similarity;

import java.util.Arrays;

/**
 * Item-to-item collaborative filtering (Linden, Smith &amp; York 2003, "Amazon.com recommendations:
 * item-to-item collaborative filtering"): the cosine of the angle between two items' purchase
 * vectors over shoppers, keeping each item's top-k neighbours.
 *
 * <p>With binary vectors the cosine of items i and j is {@code c(i,j) / (sqrt(n(i)) sqrt(n(j)))}, c
 * counting shoppers who bought both and n the buyers of one. Like RecBole's ItemKNN a shrink term
 * is added to the denominator, {@code c / (sqrt(n(i)) sqrt(n(j)) + shrink)}, which damps
 * similarities resting on few shoppers (shrink 0 gives the plain cosine).
 *
 * <p>The batch computation follows the paper's algorithm: for each item, for each shopper who
 * bought it, for each other item that shopper bought, count the co-purchase. Its cost is the sum
 * over shoppers of the square of their distinct items, its memory two {@code int} arrays of the
 * number of items besides the result.
 */
public final class ItemSimilarity {

  private ItemSimilarity() {}

  /**
   * The top {@code neighbours} items of every item by shrunk cosine; items sharing no shopper are
   * never neighbours. Ties go to the smaller item index, so the result is deterministic.
   */
  public static ItemNeighbours compute(PurchaseMatrix purchases, int neighbours, double shrink) {
    if (neighbours < 1) {
      throw new IllegalArgumentException("neighbours must be 1 or more, was " + neighbours);
    }
    if (!(shrink >= 0) || Double.isInfinite(shrink)) {
      throw new IllegalArgumentException("shrink must be a finite number ≥ 0, was " + shrink);
    }
    int items = purchases.itemCount();
    double[] norm = new double[items];
    for (int i = 0; i < items; i++) {
      norm[i] = Math.sqrt(purchases.buyersOf(i));
    }
    int[] coPurchases = new int[items];
    int[] touched = new int[items];
    TopNeighbours top = new TopNeighbours(neighbours);
    int[] start = new int[items + 1];
    int[] neighbour = new int[Math.max(16, items)];
    float[] similarity = new float[neighbour.length];
    int filled = 0;
    for (int i = 0; i < items; i++) {
      int touchedCount = 0;
      for (int p = purchases.itemStart(i); p < purchases.itemEnd(i); p++) {
        int shopper = purchases.shopperOfItemAt(p);
        for (int q = purchases.shopperStart(shopper); q < purchases.shopperEnd(shopper); q++) {
          int j = purchases.itemOfShopperAt(q);
          if (j != i && coPurchases[j]++ == 0) {
            touched[touchedCount++] = j;
          }
        }
      }
      top.clear();
      for (int t = 0; t < touchedCount; t++) {
        int j = touched[t];
        top.offer(j, (float) (coPurchases[j] / (norm[i] * norm[j] + shrink)));
        coPurchases[j] = 0;
      }
      int count = top.size();
      if (filled + count > neighbour.length) {
        int capacity = Math.max(filled + count, neighbour.length + (neighbour.length >> 1));
        neighbour = Arrays.copyOf(neighbour, capacity);
        similarity = Arrays.copyOf(similarity, capacity);
      }
      top.drainDescending(neighbour, similarity, filled);
      filled += count;
      start[i + 1] = filled;
    }
    return new ItemNeighbours(
        start, Arrays.copyOf(neighbour, filled), Arrays.copyOf(similarity, filled));
  }

  /** A bounded min-heap of (item, similarity): the k best seen so far. */
  private static final class TopNeighbours {
    private final int capacity;
    private final int[] item;
    private final float[] score;
    private int size;

    TopNeighbours(int capacity) {
      this.capacity = capacity;
      this.item = new int[capacity];
      this.score = new float[capacity];
    }

    void clear() {
      size = 0;
    }

    int size() {
      return size;
    }

    /** True when (a, sa) ranks below (b, sb): lower similarity, or equal and larger index. */
    private static boolean worse(float sa, int a, float sb, int b) {
      return sa < sb || (sa == sb && a > b);
    }

    void offer(int candidate, float similarity) {
      if (size < capacity) {
        int at = size++;
        item[at] = candidate;
        score[at] = similarity;
        siftUp(at);
      } else if (worse(score[0], item[0], similarity, candidate)) {
        item[0] = candidate;
        score[0] = similarity;
        siftDown(0);
      }
    }

    private void siftUp(int at) {
      while (at > 0) {
        int parent = (at - 1) >>> 1;
        if (!worse(score[at], item[at], score[parent], item[parent])) {
          return;
        }
        swap(at, parent);
        at = parent;
      }
    }

    private void siftDown(int at) {
      while (true) {
        int left = 2 * at + 1;
        if (left >= size) {
          return;
        }
        int worst = left;
        int right = left + 1;
        if (right < size && worse(score[right], item[right], score[left], item[left])) {
          worst = right;
        }
        if (!worse(score[worst], item[worst], score[at], item[at])) {
          return;
        }
        swap(at, worst);
        at = worst;
      }
    }

    private void swap(int a, int b) {
      int i = item[a];
      item[a] = item[b];
      item[b] = i;
      float s = score[a];
      score[a] = score[b];
      score[b] = s;
    }

    /** Writes the heap best first into the arrays from {@code offset}, emptying it. */
    void drainDescending(int[] items, float[] similarities, int offset) {
      for (int last = size - 1; last >= 0; last--) {
        items[offset + last] = item[0];
        similarities[offset + last] = score[0];
        size--;
        if (size > 0) {
          item[0] = item[size];
          score[0] = score[size];
          siftDown(0);
        }
      }
    }
  }
}
