package org.tailor.scoring.bandit;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An output stream that keeps what is written in chunks of at most {@link #CHUNK_BYTES}, rather
 * than in one array grown by copying: a snapshot of tens of megabytes then never needs a
 * "humongous" object (G1 gives any array of half a region or more, 2 MB with 4 MB regions, its own
 * regions, and each such allocation may start a concurrent cycle). Not thread-safe.
 */
final class ChunkedOutputStream extends OutputStream {

  /** The size of a full chunk, 1 MiB: below half of G1's smallest region. */
  static final int CHUNK_BYTES = 1 << 20;

  private final List<ByteBuffer> chunks = new ArrayList<>();
  private byte[] current;
  private int used;

  @Override
  public void write(int b) {
    if (current == null || used == current.length) {
      next(1);
    }
    current[used++] = (byte) b;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    while (length > 0) {
      if (current == null || used == current.length) {
        next(length);
      }
      int n = Math.min(length, current.length - used);
      System.arraycopy(bytes, offset, current, used, n);
      used += n;
      offset += n;
      length -= n;
    }
  }

  /** Starts a new chunk: small at first, so that a small snapshot stays small, then full size. */
  private void next(int wanted) {
    if (current != null) {
      chunks.add(ByteBuffer.wrap(current, 0, used));
    }
    int length =
        current == null || current.length < CHUNK_BYTES
            ? Math.min(CHUNK_BYTES, Math.max(Math.max(wanted, 1 << 16), 2 * used))
            : CHUNK_BYTES;
    current = new byte[length];
    used = 0;
  }

  /** The bytes written, in order, each chunk a read-only buffer from its position to its limit. */
  List<ByteBuffer> chunks() {
    List<ByteBuffer> all = new ArrayList<>(chunks.size() + 1);
    for (ByteBuffer chunk : chunks) {
      all.add(chunk.asReadOnlyBuffer());
    }
    if (current != null && used > 0) {
      all.add(ByteBuffer.wrap(current, 0, used).asReadOnlyBuffer());
    }
    return List.copyOf(all);
  }
}
