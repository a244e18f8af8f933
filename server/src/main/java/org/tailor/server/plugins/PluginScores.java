package org.tailor.server.plugins;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.CandidateScores;
import org.tailor.plugin.OfferScore;

/**
 * One scoring plugin's answer for one decision: a score by candidate position ({@link Double#NaN}
 * where it has no opinion) and the reasons, put into words only when asked for ({@link
 * #reason(int)}), which the decision pipeline does only for the offers it shows.
 */
public final class PluginScores {

  private final String pluginId;
  private final String bundle;
  private final List<CandidateOffer> candidates;
  private final CandidateScores scores;
  private final Consumer<Throwable> failed;

  /**
   * @param pluginId the plugin's id, such as {@code "rules"}
   * @param bundle the symbolic name of the bundle that provides it
   * @param candidates the candidates it scored
   * @param scores its scores, one per candidate
   * @param failed told of a reason that could not be put into words
   */
  PluginScores(
      String pluginId,
      String bundle,
      List<CandidateOffer> candidates,
      CandidateScores scores,
      Consumer<Throwable> failed) {
    this.pluginId = Objects.requireNonNull(pluginId, "pluginId");
    this.bundle = Objects.requireNonNull(bundle, "bundle");
    this.candidates = Objects.requireNonNull(candidates, "candidates");
    this.scores = Objects.requireNonNull(scores, "scores");
    this.failed = Objects.requireNonNull(failed, "failed");
    if (scores.size() != candidates.size()) {
      throw new IllegalArgumentException(
          scores.size() + " scores for " + candidates.size() + " candidates");
    }
  }

  /** The plugin's id, such as {@code "rules"}. */
  public String pluginId() {
    return pluginId;
  }

  /** The symbolic name of the bundle that provides the plugin. */
  public String bundle() {
    return bundle;
  }

  /** Whether the plugin scored the candidate at {@code index}. */
  public boolean scored(int index) {
    return scores.scored(index);
  }

  /** The plugin's score of the candidate at {@code index}, {@link Double#NaN} for none. */
  public double score(int index) {
    return scores.score(index);
  }

  /**
   * Why the plugin scored the candidate at {@code index} as it did. A plugin whose reason fails (or
   * is {@code null}) gets its failure recorded in its status, and this says so instead.
   */
  public String reason(int index) {
    try {
      return scores.reason(index);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      failed.accept(e);
      return "no reason given (" + PluginError.describe(e) + ")";
    }
  }

  /** Every score with its reason in words, in the candidates' order (for tools and tests). */
  public List<OfferScore> scores() {
    List<OfferScore> list = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      if (scores.scored(i)) {
        list.add(new OfferScore(candidates.get(i).offerCode(), scores.score(i), reason(i)));
      }
    }
    return List.copyOf(list);
  }

  @Override
  public String toString() {
    return "PluginScores[" + pluginId + " of " + bundle + ", " + candidates.size() + " candidates]";
  }
}
