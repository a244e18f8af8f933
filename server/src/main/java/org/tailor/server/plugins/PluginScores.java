package org.tailor.server.plugins;

import java.util.List;
import java.util.Objects;
import org.tailor.plugin.OfferScore;

/**
 * One scoring plugin's answer for one decision.
 *
 * @param pluginId the plugin's id, such as {@code "rules"}
 * @param bundle the symbolic name of the bundle that provides it
 * @param scores its scores, only for offers among the candidates
 */
public record PluginScores(String pluginId, String bundle, List<OfferScore> scores) {

  public PluginScores {
    Objects.requireNonNull(pluginId, "pluginId");
    Objects.requireNonNull(bundle, "bundle");
    scores = List.copyOf(scores);
  }
}
