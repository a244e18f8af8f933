package org.tailor.plugin;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A scoring plugin's scores for the candidates of one decision, by position: {@code score(i)} is
 * the score of {@code candidates.get(i)}, or {@link Double#NaN} where the plugin has no opinion of
 * that candidate (treated as neutral). The reasons are put into words only when the host asks, and
 * it asks only for the offers it shows — a few per decision instead of one per candidate.
 *
 * <p>Made by {@link ScoringPlugin#scores(DecisionContext, List)}. Immutable once made: the array
 * given to {@link #of(double[], Reasons)} belongs to this object and must not be changed
 * afterwards.
 */
public final class CandidateScores {

  /**
   * Puts into words why a candidate got its score, such as {@code "bought coffee 6 times in 90
   * days"}.
   *
   * <p>The host calls it only for candidates the plugin scored (not {@code NaN}), at most a few
   * times per decision, on the deciding thread, after every plugin has scored and before the
   * decision answers. So a plugin may keep what the words need (the decision's context, the
   * candidates, the draws it made) until then, but not longer. It should be quick and must not
   * block; a reason that throws is replaced by a note of the failure and the failure is reported in
   * the plugin's status.
   */
  @FunctionalInterface
  public interface Reasons {
    /** The reason for the candidate at {@code index}; never {@code null}. */
    String reason(int index);
  }

  private final double[] scores;
  private final Reasons reasons;

  private CandidateScores(double[] scores, Reasons reasons) {
    this.scores = scores;
    this.reasons = reasons;
  }

  /**
   * Scores by candidate position with their reasons.
   *
   * @param scores one entry per candidate, in the order of the candidates: a finite score, or
   *     {@link Double#NaN} for no opinion; taken over, not copied
   * @param reasons the words for a scored candidate, asked for only for the offers shown
   * @throws IllegalArgumentException when a score is infinite, naming its position
   */
  public static CandidateScores of(double[] scores, Reasons reasons) {
    Objects.requireNonNull(scores, "scores");
    Objects.requireNonNull(reasons, "reasons");
    for (int i = 0; i < scores.length; i++) {
      if (Double.isInfinite(scores[i])) {
        throw new IllegalArgumentException(
            "score of candidate "
                + i
                + " must be a finite number or NaN for no opinion, was "
                + scores[i]);
      }
    }
    return new CandidateScores(scores, reasons);
  }

  /** No opinion of any of {@code size} candidates. */
  public static CandidateScores none(int size) {
    double[] scores = new double[size];
    java.util.Arrays.fill(scores, Double.NaN);
    return new CandidateScores(
        scores,
        index -> {
          throw new IllegalArgumentException("candidate " + index + " was not scored");
        });
  }

  /**
   * The scores of {@link ScoringPlugin#score(DecisionContext, List)}, by candidate position. Two
   * scores for the same offer add up, and their reasons are joined with {@code "; "}.
   *
   * @throws IllegalArgumentException when a score names an offer that is not among the candidates
   */
  public static CandidateScores of(List<CandidateOffer> candidates, List<OfferScore> scored) {
    Objects.requireNonNull(candidates, "candidates");
    Objects.requireNonNull(scored, "scored");
    Map<String, Integer> positions = new HashMap<>(candidates.size() * 2);
    for (int i = 0; i < candidates.size(); i++) {
      positions.putIfAbsent(candidates.get(i).offerCode(), i);
    }
    double[] scores = new double[candidates.size()];
    java.util.Arrays.fill(scores, Double.NaN);
    String[] reasons = new String[candidates.size()];
    for (OfferScore score : scored) {
      Objects.requireNonNull(score, "a score in the list");
      Integer position = positions.get(score.offerCode());
      if (position == null) {
        throw new IllegalArgumentException(
            "scored offer '" + score.offerCode() + "', which is not among the candidates");
      }
      int i = position;
      if (Double.isNaN(scores[i])) {
        scores[i] = score.score();
        reasons[i] = score.reason();
      } else {
        scores[i] += score.score();
        reasons[i] = reasons[i] + "; " + score.reason();
      }
    }
    return of(
        scores,
        index -> {
          String reason = reasons[index];
          if (reason == null) {
            throw new IllegalArgumentException("candidate " + index + " was not scored");
          }
          return reason;
        });
  }

  /** How many candidates these scores are for. */
  public int size() {
    return scores.length;
  }

  /** Whether the plugin scored the candidate at {@code index}. */
  public boolean scored(int index) {
    return !Double.isNaN(scores[index]);
  }

  /** The score of the candidate at {@code index}, {@link Double#NaN} when it has none. */
  public double score(int index) {
    return scores[index];
  }

  /**
   * Why the candidate at {@code index} got its score, put into words now.
   *
   * @throws IllegalArgumentException when the candidate was not scored
   * @throws NullPointerException when the plugin's reason is {@code null}
   */
  public String reason(int index) {
    if (!scored(index)) {
      throw new IllegalArgumentException("candidate " + index + " was not scored");
    }
    return Objects.requireNonNull(reasons.reason(index), "reason of candidate " + index);
  }
}
