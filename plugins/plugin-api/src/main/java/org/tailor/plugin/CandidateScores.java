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
 * afterwards. Since 1.5 a plugin may instead lend the host a working array it writes again at its
 * next scoring on the same thread ({@link #lent(double[], int, Reasons)}): the host reads the
 * scores of a decision, like its reasons, only on the deciding thread before the decision answers.
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
  private final int size;
  private final Reasons reasons;

  private CandidateScores(double[] scores, int size, Reasons reasons) {
    this.scores = scores;
    this.size = size;
    this.reasons = reasons;
  }

  private CandidateScores(double[] scores, Reasons reasons) {
    this(scores, scores.length, reasons);
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
    return lent(scores, scores.length, reasons);
  }

  /**
   * Scores by candidate position with their reasons, in the first {@code size} entries of a working
   * array the plugin keeps and writes again at its next scoring on the same thread, instead of an
   * array made for each decision (8 kB for a thousand candidates, zeroed and soon collected). The
   * host reads these scores only as it asks for the reasons: on the deciding thread, after every
   * plugin has scored and before the decision answers; so the plugin may use the array again for
   * the thread's next decision, but must not change it before then (nor from another thread).
   *
   * @param scores the working array: its first {@code size} entries are the scores by candidate
   *     position, a finite score or {@link Double#NaN} for no opinion; the entries after them are
   *     not read
   * @param size how many candidates there are
   * @param reasons the words for a scored candidate, asked for only for the offers shown
   * @throws IllegalArgumentException when a score is infinite, naming its position, or {@code size}
   *     is negative or longer than the array
   * @since 1.5
   */
  public static CandidateScores lent(double[] scores, int size, Reasons reasons) {
    Objects.requireNonNull(scores, "scores");
    Objects.requireNonNull(reasons, "reasons");
    if (size < 0 || size > scores.length) {
      throw new IllegalArgumentException(
          "size " + size + " outside 0.." + scores.length + ", the length of the scores");
    }
    for (int i = 0; i < size; i++) {
      if (Double.isInfinite(scores[i])) {
        throw new IllegalArgumentException(
            "score of candidate "
                + i
                + " must be a finite number or NaN for no opinion, was "
                + scores[i]);
      }
    }
    return new CandidateScores(scores, size, reasons);
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
    return size;
  }

  /** Whether the plugin scored the candidate at {@code index}. */
  public boolean scored(int index) {
    return !Double.isNaN(score(index));
  }

  /** The score of the candidate at {@code index}, {@link Double#NaN} when it has none. */
  public double score(int index) {
    Objects.checkIndex(index, size);
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
    String reason = reasons.reason(index);
    if (reason == null) { // the message made only when needed
      throw new NullPointerException("reason of candidate " + index);
    }
    return reason;
  }
}
