package org.tailor.channel.receipt;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays a coupon out for a till printer: as plain text lines of a fixed width, and as ESC/POS
 * commands (Epson's command set, which most thermal receipt printers understand).
 */
final class CouponLayout {

  static final byte ESC = 0x1B;
  static final byte GS = 0x1D;
  static final byte LF = 0x0A;

  /** WPC1252, Western European, ESC t 16. */
  static final Charset CODE_PAGE = Charset.forName("windows-1252");

  static final int CODE_PAGE_NUMBER = 16;

  private CouponLayout() {}

  /** The coupon as plain text: header, rule, headline, wrapped text, rule, barcode value. */
  static String text(String header, String headline, String body, String barcode, int width) {
    List<String> lines = new ArrayList<>();
    lines.add(centre(header, width));
    lines.add("=".repeat(width));
    for (String line : wrap(headline, width)) {
      lines.add(centre(line, width));
    }
    lines.add("");
    lines.addAll(wrap(body, width));
    lines.add("-".repeat(width));
    lines.add(centre(barcode, width));
    return String.join("\n", lines) + "\n";
  }

  /** The coupon as ESC/POS commands. */
  static byte[] escPos(String header, String headline, String body, String barcode, int width) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    out.writeBytes(new byte[] {ESC, '@'}); // initialise
    out.writeBytes(new byte[] {ESC, 't', CODE_PAGE_NUMBER}); // code page
    out.writeBytes(new byte[] {ESC, 'a', 1}); // centre
    out.writeBytes(encode(header));
    out.write(LF);
    out.writeBytes(new byte[] {ESC, 'E', 1, GS, '!', 0x11}); // bold, double width and height
    for (String line : wrap(headline, width / 2)) {
      out.writeBytes(encode(line));
      out.write(LF);
    }
    out.writeBytes(new byte[] {GS, '!', 0, ESC, 'E', 0}); // normal size, bold off
    out.writeBytes(new byte[] {ESC, 'a', 0}); // left
    for (String line : wrap(body, width)) {
      out.writeBytes(encode(line));
      out.write(LF);
    }
    out.writeBytes(new byte[] {ESC, 'a', 1}); // centre
    out.writeBytes(new byte[] {GS, 'h', 80, GS, 'w', 2, GS, 'H', 2}); // height, width, text below
    byte[] data = barcode.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    out.writeBytes(new byte[] {GS, 'k', 73, (byte) (data.length + 2), '{', 'B'}); // CODE128, set B
    out.writeBytes(data);
    out.write(LF);
    out.writeBytes(new byte[] {ESC, 'd', 3}); // feed three lines
    out.writeBytes(new byte[] {GS, 'V', 66, 0}); // partial cut
    return out.toByteArray();
  }

  /** Text in the printer's code page; a character it cannot hold prints as {@code ?}. */
  static byte[] encode(String text) {
    CharsetEncoder encoder =
        CODE_PAGE
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE)
            .replaceWith(new byte[] {'?'});
    try {
      ByteBuffer buffer = encoder.encode(CharBuffer.wrap(text));
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("replacing encoder failed", e);
    }
  }

  /** Words wrapped at {@code width} characters; a longer word is cut. Blank lines are kept. */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    for (String paragraph : text.strip().split("\n", -1)) {
      StringBuilder line = new StringBuilder();
      for (String word : paragraph.strip().split("\\s+")) {
        if (word.isEmpty()) {
          continue;
        }
        while (word.length() > width) {
          if (line.length() > 0) {
            lines.add(line.toString());
            line.setLength(0);
          }
          lines.add(word.substring(0, width));
          word = word.substring(width);
        }
        if (line.length() > 0 && line.length() + 1 + word.length() > width) {
          lines.add(line.toString());
          line.setLength(0);
        }
        if (line.length() > 0) {
          line.append(' ');
        }
        line.append(word);
      }
      lines.add(line.toString());
    }
    return lines;
  }

  static String centre(String text, int width) {
    if (text.length() >= width) {
      return text;
    }
    return " ".repeat((width - text.length()) / 2) + text;
  }
}
