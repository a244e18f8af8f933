package org.tailor.scoring.bandit.linucb;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Disjoint LinUCB over offers (Li et al. 2010): one {@link LinUcbArm} per offer, sharing the
 * feature space and the exploration weight α. An offer never shown has A = I, b = 0: expected
 * reward 0 and the widest bound, so it is tried. Not thread-safe.
 */
public final class DisjointLinUcb {

  private final int dimension;
  private final double alpha;
  private final Map<String, LinUcbArm> arms = new HashMap<>();

  /**
   * @param dimension d, the number of context features
   * @param alpha α ≥ 0, how much the confidence width counts
   */
  public DisjointLinUcb(int dimension, double alpha) {
    if (!(alpha >= 0 && Double.isFinite(alpha))) {
      throw new IllegalArgumentException("alpha must be zero or more, was " + alpha);
    }
    this.dimension = dimension;
    this.alpha = alpha;
  }

  public int dimension() {
    return dimension;
  }

  public double alpha() {
    return alpha;
  }

  public void shown(String offer, int[] active) {
    arm(offer).shown(active);
  }

  /**
   * As {@link #shown}, with the arm's A⁻¹ brought up to date when next read: {@link
   * LinUcbArm#shownLater}.
   */
  public void shownLater(String offer, int[] active) {
    arm(offer).shownLater(active);
  }

  public void rewarded(String offer, int[] active) {
    arm(offer).rewarded(active);
  }

  /** θᵀx + α √(xᵀ A⁻¹ x) of the offer in context x. */
  public double upperConfidenceBound(String offer, int[] active) {
    LinUcbArm arm = arms.get(offer);
    if (arm == null) {
      return alpha * Math.sqrt(active.length); // A = I, b = 0
    }
    return arm.upperConfidenceBound(active, alpha);
  }

  /** θᵀx of the offer in context x; 0 for an offer never shown. */
  public double expectedReward(String offer, int[] active) {
    LinUcbArm arm = arms.get(offer);
    return arm == null ? 0 : arm.expectedReward(active);
  }

  public Optional<LinUcbArm> armOf(String offer) {
    return Optional.ofNullable(arms.get(offer));
  }

  /** The arms, by offer, for a snapshot. */
  public Map<String, LinUcbArm> arms() {
    return Map.copyOf(arms);
  }

  /** Puts back an arm read from a snapshot. */
  public void restore(String offer, LinUcbArm arm) {
    if (arm.dimension() != dimension) {
      throw new IllegalArgumentException(
          "arm of offer "
              + offer
              + " has dimension "
              + arm.dimension()
              + ", expected "
              + dimension);
    }
    arms.put(offer, arm);
  }

  private LinUcbArm arm(String offer) {
    return arms.computeIfAbsent(offer, o -> new LinUcbArm(dimension));
  }
}
