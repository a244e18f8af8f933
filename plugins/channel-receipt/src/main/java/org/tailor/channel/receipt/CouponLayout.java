package org.tailor.channel.receipt;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.MultiPixelPackedSampleModel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lays a coupon out for a till printer: as plain text lines of a fixed width, and as ESC/POS
 * commands (Epson's command set, which most thermal receipt printers understand).
 *
 * <p>Each ESC/POS line is printed in the first form the printer can show: as text in code page
 * WPC1252 (Western European, {@code ESC t 16}); as text in PC866 (Cyrillic, such as Bulgarian,
 * {@code ESC t 17}); otherwise — Persian, Chinese — as a raster image of the line ({@code GS v 0}),
 * drawn by Java2D with a font of the machine that can show every character of it (right to left and
 * with joined letters for Persian, as Java's text layout does). When no font of the machine can,
 * the line is printed in WPC1252 with {@code ?} for what it cannot hold, and the plain text (and
 * the host's PDF) still carry it.
 */
final class CouponLayout {

  static final byte ESC = 0x1B;
  static final byte GS = 0x1D;
  static final byte LF = 0x0A;

  /** WPC1252, Western European, ESC t 16. */
  static final Charset CODE_PAGE = Charset.forName("windows-1252");

  static final int CODE_PAGE_NUMBER = 16;

  /** PC866, Cyrillic, ESC t 17. */
  static final Charset CYRILLIC_CODE_PAGE = Charset.forName("IBM866");

  static final int CYRILLIC_CODE_PAGE_NUMBER = 17;

  /** Dots per character of the printer's font A (12 &times; 24): a line of text is 24 dots high. */
  static final int DOTS_PER_CHARACTER = 12;

  static final int DOTS_PER_LINE = 24;

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
    line(out, header, width, 1);
    out.writeBytes(new byte[] {ESC, 'E', 1, GS, '!', 0x11}); // bold, double width and height
    for (String line : wrap(headline, width / 2)) {
      line(out, line, width, 2);
    }
    out.writeBytes(new byte[] {GS, '!', 0, ESC, 'E', 0}); // normal size, bold off
    out.writeBytes(new byte[] {ESC, 'a', 0}); // left
    for (String line : wrap(body, width)) {
      line(out, line, width, 1);
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

  /**
   * One line: text in WPC1252 or PC866 when one of them holds it all, else a raster image when a
   * font of this machine shows it all, else WPC1252 with {@code ?}. Ends with a line feed.
   */
  static void line(ByteArrayOutputStream out, String text, int width, int scale) {
    if (fits(CODE_PAGE, text)) {
      out.writeBytes(encode(text));
    } else if (fits(CYRILLIC_CODE_PAGE, text)) {
      out.writeBytes(new byte[] {ESC, 't', CYRILLIC_CODE_PAGE_NUMBER});
      out.writeBytes(text.getBytes(CYRILLIC_CODE_PAGE));
      out.writeBytes(new byte[] {ESC, 't', CODE_PAGE_NUMBER});
    } else {
      out.writeBytes(drawnLine(text, width, scale));
      return;
    }
    out.write(LF);
  }

  /**
   * A line no code page holds, as {@link #line} prints it: its raster image, or WPC1252 with {@code
   * ?} and a line feed when no font shows it. Drawing it (and looking through the machine's fonts)
   * costs far more than the rest of a coupon, and the same offer's headline and text come again and
   * again, so the bytes are kept, for at most {@link #DRAWN_LINES_KEPT} lines at a time.
   */
  private static byte[] drawnLine(String text, int width, int scale) {
    DrawnLineKey key = new DrawnLineKey(text, width, scale);
    byte[] drawn = DRAWN_LINES.get(key);
    if (drawn == null) {
      drawn =
          raster(text, width * DOTS_PER_CHARACTER, scale)
              .orElseGet(
                  () -> {
                    byte[] encoded = encode(text);
                    byte[] withFeed = java.util.Arrays.copyOf(encoded, encoded.length + 1);
                    withFeed[encoded.length] = LF;
                    return withFeed;
                  });
      if (DRAWN_LINES.size() >= DRAWN_LINES_KEPT) {
        DRAWN_LINES.clear(); // bounded: personalised lines must not grow it without end
      }
      DRAWN_LINES.put(key, drawn);
    }
    return drawn; // written out by copy, never changed
  }

  static final int DRAWN_LINES_KEPT = 1024;

  private static final Map<DrawnLineKey, byte[]> DRAWN_LINES = new ConcurrentHashMap<>();

  private record DrawnLineKey(String text, int width, int scale) {}

  static boolean fits(Charset charset, String text) {
    return charset.newEncoder().canEncode(text);
  }

  /**
   * The line as an ESC/POS raster image ({@code GS v 0}), {@code dots} wide and {@code 24 x scale}
   * high, drawn with the first font of this machine that shows every character; right-to-left text
   * is set right to left and shaped by Java's text layout. Empty when no font can show it.
   */
  static Optional<byte[]> raster(String text, int dots, int scale) {
    Optional<Font> font = fontFor(text, DOTS_PER_LINE * scale * 0.8f);
    if (font.isEmpty()) {
      return Optional.empty();
    }
    int widthDots = (dots + 7) / 8 * 8;
    int heightDots = DOTS_PER_LINE * scale + 4;
    BufferedImage image = new BufferedImage(widthDots, heightDots, BufferedImage.TYPE_BYTE_BINARY);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, widthDots, heightDots);
      g.setColor(Color.BLACK);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
      FontRenderContext context = g.getFontRenderContext();
      TextLayout layout = new TextLayout(text, font.get(), context);
      float advance = layout.getAdvance();
      float x =
          layout.isLeftToRight()
              ? Math.max(0, (widthDots - advance) / 2)
              : Math.max(0, widthDots - advance);
      layout.draw(g, x, layout.getAscent() + 2);
    } finally {
      g.dispose();
    }
    return Optional.of(rasterCommand(image));
  }

  /**
   * {@code GS v 0} with a black-and-white image ({@link BufferedImage#TYPE_BYTE_BINARY}, a width
   * that is a multiple of 8): a set bit is a black dot, eight dots a byte, leftmost first.
   */
  static byte[] rasterCommand(BufferedImage image) {
    int widthDots = image.getWidth();
    int heightDots = image.getHeight();
    int bytesPerRow = widthDots / 8;
    byte[] command = new byte[8 + bytesPerRow * heightDots];
    command[0] = GS;
    command[1] = 'v';
    command[2] = '0';
    command[3] = 0;
    command[4] = (byte) (bytesPerRow & 0xFF);
    command[5] = (byte) (bytesPerRow >> 8);
    command[6] = (byte) (heightDots & 0xFF);
    command[7] = (byte) (heightDots >> 8);
    // TYPE_BYTE_BINARY keeps one bit a dot, eight dots a byte, the leftmost in the high bit, and
    // rows of widthDots / 8 bytes (widthDots is a multiple of 8): the printer's own layout, but
    // with 0 for black (index 0 of its black-and-white palette) where the printer wants 1 for ink
    byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    int stride =
        ((MultiPixelPackedSampleModel) image.getRaster().getSampleModel()).getScanlineStride();
    for (int y = 0; y < heightDots; y++) {
      for (int column = 0; column < bytesPerRow; column++) {
        command[8 + y * bytesPerRow + column] = (byte) ~pixels[y * stride + column];
      }
    }
    return command;
  }

  /** The first font of this machine that shows every character of the text, at that size. */
  static Optional<Font> fontFor(String text, float size) {
    Font logical = new Font(Font.SANS_SERIF, Font.PLAIN, 1);
    if (logical.canDisplayUpTo(text) == -1) {
      return Optional.of(logical.deriveFont(size));
    }
    for (Font font : InstalledFonts.ALL) {
      if (font.canDisplayUpTo(text) == -1) {
        return Optional.of(font.deriveFont(size));
      }
    }
    return Optional.empty();
  }

  /** The machine's fonts, listed once, when a line first needs one beyond the logical font. */
  private static final class InstalledFonts {
    static final List<Font> ALL =
        List.of(java.awt.GraphicsEnvironment.getLocalGraphicsEnvironment().getAllFonts());
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
