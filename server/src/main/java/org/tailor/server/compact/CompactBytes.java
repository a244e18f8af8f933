package org.tailor.server.compact;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The byte form of the server's compact in-memory copies (every shopper's decision facts, every
 * shopper's latest receipts): unsigned variable-length numbers (7 bits a byte, low bits first),
 * signed ones zigzag-encoded, and texts as a length and their UTF-8 bytes.
 */
public final class CompactBytes {

  private CompactBytes() {}

  /** A signed number as an unsigned one that is small when the number is near zero. */
  public static long zigzag(long value) {
    return (value << 1) ^ (value >> 63);
  }

  /** The signed number of a {@link #zigzag} one. */
  public static long unzigzag(long value) {
    return (value >>> 1) ^ -(value & 1);
  }

  /** A growable byte array to write to. */
  public static final class Writer {
    private byte[] data;
    private int size;

    public Writer() {
      this(64);
    }

    public Writer(int capacity) {
      data = new byte[capacity];
    }

    /** An unsigned number (a negative one takes ten bytes). */
    public void number(long value) {
      ensure(10);
      while ((value & ~0x7FL) != 0) {
        data[size++] = (byte) ((value & 0x7F) | 0x80);
        value >>>= 7;
      }
      data[size++] = (byte) value;
    }

    /** A text: its UTF-8 length, then its bytes. */
    public void text(String value) {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      number(utf8.length);
      bytes(utf8, 0, utf8.length);
    }

    public void bytes(byte[] bytes, int offset, int length) {
      ensure(length);
      System.arraycopy(bytes, offset, data, size, length);
      size += length;
    }

    /** What another writer holds. */
    public void append(Writer other) {
      bytes(other.data, 0, other.size);
    }

    /** Empties the writer, keeping its array. */
    public void clear() {
      size = 0;
    }

    /** A copy of what was written. */
    public byte[] toBytes() {
      return Arrays.copyOf(data, size);
    }

    private void ensure(int more) {
      if (size + more > data.length) {
        data = Arrays.copyOf(data, Math.max(data.length * 2, size + more));
      }
    }
  }

  /** Reads what a {@link Writer} wrote, from the start. */
  public static final class Reader {
    private final byte[] bytes;
    private int at;

    public Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    public long number() {
      long value = 0;
      int shift = 0;
      byte b;
      do {
        b = bytes[at++];
        value |= (long) (b & 0x7F) << shift;
        shift += 7;
      } while (b < 0);
      return value;
    }

    public String text() {
      int length = (int) number();
      String value = new String(bytes, at, length, StandardCharsets.UTF_8);
      at += length;
      return value;
    }

    /** Copies the next {@code length} bytes into {@code into} from {@code offset}. */
    public void bytes(byte[] into, int offset, int length) {
      System.arraycopy(bytes, at, into, offset, length);
      at += length;
    }
  }
}
