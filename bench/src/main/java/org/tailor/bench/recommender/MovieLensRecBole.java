package org.tailor.bench.recommender;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * MovieLens 1M under RecBole's "ml-1m_general" protocol (RecBole
 * asset/hyper_tune_configs/general/ml-1m_general.md): ratings ≥ 3 as implicit positives, 10-core
 * filtering of users and items repeated until stable (6,040 users, 3,124 items, 834,449
 * interactions), each user's interactions shuffled and split 8:1:1 as RecBole's {@code
 * split_by_ratio} counts them, full ranking with the user's train and valid items removed.
 */
final class MovieLensRecBole {

  static final String RATINGS = "movielens-1m/ratings_no_timestamp.csv.gz";

  private MovieLensRecBole() {}

  /** The filtered interactions as (user, item) pairs with their original ids, before splitting. */
  record Interactions(int[] users, int[] items, int userCount, int itemCount) {
    int size() {
      return users.length;
    }
  }

  static Interactions load(Path data) throws IOException {
    List<int[]> kept = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(data.resolve(RATINGS))),
                StandardCharsets.UTF_8))) {
      String header = in.readLine();
      if (header == null || !header.startsWith("user_id,item_dense,")) {
        throw new IOException(
            data.resolve(RATINGS)
                + ": expected the header user_id,item_dense,movie_id,rating, found "
                + header);
      }
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] cells = line.split(",", -1);
        if (Integer.parseInt(cells[3]) >= 3) {
          kept.add(new int[] {Integer.parseInt(cells[0]), Integer.parseInt(cells[1])});
        }
      }
    }
    return kCore(kept, 10);
  }

  /** Drops users and items with fewer than {@code k} interactions until none is left to drop. */
  static Interactions kCore(List<int[]> pairs, int k) {
    List<int[]> current = pairs;
    while (true) {
      int maxUser = 0;
      int maxItem = 0;
      for (int[] p : current) {
        maxUser = Math.max(maxUser, p[0]);
        maxItem = Math.max(maxItem, p[1]);
      }
      int[] perUser = new int[maxUser + 1];
      int[] perItem = new int[maxItem + 1];
      for (int[] p : current) {
        perUser[p[0]]++;
        perItem[p[1]]++;
      }
      List<int[]> next = new ArrayList<>(current.size());
      for (int[] p : current) {
        if (perUser[p[0]] >= k && perItem[p[1]] >= k) {
          next.add(p);
        }
      }
      if (next.size() == current.size()) {
        break;
      }
      current = next;
    }
    int[] userIndex = dense(current, 0);
    int[] itemIndex = dense(current, 1);
    int[] users = new int[current.size()];
    int[] items = new int[current.size()];
    for (int i = 0; i < current.size(); i++) {
      users[i] = userIndex[current.get(i)[0]];
      items[i] = itemIndex[current.get(i)[1]];
    }
    return new Interactions(
        users,
        items,
        Arrays.stream(userIndex).max().orElse(-1) + 1,
        Arrays.stream(itemIndex).max().orElse(-1) + 1);
  }

  private static int[] dense(List<int[]> pairs, int column) {
    int max = 0;
    for (int[] p : pairs) {
      max = Math.max(max, p[column]);
    }
    int[] index = new int[max + 1];
    Arrays.fill(index, -1);
    for (int[] p : pairs) {
      index[p[column]] = 0;
    }
    int next = 0;
    for (int id = 0; id <= max; id++) {
      if (index[id] == 0) {
        index[id] = next++;
      }
    }
    return index;
  }

  /** Each user's interactions shuffled with {@code seed} and split 8:1:1. */
  static Split split(Interactions interactions, long seed) {
    int[][] byUser = new int[interactions.userCount()][];
    int[] counts = new int[interactions.userCount()];
    for (int u : interactions.users()) {
      counts[u]++;
    }
    for (int u = 0; u < byUser.length; u++) {
      byUser[u] = new int[counts[u]];
      counts[u] = 0;
    }
    for (int i = 0; i < interactions.size(); i++) {
      int u = interactions.users()[i];
      byUser[u][counts[u]++] = interactions.items()[i];
    }
    Random random = new Random(seed);
    int[][] train = new int[byUser.length][];
    int[][] valid = new int[byUser.length][];
    int[][] test = new int[byUser.length][];
    for (int u = 0; u < byUser.length; u++) {
      int[] items = byUser[u];
      Arrays.sort(items); // a canonical order, so the shuffle alone decides
      for (int i = items.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = items[i];
        items[i] = items[j];
        items[j] = t;
      }
      int[] sizes = ratioSizes(items.length);
      train[u] = sorted(Arrays.copyOfRange(items, 0, sizes[0]));
      valid[u] = sorted(Arrays.copyOfRange(items, sizes[0], sizes[0] + sizes[1]));
      test[u] = sorted(Arrays.copyOfRange(items, sizes[0] + sizes[1], items.length));
    }
    return new Split(
        "MovieLens 1M, RecBole ml-1m_general (seed " + seed + ")",
        interactions.itemCount(),
        train,
        valid,
        test,
        true,
        true);
  }

  /** RecBole's {@code _calcu_split_ids} for ratios 0.8, 0.1, 0.1. */
  static int[] ratioSizes(int total) {
    double[] ratios = {0.8, 0.1, 0.1};
    int[] count = new int[3];
    for (int i = 1; i < 3; i++) {
      count[i] = (int) (ratios[i] * total);
    }
    count[0] = total - count[1] - count[2];
    for (int i = 1; i < 3; i++) {
      if (count[0] <= 1) {
        break;
      }
      double share = ratios[3 - i] * total;
      if (share > 0 && share < 1) {
        count[3 - i]++;
        count[0]--;
      }
    }
    return count;
  }

  private static int[] sorted(int[] items) {
    Arrays.sort(items);
    return items;
  }
}
