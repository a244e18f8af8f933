package org.tailor.scoring.history.similarity;

import org.tailor.scoring.history.catalogue.ItemCatalogue;

/**
 * The top-k most similar items of every item, most similar first, in primitive arrays: the
 * "similar-items table" of Linden, Smith &amp; York (2003). Immutable.
 */
public final class ItemNeighbours {

  private final int[] start;
  private final int[] neighbour;
  private final float[] similarity;
  // made at the first decision that asks, with the model's catalogue (a model's never changes)
  private volatile CategoryMass byCategory;

  ItemNeighbours(int[] start, int[] neighbour, float[] similarity) {
    this.start = start;
    this.neighbour = neighbour;
    this.similarity = similarity;
  }

  /** A table with no items. */
  public static ItemNeighbours empty() {
    return new ItemNeighbours(new int[1], new int[0], new float[0]);
  }

  public int itemCount() {
    return start.length - 1;
  }

  /** How many neighbours {@code item} has (at most k). */
  public int countOf(int item) {
    return start[item + 1] - start[item];
  }

  /** The {@code rank}-th (0 = most similar) neighbour of {@code item}. */
  public int neighbour(int item, int rank) {
    return neighbour[start[item] + rank];
  }

  /** The similarity of {@code item} to its {@code rank}-th neighbour. */
  public float similarity(int item, int rank) {
    return similarity[start[item] + rank];
  }

  /**
   * Adds to {@code scores[j]} the similarity of every neighbour j of every item in {@code history}:
   * the "shoppers who bought this also bought" score of Linden et al., as RecBole's ItemKNN
   * computes it (the shopper's row times the pruned similarity matrix).
   */
  public void accumulate(int[] history, float[] scores) {
    for (int item : history) {
      for (int p = start[item]; p < start[item + 1]; p++) {
        scores[neighbour[p]] += similarity[p];
      }
    }
  }

  /**
   * The same similarities seen from the other side: for each item j, the items i that keep j among
   * their top k, with sim(i, j). Accumulating a history over the reversed table gives the score of
   * each candidate i from its own top-k neighbours among the items bought, {@code sum over j in
   * topK(i) and bought of sim(i, j)}: RecBole's ItemKNN ({@code R · W} with W holding each item's
   * top-k in its column), where {@link #accumulate} on this table follows Linden et al. (each item
   * bought lends its own top k).
   */
  public ItemNeighbours reversed() {
    int items = itemCount();
    int[] reversedStart = new int[items + 1];
    for (int p = 0; p < neighbour.length; p++) {
      reversedStart[neighbour[p] + 1]++;
    }
    for (int j = 0; j < items; j++) {
      reversedStart[j + 1] += reversedStart[j];
    }
    int[] fill = java.util.Arrays.copyOf(reversedStart, items);
    int[] reversedNeighbour = new int[neighbour.length];
    float[] reversedSimilarity = new float[neighbour.length];
    for (int i = 0; i < items; i++) {
      for (int p = start[i]; p < start[i + 1]; p++) {
        int at = fill[neighbour[p]]++;
        reversedNeighbour[at] = i;
        reversedSimilarity[at] = similarity[p];
      }
    }
    return new ItemNeighbours(reversedStart, reversedNeighbour, reversedSimilarity);
  }

  /** The similarities of each item's neighbours summed by their category in {@code catalogue}. */
  CategoryMass byCategory(ItemCatalogue catalogue) {
    CategoryMass made = byCategory;
    if (made == null || !made.madeWith(catalogue)) {
      made = CategoryMass.of(catalogue, this);
      byCategory = made;
    }
    return made;
  }

  /** Bytes held by the arrays, for benchmarks. */
  public long sizeInBytes() {
    return 4L * start.length + 4L * neighbour.length + 4L * similarity.length;
  }
}
