package org.tailor.bench.recommender;

import java.util.Arrays;

/**
 * Ranks all items for every test user and measures the top k against the test items (RecBole's
 * "full sort" evaluation). With {@link Split#maskSeen()} the user's train and valid items are
 * removed from the ranking first (and, with {@link Split#maskValid()}, the valid items). Ties go to
 * the more popular item in training, then to the smaller index, so that results do not depend on
 * iteration order.
 */
final class TopKEvaluation {

  private TopKEvaluation() {}

  static Metrics evaluate(Split split, Recommender recommender, int k) {
    int[] popularity = Popularity.buyersPerItem(split);
    float[] scores = new float[split.items()];
    int[] top = new int[k];
    double recall = 0;
    double ndcg = 0;
    double mrr = 0;
    double hit = 0;
    double precision = 0;
    int users = 0;
    double[] idealDcg = new double[k + 1];
    for (int i = 1; i <= k; i++) {
      idealDcg[i] = idealDcg[i - 1] + 1 / log2(i + 1);
    }
    for (int user = 0; user < split.users(); user++) {
      int[] positives = split.test()[user];
      if (positives.length == 0) {
        continue;
      }
      users++;
      Arrays.fill(scores, 0);
      recommender.score(user, scores);
      if (split.maskSeen()) {
        for (int item : split.train()[user]) {
          scores[item] = Float.NEGATIVE_INFINITY;
        }
        if (split.maskValid()) {
          for (int item : split.valid()[user]) {
            scores[item] = Float.NEGATIVE_INFINITY;
          }
        }
      }
      int found = topK(scores, popularity, top);
      int hits = 0;
      double dcg = 0;
      double reciprocal = 0;
      for (int rank = 0; rank < found; rank++) {
        if (Arrays.binarySearch(positives, top[rank]) >= 0) {
          hits++;
          dcg += 1 / log2(rank + 2);
          if (reciprocal == 0) {
            reciprocal = 1.0 / (rank + 1);
          }
        }
      }
      recall += (double) hits / positives.length;
      ndcg += dcg / idealDcg[Math.min(positives.length, k)];
      mrr += reciprocal;
      hit += hits > 0 ? 1 : 0;
      precision += (double) hits / k;
    }
    return new Metrics(
        k, recall / users, ndcg / users, mrr / users, hit / users, precision / users, users);
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  /** The indexes of the k best scores, best first, skipping masked (negative infinite) items. */
  static int topK(float[] scores, int[] popularity, int[] top) {
    int size = 0;
    for (int item = 0; item < scores.length; item++) {
      float score = scores[item];
      if (score == Float.NEGATIVE_INFINITY) {
        continue;
      }
      if (size == top.length
          && !better(score, item, scores[top[size - 1]], top[size - 1], popularity)) {
        continue;
      }
      int at = size == top.length ? size - 1 : size++;
      while (at > 0 && better(score, item, scores[top[at - 1]], top[at - 1], popularity)) {
        top[at] = top[at - 1];
        at--;
      }
      top[at] = item;
    }
    return size;
  }

  private static boolean better(float sa, int a, float sb, int b, int[] popularity) {
    if (sa != sb) {
      return sa > sb;
    }
    if (popularity[a] != popularity[b]) {
      return popularity[a] > popularity[b];
    }
    return a < b;
  }
}
