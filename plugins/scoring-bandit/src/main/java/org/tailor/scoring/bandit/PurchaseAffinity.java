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
 * <p>Built once per decision from the history the host's {@code PurchaseHistory} gives; {@link
 * #level(String)} walks the distinct categories bought (at most one per line), so asking once per
 * offer category and decision stays cheap.
 */
public final class PurchaseAffinity {

  public static final int NONE = 0;
  public static final int LOW = 1;
  public static final int MID = 2;
  public static final int HIGH = 3;

  /** How many levels there are. */
  public static final int LEVELS = 4;

  /** No history at all: every category is {@link #NONE}. */
  public static final PurchaseAffinity EMPTY = new PurchaseAffinity(new String[0], new int[0], 0);

  private final String[] categories;
  private final int[] lines;
  private final int totalLines;

  private PurchaseAffinity(String[] categories, int[] lines, int totalLines) {
    this.categories = categories;
    this.lines = lines;
    this.totalLines = totalLines;
  }

  /** The affinity of a shopper with these recent purchases. */
  public static PurchaseAffinity of(List<PurchaseRecord> purchases) {
    Map<String, Integer> counts = new HashMap<>();
    int total = 0;
    for (PurchaseRecord purchase : purchases) {
      for (PurchasedItem line : purchase.lines()) {
        counts.merge(line.category(), 1, Integer::sum);
        total++;
      }
    }
    if (total == 0) {
      return EMPTY;
    }
    String[] categories = new String[counts.size()];
    int[] lines = new int[counts.size()];
    int i = 0;
    for (Map.Entry<String, Integer> entry : counts.entrySet()) {
      categories[i] = entry.getKey();
      lines[i] = entry.getValue();
      i++;
    }
    return new PurchaseAffinity(categories, lines, total);
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
    int count = 0;
    for (int i = 0; i < categories.length; i++) {
      String bought = categories[i];
      if (bought.startsWith(category)
          && (bought.length() == category.length() || bought.charAt(category.length()) == '/')) {
        count += lines[i];
      }
    }
    return count;
  }

  /** The level of the shopper's affinity to the category: {@link #NONE} to {@link #HIGH}. */
  public int level(String category) {
    int count = linesIn(category);
    if (count == 0) {
      return NONE;
    }
    double share = (double) count / totalLines;
    return share < 0.05 ? LOW : share < 0.15 ? MID : HIGH;
  }
}
