package org.tailor.server.plugins;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.CandidateScores;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.ScoringPlugin;

/**
 * The scoring plugins active now, called safely: a plugin that throws anything short of a {@link
 * VirtualMachineError} — including a {@link LinkageError} from a bundle replaced mid-call — or that
 * answers {@code null}, is left out of that decision and its failure is recorded in its {@link
 * PluginStatus}; the other plugins' answers still come back. Thread-safe.
 */
public final class ScoringPlugins {

  private static final Logger LOG = LoggerFactory.getLogger(ScoringPlugins.class);

  private final TrackedPlugins<ScoringPlugin> plugins;
  private final PluginProblems problems;

  ScoringPlugins(TrackedPlugins<ScoringPlugin> plugins, PluginProblems problems) {
    this.plugins = plugins;
    this.problems = problems;
  }

  /** The ids of the scoring plugins active now, highest service ranking first. */
  public List<String> ids() {
    return plugins.snapshot().stream().map(TrackedPlugin::id).toList();
  }

  /**
   * Asks every active scoring plugin to score the candidates ({@link
   * ScoringPlugin#scores(DecisionContext, List)}). A plugin that throws, answers {@code null} or
   * answers a number of scores other than the number of candidates is skipped for this decision and
   * its failure recorded; so is an older plugin ({@link ScoringPlugin#score(DecisionContext, List)}
   * only) that scores an offer not among the candidates.
   */
  public ScoringResults scoreAll(DecisionContext context, List<CandidateOffer> candidates) {
    Objects.requireNonNull(context, "context");
    List<TrackedPlugin<ScoringPlugin>> active = plugins.snapshot();
    if (active.isEmpty()) {
      return new ScoringResults(List.of(), List.of());
    }
    List<CandidateOffer> offered = List.copyOf(candidates);
    List<PluginScores> answers = new ArrayList<>(active.size());
    List<SkippedPlugin> skipped = new ArrayList<>();
    for (TrackedPlugin<ScoringPlugin> plugin : active) {
      CandidateScores scores;
      try {
        scores = plugin.service().scores(context, offered);
        if (scores == null) {
          throw new IllegalStateException("scores() returned null");
        }
        if (scores.size() != offered.size()) {
          throw new IllegalStateException(
              "scores() gave "
                  + scores.size()
                  + " scores for "
                  + offered.size()
                  + " candidates; expected one per candidate (NaN for no opinion)");
        }
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        skipped.add(failed(plugin, e));
        continue;
      }
      answers.add(
          new PluginScores(
              plugin.id(), plugin.bundleName(), offered, scores, e -> failed(plugin, e)));
    }
    return new ScoringResults(answers, skipped);
  }

  private SkippedPlugin failed(TrackedPlugin<ScoringPlugin> plugin, Throwable failure) {
    boolean news = problems.callFailed(plugin.bundleId(), failure);
    if (news) {
      LOG.warn(
          "scoring plugin '{}' of bundle {} failed and is skipped",
          plugin.id(),
          plugin.bundleName(),
          failure);
    } else {
      LOG.debug("scoring plugin '{}' failed again: {}", plugin.id(), failure.toString());
    }
    return new SkippedPlugin(plugin.id(), plugin.bundleName(), PluginError.describe(failure));
  }
}
