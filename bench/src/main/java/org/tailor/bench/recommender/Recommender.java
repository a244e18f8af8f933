package org.tailor.bench.recommender;

/** Scores every item for one user; higher is better. */
interface Recommender {

  /** A short name for reports, such as {@code "pop"} or {@code "item-to-item k=250"}. */
  String name();

  /** Writes a score for every item of the split into {@code scores} (length = items). */
  void score(int user, float[] scores);
}
