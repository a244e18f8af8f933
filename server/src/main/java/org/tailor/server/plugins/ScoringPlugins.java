package org.tailor.server.plugins;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
   * The active scoring plugins still preparing their first model ({@link
   * ScoringPlugin#warmingUp()}), highest service ranking first; empty when every one is ready. A
   * plugin whose answer throws (or is {@code null}) is taken as ready, and the failure is recorded
   * in its {@link PluginStatus} as a failed call.
   */
  public List<WarmingUpPlugin> warmingUp() {
    return warmingUp(plugins.snapshot());
  }

  /** Whether every active scoring plugin is ready: none is {@linkplain #warmingUp() warming up}. */
  public boolean allReady() {
    return warmingUp().isEmpty();
  }

  /** The warming-up scoring plugins of one bundle, asked as {@link #warmingUp()} asks. */
  List<WarmingUpPlugin> warmingUp(long bundleId) {
    return warmingUp(plugins.snapshot().stream().filter(p -> p.bundleId() == bundleId).toList());
  }

  private List<WarmingUpPlugin> warmingUp(List<TrackedPlugin<ScoringPlugin>> asked) {
    List<WarmingUpPlugin> warming = new ArrayList<>();
    for (TrackedPlugin<ScoringPlugin> plugin : asked) {
      warmingUp(plugin)
          .ifPresent(waitingFor -> warming.add(new WarmingUpPlugin(plugin.id(), waitingFor)));
    }
    return List.copyOf(warming);
  }

  private Optional<String> warmingUp(TrackedPlugin<ScoringPlugin> plugin) {
    try {
      Optional<String> waitingFor = plugin.service().warmingUp();
      if (waitingFor == null) {
        throw new IllegalStateException("warmingUp() returned null");
      }
      return waitingFor;
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      if (problems.callFailed(plugin.bundleId(), e)) {
        LOG.warn(
            "scoring plugin '{}' of bundle {} failed to say whether it is ready; taken as ready",
            plugin.id(),
            plugin.bundleName(),
            e);
      }
      return Optional.empty();
    }
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
