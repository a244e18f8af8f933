package org.tailor.server.plugins;

import java.util.List;

/**
 * What the active scoring plugins said about one decision's candidates.
 *
 * @param answers one entry per plugin that answered, highest service ranking first
 * @param skipped the plugins that threw or answered nonsense, left out of this decision
 */
public record ScoringResults(List<PluginScores> answers, List<SkippedPlugin> skipped) {

  public ScoringResults {
    answers = List.copyOf(answers);
    skipped = List.copyOf(skipped);
  }
}
