package org.tailor.server.generator;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * One output file being written: under {@code <name>.partial} until {@link #finish()} renames it,
 * counting its rows and bytes.
 */
final class ChainFile {

  private final String name;
  private final Path partial;
  private final Path target;
  private final OutputStream out;
  private long rows;
  private long bytes;
  private boolean closed;

  private ChainFile(String name, Path partial, Path target, OutputStream out) {
    this.name = name;
    this.partial = partial;
    this.target = target;
    this.out = out;
  }

  static ChainFile create(Path directory, String name, boolean gzip) throws IOException {
    Path partial = directory.resolve(name + ".partial");
    return new ChainFile(
        name,
        partial,
        directory.resolve(name),
        new BufferedOutputStream(Files.newOutputStream(partial), 1 << 20));
  }

  String name() {
    return name;
  }

  long rows() {
    return rows;
  }

  long bytes() {
    return bytes;
  }

  void write(byte[] data) throws IOException {
    out.write(data);
    bytes += data.length;
  }

  void addRows(long count) {
    rows += count;
  }

  /** Closes the file and gives it its final name. */
  Path finish() throws IOException {
    closed = true;
    out.close();
    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
    return target;
  }

  /** Closes and deletes the unfinished file, after a failure. */
  void abandon() {
    try {
      if (!closed) {
        closed = true;
        out.close();
      }
    } catch (IOException e) {
      // the failure that led here is the one to report; the partial file goes anyway
    } finally {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException e) {
        // a partial file that cannot be deleted keeps its .partial name: nothing looks complete
      }
    }
  }
}
