package org.tailor.bench.recommender;

import org.tailor.scoring.history.similarity.ItemNeighbours;
import org.tailor.scoring.history.similarity.ItemSimilarity;
import org.tailor.scoring.history.similarity.PurchaseMatrix;

/**
 * The history plugin's item-to-item model ({@link ItemSimilarity}, Linden, Smith &amp; York 2003)
 * learnt from the training rows: a user's score for item j is the sum of the similarities of j to
 * every item the user has, among those items' top-k neighbours (RecBole's ItemKNN scoring).
 */
final class ItemToItem implements Recommender {

  private final Split split;
  private final ItemNeighbours neighbours;
  private final int k;
  private final double shrink;
  private final boolean recBoleOrientation;

  /**
   * With {@code recBoleOrientation} a candidate is scored from its own top-k neighbours among the
   * items the user has (RecBole's ItemKNN); without, every item the user has lends its top-k
   * neighbours (Linden et al., and the plugin).
   */
  ItemToItem(Split split, int k, double shrink, boolean recBoleOrientation) {
    this.split = split;
    this.k = k;
    this.shrink = shrink;
    this.recBoleOrientation = recBoleOrientation;
    PurchaseMatrix.Builder builder = PurchaseMatrix.builder();
    for (int user = 0; user < split.users(); user++) {
      for (int item : split.train()[user]) {
        builder.add(user, item);
      }
    }
    ItemNeighbours table = ItemSimilarity.compute(builder.build(split.items()), k, shrink);
    this.neighbours = recBoleOrientation ? table.reversed() : table;
  }

  @Override
  public String name() {
    return (recBoleOrientation ? "item-knn (RecBole orientation)" : "item-to-item (Linden)")
        + " k="
        + k
        + " shrink="
        + shrink;
  }

  @Override
  public void score(int user, float[] scores) {
    neighbours.accumulate(split.train()[user], scores);
  }
}
