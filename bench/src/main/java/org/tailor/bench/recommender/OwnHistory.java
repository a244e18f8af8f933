package org.tailor.bench.recommender;

/**
 * The shopper's own history: each product scored by the recency-weighted count of the shopper's
 * invoices holding it, the product-level form of the plugin's category affinity.
 */
final class OwnHistory implements Recommender {

  private final Split split;
  private final float[][] weights;

  OwnHistory(Split split, float[][] weights) {
    this.split = split;
    this.weights = weights;
  }

  @Override
  public String name() {
    return "own history (recency-weighted)";
  }

  @Override
  public void score(int user, float[] scores) {
    int[] items = split.train()[user];
    for (int i = 0; i < items.length; i++) {
      scores[items[i]] += weights[user][i];
    }
  }
}
