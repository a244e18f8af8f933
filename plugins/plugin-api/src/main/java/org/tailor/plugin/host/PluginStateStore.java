package org.tailor.plugin.host;

import java.nio.ByteBuffer;
import java.util.List;
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

  /**
   * Replaces the snapshot under this plugin id and key with these chunks, one after the other, each
   * from its position to its limit (the buffers themselves are left as they were). A plugin with a
   * large state saves it this way so as never to hold it as one array, which G1 would allocate as a
   * "humongous" object (2 MB or more with 4 MB regions) and start a concurrent cycle for; the
   * host's store writes the chunks as they are. This default, for other stores, joins them and
   * calls {@link #save(String, String, byte[])}.
   *
   * @since 1.5
   */
  default void save(String pluginId, String key, List<ByteBuffer> chunks) {
    long total = 0;
    for (ByteBuffer chunk : chunks) {
      total += chunk.remaining();
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "snapshot of " + total + " bytes is too large for one array; expected under 2 GiB");
    }
    ByteBuffer joined = ByteBuffer.allocate((int) total);
    for (ByteBuffer chunk : chunks) {
      joined.put(chunk.duplicate());
    }
    save(pluginId, key, joined.array());
  }
}
