package org.tailor.agent.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a crash or power cut leaves either the old content or the new one, never a
 * mix: the content goes to a temporary file that is forced to disk, renamed over the target in one
 * step, and the folder is forced so the rename itself survives.
 */
public final class AtomicFile {

  /** The suffix of files being written; any left at start were never completed. */
  public static final String TEMPORARY_SUFFIX = ".tmp";

  private AtomicFile() {}

  /** Replaces {@code target} with {@code content} atomically and durably. */
  public static void write(Path target, byte[] content) throws IOException {
    Path temporary = target.resolveSibling(target.getFileName() + TEMPORARY_SUFFIX);
    writeForced(temporary, content);
    Files.move(
        temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    forceDirectory(target.toAbsolutePath().getParent());
  }

  /** Writes a file and forces it to disk (not atomic: for a file under a temporary name). */
  public static void writeForced(Path file, byte[] content) throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
  }

  /** Makes a rename or delete in a folder durable (POSIX: fsync the folder). */
  public static void forceDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      if (!System.getProperty("os.name", "").startsWith("Windows")) {
        throw e;
      }
      // Windows cannot open a folder as a channel; NTFS journals the rename itself.
    }
  }
}
