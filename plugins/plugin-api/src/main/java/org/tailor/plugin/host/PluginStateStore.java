package org.tailor.plugin.host;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Keeps a plugin's learned state across server restarts, outside the OSGi framework's storage
 * (which the host empties on every start, so that the plugin folder is the truth). A plugin saves
 * one opaque snapshot per key and reads it back when it activates. Saving replaces the previous
 * snapshot atomically: a reader sees the old one or the new one, never a mix.
 */
@ProviderType
public interface PluginStateStore {

  /**
   * The last snapshot saved under this plugin id and key, if any.
   *
   * @param pluginId the plugin's id, such as {@code "bandit"}: letters, digits, '-', '_' and '.'
   * @param key the snapshot's name within the plugin, same characters
   */
  Optional<byte[]> load(String pluginId, String key);

  /** Replaces the snapshot under this plugin id and key. */
  void save(String pluginId, String key, byte[] snapshot);
}
