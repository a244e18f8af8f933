package org.tailor.channel.kiosk;

import jakarta.json.Json;
import jakarta.json.bind.Jsonb;
import java.io.Writer;
import java.util.Map;
import org.tailor.terminal.protocol.OffersReply;

/**
 * Writes what the channel publishes as JSON with JSON-B, the same text as {@link
 * Jsonb#toJson(Object)} gives, in UTF-8. The text is written into a buffer the calling thread keeps
 * from one reply to the next (a handler thread answers thousands of identifies a second), instead
 * of a new {@code StringWriter} grown by doubling, its string and that string's bytes each time;
 * the bytes are encoded from the buffer itself. The answer to an identify, the reply of every
 * shopper, is written by {@link OffersReplyJson} with the JSON-P generator, the same text.
 */
final class ReplyWriter {

  /** A buffer that grew beyond this (an unusually large reply) is not kept. */
  static final int KEPT_CHARS = 16_384;

  private static final int INITIAL_CHARS = 2_048;

  private final Jsonb jsonb;
  private final OffersReplyJson offers;

  /**
   * Per thread; holds only a JDK {@link StringBuilder}, so a stopped channel leaves no class of its
   * bundle reachable from the host's threads.
   */
  private final ThreadLocal<StringBuilder> buffers =
      ThreadLocal.withInitial(() -> new StringBuilder(INITIAL_CHARS));

  ReplyWriter(Jsonb jsonb) {
    this.jsonb = jsonb;
    this.offers =
        new OffersReplyJson(
            KioskChannel.withHostClassLoader(() -> Json.createGeneratorFactory(Map.of())));
  }

  /** The body as JSON in UTF-8. */
  byte[] toJson(Object body) {
    StringBuilder text = buffers.get();
    text.setLength(0);
    if (body instanceof OffersReply reply) {
      offers.write(reply, new BuilderWriter(text));
    } else {
      jsonb.toJson(body, new BuilderWriter(text));
    }
    byte[] bytes = utf8(text);
    if (text.capacity() > KEPT_CHARS) {
      buffers.remove();
    }
    return bytes;
  }

  /**
   * The text in UTF-8, the bytes {@code String.getBytes(UTF_8)} gives (a lone surrogate as {@code
   * ?}), encoded from the buffer itself: measured first, then written, with no string between.
   */
  static byte[] utf8(CharSequence text) {
    int length = text.length();
    int size = 0;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        size++;
      } else if (c < 0x800) {
        size += 2;
      } else if (isPair(text, i)) {
        size += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        size++; // replaced by '?'
      } else {
        size += 3;
      }
    }
    byte[] bytes = new byte[size];
    int at = 0;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes[at++] = (byte) c;
      } else if (c < 0x800) {
        bytes[at++] = (byte) (0xC0 | (c >> 6));
        bytes[at++] = (byte) (0x80 | (c & 0x3F));
      } else if (isPair(text, i)) {
        int code = Character.toCodePoint(c, text.charAt(++i));
        bytes[at++] = (byte) (0xF0 | (code >> 18));
        bytes[at++] = (byte) (0x80 | ((code >> 12) & 0x3F));
        bytes[at++] = (byte) (0x80 | ((code >> 6) & 0x3F));
        bytes[at++] = (byte) (0x80 | (code & 0x3F));
      } else if (Character.isSurrogate(c)) {
        bytes[at++] = '?';
      } else {
        bytes[at++] = (byte) (0xE0 | (c >> 12));
        bytes[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        bytes[at++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return bytes;
  }

  private static boolean isPair(CharSequence text, int i) {
    return Character.isHighSurrogate(text.charAt(i))
        && i + 1 < text.length()
        && Character.isLowSurrogate(text.charAt(i + 1));
  }

  /** Appends to a {@link StringBuilder}; closing it does nothing. */
  private static final class BuilderWriter extends Writer {
    private final StringBuilder text;

    BuilderWriter(StringBuilder text) {
      this.text = text;
    }

    @Override
    public void write(char[] chars, int offset, int length) {
      text.append(chars, offset, length);
    }

    @Override
    public void write(int c) {
      text.append((char) c);
    }

    @Override
    public void write(String string, int offset, int length) {
      text.append(string, offset, offset + length);
    }

    @Override
    public Writer append(CharSequence sequence) {
      text.append(sequence);
      return this;
    }

    @Override
    public void flush() {
      // nothing buffered here
    }

    @Override
    public void close() {
      // the buffer is kept for the thread's next reply
    }
  }
}
