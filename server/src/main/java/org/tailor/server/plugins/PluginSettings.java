package org.tailor.server.plugins;

import java.util.List;
import java.util.Objects;

/**
 * The settings one configuration PID of a plugin accepts, from its OSGi Metatype object class
 * definition. Values go in {@code config/plugins/<pid>.cfg} (or {@code <pid>-<name>.cfg} for a
 * factory PID).
 *
 * @param pid the configuration PID
 * @param factory whether the PID is a factory PID (one configuration file per instance)
 * @param name a short label
 * @param description what the plugin does with them, or empty
 * @param settings the settings
 */
public record PluginSettings(
    String pid, boolean factory, String name, String description, List<PluginSetting> settings) {

  public PluginSettings {
    Objects.requireNonNull(pid, "pid");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    settings = List.copyOf(settings);
  }
}
