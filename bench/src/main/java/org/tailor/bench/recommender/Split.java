package org.tailor.bench.recommender;

/**
 * Interactions of users with items by dense index, split for evaluation: what a model learns from
 * ({@code train}), what it is tuned on ({@code valid}, may be empty) and what it is judged on
 * ({@code test}). Each row holds one user's distinct items.
 *
 * @param name the data set and protocol, for reports
 * @param items the number of items
 * @param train per user, the items learnt from
 * @param valid per user, the validation items (empty rows when there is no validation split)
 * @param test per user, the items to find
 * @param maskSeen whether the user's train items are excluded from the ranking (RecBole's full
 *     ranking), or may be recommended again (repeat purchases in retail)
 * @param maskValid whether the user's valid items are excluded too (RecBole's test phase)
 */
record Split(
    String name,
    int items,
    int[][] train,
    int[][] valid,
    int[][] test,
    boolean maskSeen,
    boolean maskValid) {

  /** The same split with the valid items left in (or taken out of) the ranking. */
  Split withValidMasked(boolean mask) {
    return new Split(
        name + (mask ? "" : ", valid items left in the ranking"),
        items,
        train,
        valid,
        test,
        maskSeen,
        mask);
  }

  int users() {
    return train.length;
  }

  long trainInteractions() {
    long n = 0;
    for (int[] row : train) {
      n += row.length;
    }
    return n;
  }

  long testInteractions() {
    long n = 0;
    for (int[] row : test) {
      n += row.length;
    }
    return n;
  }
}
