package org.tailor.scoring.bandit.linucb;

import java.util.Arrays;

/**
 * One arm (offer) of disjoint LinUCB (Li, Chu, Langford &amp; Schapire, WWW 2010, Algorithm 1):
 * ridge regression of the reward on the context features, {@code A = I + Σ x xᵀ}, {@code b = Σ r
 * x}, {@code θ = A⁻¹ b}, and the upper confidence bound {@code θᵀx + α √(xᵀ A⁻¹ x)}.
 *
 * <p>Features are binary, given as the indexes of the ones that are 1 (sparse), so scoring costs
 * O(k²) for k active features. A⁻¹ is kept up to date with the Sherman–Morrison formula, {@code (A
 * + x xᵀ)⁻¹ = A⁻¹ − A⁻¹x xᵀA⁻¹ / (1 + xᵀA⁻¹x)}, O(d²) per presentation. Rewards may arrive late: a
 * presentation adds {@code x xᵀ} to A with reward 0, and a redemption later adds {@code x} to b,
 * which gives the same A and b as one update with reward 1. Not thread-safe.
 */
public final class LinUcbArm {

  private final int dimension;
  private final double[] a;
  private final double[] aInverse;
  private final double[] b;
  private final double[] theta;
  // the indexes where b is not 0, ascending: θ = A⁻¹b needs only those columns
  private final int[] rewarded;
  private int rewardedCount;
  // A⁻¹ and θ lag behind A after shownLater, until read
  private boolean stale;

  /** A new arm: A = I, b = 0. */
  public LinUcbArm(int dimension) {
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be 1 or more, was " + dimension);
    }
    this.dimension = dimension;
    this.a = identity(dimension);
    this.aInverse = identity(dimension);
    this.b = new double[dimension];
    this.theta = new double[dimension];
    this.rewarded = new int[dimension];
  }

  /**
   * An arm with the given A (row-major, symmetric positive definite) and b, as saved; A⁻¹ is
   * computed afresh, which also clears rounding drift of the Sherman–Morrison updates.
   */
  public static LinUcbArm of(int dimension, double[] a, double[] b) {
    if (a.length != dimension * dimension || b.length != dimension) {
      throw new IllegalArgumentException(
          "expected A of " + dimension * dimension + " and b of " + dimension + " values");
    }
    LinUcbArm arm = new LinUcbArm(dimension);
    System.arraycopy(a, 0, arm.a, 0, a.length);
    System.arraycopy(b, 0, arm.b, 0, b.length);
    for (int i = 0; i < b.length; i++) {
      if (b[i] != 0) {
        arm.rewarded[arm.rewardedCount++] = i;
      }
    }
    System.arraycopy(Cholesky.inverse(a, dimension), 0, arm.aInverse, 0, a.length);
    arm.refreshTheta();
    return arm;
  }

  public int dimension() {
    return dimension;
  }

  /** The arm was played in context x: A ← A + x xᵀ (reward 0 until a redemption says otherwise). */
  public void shown(int[] active) {
    check(active);
    if (stale) {
      shownLater(active);
      return;
    }
    for (int i : active) {
      for (int j : active) {
        a[i * dimension + j] += 1;
      }
    }
    int d = dimension;
    double[] u = new double[d]; // A⁻¹x, which is also (xᵀA⁻¹)ᵀ since A⁻¹ is symmetric
    for (int r = 0; r < d; r++) {
      double sum = 0;
      for (int i : active) {
        sum += aInverse[r * d + i];
      }
      u[r] = sum;
    }
    double denominator = 1;
    for (int i : active) {
      denominator += u[i];
    }
    for (int r = 0; r < d; r++) {
      double ur = u[r] / denominator;
      if (ur != 0) {
        for (int c = 0; c < d; c++) {
          aInverse[r * d + c] -= ur * u[c];
        }
      }
    }
    refreshTheta();
  }

  /**
   * As {@link #shown}, but A⁻¹ and θ are brought up to date only when next read (from A, by
   * Cholesky, as a restored arm's are), not by an O(d²) update now: for a learner that does not
   * score with this arm (Thompson sampling), which then learns in O(k²). A read that finds them
   * behind changes the arm, so it needs the same exclusive access as {@code shown}.
   */
  public void shownLater(int[] active) {
    check(active);
    for (int i : active) {
      for (int j : active) {
        a[i * dimension + j] += 1;
      }
    }
    stale = true;
  }

  /** Brings A⁻¹ and θ up to date after {@link #shownLater}. */
  private void fresh() {
    if (stale) {
      System.arraycopy(Cholesky.inverse(a, dimension), 0, aInverse, 0, aInverse.length);
      stale = false;
      refreshTheta();
    }
  }

  /** The arm played in context x earned reward 1: b ← b + x. */
  public void rewarded(int[] active) {
    check(active);
    for (int i : active) {
      if (b[i] == 0) {
        // kept ascending, so that θ sums its terms in the order of a full row
        int at = rewardedCount;
        while (at > 0 && rewarded[at - 1] > i) {
          rewarded[at] = rewarded[at - 1];
          at--;
        }
        rewarded[at] = i;
        rewardedCount++;
      }
      b[i] += 1;
    }
    if (!stale) {
      refreshTheta(); // else made with A⁻¹ when read
    }
  }

  /** θᵀx, the estimated reward. */
  public double expectedReward(int[] active) {
    check(active);
    fresh();
    double sum = 0;
    for (int i : active) {
      sum += theta[i];
    }
    return sum;
  }

  /** √(xᵀ A⁻¹ x), the width of the confidence interval before α. */
  public double width(int[] active) {
    check(active);
    fresh();
    double sum = 0;
    for (int i : active) {
      for (int j : active) {
        sum += aInverse[i * dimension + j];
      }
    }
    return Math.sqrt(Math.max(0, sum));
  }

  /** θᵀx + α √(xᵀ A⁻¹ x). */
  public double upperConfidenceBound(int[] active, double alpha) {
    return expectedReward(active) + alpha * width(active);
  }

  /** A copy of A, row-major. */
  public double[] a() {
    return a.clone();
  }

  /** A copy of A⁻¹, row-major. */
  public double[] aInverse() {
    fresh();
    return aInverse.clone();
  }

  /** A copy of b. */
  public double[] b() {
    return b.clone();
  }

  /** A copy of θ = A⁻¹ b. */
  public double[] theta() {
    fresh();
    return theta.clone();
  }

  /** A's entry in row {@code row}, column {@code column}, for a snapshot; copies nothing. */
  public double a(int row, int column) {
    return a[row * dimension + column];
  }

  /** b's entry {@code i}, for a snapshot; copies nothing. */
  public double b(int i) {
    return b[i];
  }

  /**
   * θ = A⁻¹b over the columns where b is not 0 (the other terms are 0): nothing to do for an arm
   * never rewarded, whose θ stays 0, and few columns for one rewarded in few contexts.
   */
  private void refreshTheta() {
    int d = dimension;
    if (rewardedCount == 0) {
      return; // θ = 0
    }
    for (int r = 0; r < d; r++) {
      double sum = 0;
      int row = r * d;
      for (int k = 0; k < rewardedCount; k++) {
        int c = rewarded[k];
        sum += aInverse[row + c] * b[c];
      }
      theta[r] = sum;
    }
  }

  private void check(int[] active) {
    for (int i = 0; i < active.length; i++) {
      if (active[i] < 0 || active[i] >= dimension) {
        throw new IllegalArgumentException(
            "feature index " + active[i] + " outside 0.." + (dimension - 1));
      }
      for (int j = 0; j < i; j++) {
        if (active[j] == active[i]) {
          throw new IllegalArgumentException(
              "feature index " + active[i] + " given twice in " + Arrays.toString(active));
        }
      }
    }
  }

  private static double[] identity(int d) {
    double[] m = new double[d * d];
    for (int i = 0; i < d; i++) {
      m[i * d + i] = 1;
    }
    return m;
  }
}
