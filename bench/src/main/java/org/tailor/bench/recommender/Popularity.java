package org.tailor.bench.recommender;

/**
 * The most-bought items first, the same for everybody: RecBole's "Pop" (the number of training
 * interactions of the item) and the store-bestseller fallback of the history plugin.
 */
final class Popularity implements Recommender {

  private final float[] counts;

  Popularity(Split split) {
    int[] buyers = buyersPerItem(split);
    counts = new float[buyers.length];
    for (int i = 0; i < buyers.length; i++) {
      counts[i] = buyers[i];
    }
  }

  static int[] buyersPerItem(Split split) {
    int[] buyers = new int[split.items()];
    for (int[] row : split.train()) {
      for (int item : row) {
        buyers[item]++;
      }
    }
    return buyers;
  }

  @Override
  public String name() {
    return "pop";
  }

  @Override
  public void score(int user, float[] scores) {
    System.arraycopy(counts, 0, scores, 0, counts.length);
  }
}
