package org.tailor.scoring.history.similarity;

import java.util.Arrays;
import org.tailor.scoring.history.catalogue.ItemCatalogue;

/**
 * The similar items of every item summed by their category: for item i, one pair (category c, mass)
 * for each category among i's neighbours, with the similarities of i's neighbours in c added up.
 * What {@link AlsoBought} reads for every decision, so that it visits a few categories per item
 * bought instead of every neighbour, from arrays laid out in the order it reads them.
 *
 * <p>The masses are doubles, each a sum of float similarities: a double holds such a sum exactly
 * while the similarities lie within 2<sup>29</sup> of each other (a float's 24 significant bits
 * leave 29 to spare), as one item's top k do, so that adding an item's masses gives the very sum
 * its neighbours' similarities give one by one; otherwise the two differ in the last bits.
 */
final class CategoryMass {

  private final ItemCatalogue catalogue;
  private final int[] start;
  private final int[] category;
  private final double[] mass;

  private CategoryMass(ItemCatalogue catalogue, int[] start, int[] category, double[] mass) {
    this.catalogue = catalogue;
    this.start = start;
    this.category = category;
    this.mass = mass;
  }

  /** The table of every item of {@code neighbours}, by the categories {@code catalogue} gives. */
  static CategoryMass of(ItemCatalogue catalogue, ItemNeighbours neighbours) {
    int items = neighbours.itemCount();
    int[] start = new int[items + 1];
    int[] category = new int[0];
    double[] mass = new double[0];
    double[] byCategory = new double[catalogue.categoryCount()];
    int[] seen = new int[catalogue.categoryCount()];
    int count = 0;
    for (int item = 0; item < items; item++) {
      int distinct = 0;
      for (int rank = 0; rank < neighbours.countOf(item); rank++) {
        int c = catalogue.categoryId(neighbours.neighbour(item, rank));
        if (byCategory[c] == 0 && !contains(seen, distinct, c)) {
          seen[distinct++] = c;
        }
        byCategory[c] += neighbours.similarity(item, rank);
      }
      if (count + distinct > category.length) {
        int grown = Math.max(count + distinct, 2 * category.length + 16);
        category = Arrays.copyOf(category, grown);
        mass = Arrays.copyOf(mass, grown);
      }
      Arrays.sort(seen, 0, distinct);
      for (int d = 0; d < distinct; d++) {
        category[count] = seen[d];
        mass[count++] = byCategory[seen[d]];
        byCategory[seen[d]] = 0;
      }
      start[item + 1] = count;
    }
    return new CategoryMass(
        catalogue, start, Arrays.copyOf(category, count), Arrays.copyOf(mass, count));
  }

  private static boolean contains(int[] values, int count, int value) {
    for (int i = 0; i < count; i++) {
      if (values[i] == value) {
        return true;
      }
    }
    return false;
  }

  /** Whether this table was made with that catalogue. */
  boolean madeWith(ItemCatalogue other) {
    return catalogue == other;
  }

  int itemCount() {
    return start.length - 1;
  }

  /** Where the pairs of {@code item} begin. */
  int from(int item) {
    return start[item];
  }

  /** Where the pairs of {@code item} end (exclusive). */
  int to(int item) {
    return start[item + 1];
  }

  /** The category of the pair at {@code at}. */
  int category(int at) {
    return category[at];
  }

  /** The summed similarity of the pair at {@code at}. */
  double mass(int at) {
    return mass[at];
  }
}
