package org.tailor.scoring.bandit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tailor.plugin.host.PurchaseRecord;
import org.tailor.plugin.host.PurchasedItem;

/**
 * A shopper's affinity to a category from the shopper's recent purchases, as a level: the share of
 * purchase lines in the category (or under it in the category path) bucketed as {@link #NONE} (no
 * line), {@link #LOW} (under 5 %), {@link #MID} (under 15 %) or {@link #HIGH}. Lines count, not
 * quantities or amounts: how often the shopper buys in a category, not how much.
 *
 * <p>Built from the history the host's {@code PurchaseHistory} gives (and kept by the plugin while
 * the history gives lines of the same categories): the lines are counted into every category on
 * each line's path ({@code fresh/fruit} counts for {@code fresh} and {@code fresh/fruit}), so
 * {@link #level(String)} is one hash look-up per category.
 */
public final class PurchaseAffinity {

  public static final int NONE = 0;
  public static final int LOW = 1;
  public static final int MID = 2;
  public static final int HIGH = 3;

  /** How many levels there are. */
  public static final int LEVELS = 4;

  /** No history at all: every category is {@link #NONE}. */
  public static final PurchaseAffinity EMPTY = new PurchaseAffinity(Map.of(), 0);

  // lines per category and per category above it in the path; never changed after building
  private final Map<String, int[]> linesByPath;
  private final int totalLines;

  private PurchaseAffinity(Map<String, int[]> linesByPath, int totalLines) {
    this.linesByPath = linesByPath;
    this.totalLines = totalLines;
  }

  /** The affinity of a shopper with these recent purchases. */
  public static PurchaseAffinity of(List<PurchaseRecord> purchases) {
    Map<String, int[]> counts = new HashMap<>();
    int total = 0;
    String previous = null; // a receipt's lines often run in one category: count those in a row
    int[] previousCount = null;
    for (PurchaseRecord purchase : purchases) {
      List<PurchasedItem> lines = purchase.lines();
      for (int i = 0, size = lines.size(); i < size; i++) {
        String category = lines.get(i).category();
        if (category != previous && !category.equals(previous)) {
          previousCount = counts.get(category);
          if (previousCount == null) {
            previousCount = new int[1];
            counts.put(category, previousCount);
          }
          previous = category;
        }
        previousCount[0]++;
      }
      total += lines.size();
    }
    if (total == 0) {
      return EMPTY;
    }
    // then each distinct category's lines into it and into every category above it
    Map<String, int[]> byPath = new HashMap<>(counts.size() * 2);
    for (Map.Entry<String, int[]> bought : counts.entrySet()) {
      String category = bought.getKey();
      int lines = bought.getValue()[0];
      byPath.computeIfAbsent(category, c -> new int[1])[0] += lines;
      for (int slash = category.indexOf('/');
          slash >= 0;
          slash = category.indexOf('/', slash + 1)) {
        byPath.computeIfAbsent(category.substring(0, slash), c -> new int[1])[0] += lines;
      }
    }
    return new PurchaseAffinity(byPath, total);
  }

  /** The purchase lines counted. */
  public int totalLines() {
    return totalLines;
  }

  /**
   * The lines bought in the category or under it in the path ({@code fresh} holds {@code
   * fresh/fruit}).
   */
  public int linesIn(String category) {
    int[] count = linesByPath.get(category);
    return count == null ? 0 : count[0];
  }

  /** The level of the shopper's affinity to the category: {@link #NONE} to {@link #HIGH}. */
  public int level(String category) {
    if (totalLines == 0) {
      return NONE;
    }
    int count = linesIn(category);
    if (count == 0) {
      return NONE;
    }
    double share = (double) count / totalLines;
    return share < 0.05 ? LOW : share < 0.15 ? MID : HIGH;
  }
}
