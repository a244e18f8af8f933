package org.tailor.server.plugins;

import java.util.Objects;

/**
 * A scoring plugin that is active but still preparing its first model ({@link
 * org.tailor.plugin.ScoringPlugin#warmingUp()}): until it is done it scores from its cold-start
 * fallback.
 *
 * @param pluginId the scoring plugin's id
 * @param waitingFor what it waits for, in the plugin's words (the host's language)
 */
public record WarmingUpPlugin(String pluginId, String waitingFor) {

  public WarmingUpPlugin {
    Objects.requireNonNull(pluginId, "pluginId");
    Objects.requireNonNull(waitingFor, "waitingFor");
  }
}
