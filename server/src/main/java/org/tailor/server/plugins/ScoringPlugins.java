package org.tailor.server.plugins;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.OfferScore;
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
   * Asks every active scoring plugin to score the candidates. Scores for offers that are not among
   * the candidates are dropped and recorded as a failure of the plugin.
   */
  public ScoringResults scoreAll(DecisionContext context, List<CandidateOffer> candidates) {
    Objects.requireNonNull(context, "context");
    List<TrackedPlugin<ScoringPlugin>> active = plugins.snapshot();
    if (active.isEmpty()) {
      return new ScoringResults(List.of(), List.of());
    }
    List<CandidateOffer> offered = List.copyOf(candidates);
    Set<String> offeredCodes = new HashSet<>();
    offered.forEach(offer -> offeredCodes.add(offer.offerCode()));
    List<PluginScores> answers = new ArrayList<>();
    List<SkippedPlugin> skipped = new ArrayList<>();
    for (TrackedPlugin<ScoringPlugin> plugin : active) {
      List<OfferScore> scores;
      try {
        List<OfferScore> answer = plugin.service().score(context, offered);
        if (answer == null) {
          throw new IllegalStateException("score() returned null instead of a list");
        }
        scores = List.copyOf(answer); // throws on null elements
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        skipped.add(failed(plugin, e));
        continue;
      }
      List<OfferScore> kept = new ArrayList<>(scores.size());
      for (OfferScore score : scores) {
        if (offeredCodes.contains(score.offerCode())) {
          kept.add(score);
        } else {
          failed(
              plugin,
              new IllegalStateException(
                  "scored offer '" + score.offerCode() + "', which is not among the candidates"));
        }
      }
      answers.add(new PluginScores(plugin.id(), plugin.bundleName(), kept));
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
