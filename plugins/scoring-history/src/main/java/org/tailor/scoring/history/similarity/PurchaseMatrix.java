package org.tailor.scoring.history.similarity;

import java.util.Arrays;

/**
 * Who bought what, as a binary shopper-by-item matrix held twice in compressed sparse rows: the
 * items of each shopper and the shoppers of each item, in primitive arrays (two {@code int}s per
 * distinct (shopper, item) pair and one per shopper and item). Buying an item several times counts
 * once, as in the purchase vectors of Linden, Smith &amp; York (2003).
 */
public final class PurchaseMatrix {

  private final int shopperCount;
  private final int itemCount;
  private final int[] shopperStart;
  private final int[] itemsOfShoppers;
  private final int[] itemStart;
  private final int[] shoppersOfItems;

  private PurchaseMatrix(
      int shopperCount,
      int itemCount,
      int[] shopperStart,
      int[] itemsOfShoppers,
      int[] itemStart,
      int[] shoppersOfItems) {
    this.shopperCount = shopperCount;
    this.itemCount = itemCount;
    this.shopperStart = shopperStart;
    this.itemsOfShoppers = itemsOfShoppers;
    this.itemStart = itemStart;
    this.shoppersOfItems = shoppersOfItems;
  }

  /** Collects (shopper, item) pairs by dense index, in any order and with repeats. */
  public static Builder builder() {
    return new Builder();
  }

  public int shopperCount() {
    return shopperCount;
  }

  public int itemCount() {
    return itemCount;
  }

  /** Distinct (shopper, item) pairs. */
  public int pairCount() {
    return itemsOfShoppers.length;
  }

  /** How many shoppers bought the item. */
  public int buyersOf(int item) {
    return itemStart[item + 1] - itemStart[item];
  }

  /** The distinct items a shopper bought, ascending; a copy. */
  public int[] itemsOf(int shopper) {
    return Arrays.copyOfRange(itemsOfShoppers, shopperStart[shopper], shopperStart[shopper + 1]);
  }

  int shopperStart(int shopper) {
    return shopperStart[shopper];
  }

  int shopperEnd(int shopper) {
    return shopperStart[shopper + 1];
  }

  int itemOfShopperAt(int position) {
    return itemsOfShoppers[position];
  }

  int itemStart(int item) {
    return itemStart[item];
  }

  int itemEnd(int item) {
    return itemStart[item + 1];
  }

  int shopperOfItemAt(int position) {
    return shoppersOfItems[position];
  }

  /** Bytes held by the arrays, for benchmarks. */
  public long sizeInBytes() {
    return 4L * (shopperStart.length + itemsOfShoppers.length + itemStart.length)
        + 4L * shoppersOfItems.length;
  }

  /** Collects pairs packed in one {@code long} each, then sorts and removes repeats once. */
  public static final class Builder {
    private long[] pairs = new long[1024];
    private int size;
    private int shopperCount;
    private int itemsSeen;

    private Builder() {}

    /** Records that {@code shopper} (0 or more) bought {@code item} (0 or more). */
    public Builder add(int shopper, int item) {
      if (shopper < 0) {
        throw new IllegalArgumentException("shopper index must be 0 or more, was " + shopper);
      }
      if (item < 0) {
        throw new IllegalArgumentException("item index must be 0 or more, was " + item);
      }
      itemsSeen = Math.max(itemsSeen, item + 1);
      if (size == pairs.length) {
        pairs = Arrays.copyOf(pairs, pairs.length + (pairs.length >> 1));
      }
      pairs[size++] = ((long) shopper << 32) | item;
      shopperCount = Math.max(shopperCount, shopper + 1);
      return this;
    }

    /**
     * The matrix over items 0 to {@code itemCount - 1} (items nobody bought have no buyers); the
     * builder must not be used afterwards.
     */
    public PurchaseMatrix build(int itemCount) {
      if (itemCount < itemsSeen) {
        throw new IllegalArgumentException(
            "itemCount must be at least "
                + itemsSeen
                + " (the largest item index + 1), was "
                + itemCount);
      }
      long[] sorted = pairs;
      Arrays.sort(sorted, 0, size);
      int distinct = 0;
      for (int i = 0; i < size; i++) {
        if (distinct == 0 || sorted[distinct - 1] != sorted[i]) {
          sorted[distinct++] = sorted[i];
        }
      }
      int[] shopperStart = new int[shopperCount + 1];
      int[] itemsOfShoppers = new int[distinct];
      int[] itemStart = new int[itemCount + 1];
      for (int i = 0; i < distinct; i++) {
        int shopper = (int) (sorted[i] >>> 32);
        int item = (int) sorted[i];
        shopperStart[shopper + 1]++;
        itemStart[item + 1]++;
        itemsOfShoppers[i] = item;
      }
      for (int s = 0; s < shopperCount; s++) {
        shopperStart[s + 1] += shopperStart[s];
      }
      for (int i = 0; i < itemCount; i++) {
        itemStart[i + 1] += itemStart[i];
      }
      int[] shoppersOfItems = new int[distinct];
      int[] fill = Arrays.copyOf(itemStart, itemCount);
      for (int i = 0; i < distinct; i++) {
        shoppersOfItems[fill[(int) sorted[i]]++] = (int) (sorted[i] >>> 32);
      }
      pairs = new long[0];
      size = 0;
      return new PurchaseMatrix(
          shopperCount, itemCount, shopperStart, itemsOfShoppers, itemStart, shoppersOfItems);
    }
  }
}
