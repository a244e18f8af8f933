package org.tailor.server.plugins;

import java.util.Objects;

/**
 * A plugin left out of one call because it threw or answered nonsense; the failure is also in its
 * {@link PluginStatus}.
 *
 * @param pluginId the plugin's id (scoring id or channel)
 * @param bundle the symbolic name of the bundle that provides it
 * @param reason what went wrong, for logs and explanations
 */
public record SkippedPlugin(String pluginId, String bundle, String reason) {

  public SkippedPlugin {
    Objects.requireNonNull(pluginId, "pluginId");
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(reason, "reason");
  }
}
