package org.tailor.server.plugins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tailor.plugin.host.PluginStateStore;
import org.tailor.server.i18n.Message;
import org.tailor.server.validation.InvalidInputException;

/**
 * The host's {@link PluginStateStore}: one file per plugin and key, {@code
 * <folder>/<pluginId>/<key>.state}, under the server's data folder (not the OSGi storage, which is
 * emptied on every start). A save writes a temporary file, forces it to disk and moves it over the
 * old one atomically, so a crash leaves the old snapshot or the new one, never half of one. A
 * snapshot saved in chunks is written chunk by chunk, never joined into one array.
 */
public final class FilePluginStateStore implements PluginStateStore {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final Path folder;

  public FilePluginStateStore(Path folder) {
    this.folder = Objects.requireNonNull(folder, "folder");
  }

  @Override
  public Optional<byte[]> load(String pluginId, String key) {
    Path file = file(pluginId, key);
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("plugin state " + file + " could not be read", e);
    }
  }

  @Override
  public void save(String pluginId, String key, byte[] snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    save(pluginId, key, List.of(ByteBuffer.wrap(snapshot)));
  }

  /** Writes the chunks one after the other, without joining them; see {@link #save}. */
  @Override
  public void save(String pluginId, String key, List<ByteBuffer> chunks) {
    List<ByteBuffer> parts = List.copyOf(Objects.requireNonNull(chunks, "chunks"));
    Path file = file(pluginId, key);
    try {
      Files.createDirectories(file.getParent());
      Path temporary = Files.createTempFile(file.getParent(), key, ".tmp");
      try {
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
          for (ByteBuffer part : parts) {
            ByteBuffer buffer = part.duplicate(); // the caller's position stays
            while (buffer.hasRemaining()) {
              channel.write(buffer);
            }
          }
          channel.force(true);
        }
        try {
          Files.move(
              temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("plugin state " + file + " could not be written", e);
    }
  }

  private Path file(String pluginId, String key) {
    return folder.resolve(checked("pluginId", pluginId)).resolve(checked("key", key) + ".state");
  }

  private static String checked(String field, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidInputException(
          field, String.valueOf(name), Message.of("plugins", "expected.state.name"));
    }
    return name;
  }
}
