package org.tailor.bench.recommender;

/**
 * The plugin's mix at product level: the shopper's share of own recency-weighted history plus the
 * share of the "also bought" similarity mass, each summing to 1 over products, weighted like the
 * plugin's {@code affinityWeight} and {@code similarityWeight}.
 */
final class HistoryBlend implements Recommender {

  private final Recommender own;
  private final Recommender similar;
  private final double ownWeight;
  private final double similarWeight;
  private float[] buffer = new float[0];

  HistoryBlend(Recommender own, Recommender similar, double ownWeight, double similarWeight) {
    this.own = own;
    this.similar = similar;
    this.ownWeight = ownWeight;
    this.similarWeight = similarWeight;
  }

  @Override
  public String name() {
    return "history blend (own " + ownWeight + " + " + similarWeight + " " + similar.name() + ")";
  }

  @Override
  public void score(int user, float[] scores) {
    if (buffer.length != scores.length) {
      buffer = new float[scores.length];
    }
    java.util.Arrays.fill(buffer, 0);
    own.score(user, buffer);
    add(buffer, scores, ownWeight);
    java.util.Arrays.fill(buffer, 0);
    similar.score(user, buffer);
    add(buffer, scores, similarWeight);
  }

  private static void add(float[] part, float[] scores, double weight) {
    double total = 0;
    for (float s : part) {
      total += s;
    }
    if (total <= 0) {
      return;
    }
    for (int i = 0; i < part.length; i++) {
      scores[i] += (float) (weight * part[i] / total);
    }
  }
}
