package org.tailor.agent.identification;

import java.util.regex.Pattern;
import org.tailor.terminal.protocol.ShopperIdentifier;

/**
 * Tells what a shopper identified with from what arrived at the terminal: a keyboard-wedge card
 * scan (digits, possibly after a short letter prefix, then Enter), a typed phone number or a QR
 * code payload.
 *
 * <ul>
 *   <li>{@code phone}: starts with {@code +} or {@code 00}, is a national number of up to 11 digits
 *       starting with {@code 0}, or is written with spaces, dashes, dots, slashes or parentheses
 *       between digits; 7 to 15 digits; sent as digits, international numbers with a leading {@code
 *       +}
 *   <li>{@code loyalty}: up to three letters then 4 to 20 digits and nothing else (card numbers,
 *       loyalty ids such as {@code L000000042})
 *   <li>{@code qr}: a URI-like payload ({@code scheme:rest}, such as {@code tailor:shopper:42} or
 *       {@code https://…}) of 8 to 512 printable characters
 * </ul>
 *
 * Anything else is refused with a reason the shopper can read.
 */
public final class IdentifierClassifier {

  /** The longest input taken (a QR code payload). */
  public static final int MAX_LENGTH = 512;

  private static final Pattern LOYALTY = Pattern.compile("[A-Za-z]{0,3}[0-9]{4,20}");
  private static final Pattern PHONE_WRITTEN = Pattern.compile("\\+?[0-9(][0-9 ().\\-/]*[0-9]");
  private static final Pattern PHONE_SEPARATOR = Pattern.compile("[ ().\\-/]");
  private static final Pattern NOT_DIGIT = Pattern.compile("[^0-9]");
  private static final Pattern QR = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*:\\S.*");

  private IdentifierClassifier() {}

  /**
   * Classifies one scan or typed entry.
   *
   * @throws InvalidIdentifierException when it is none of the kinds above
   */
  public static ShopperIdentifier classify(String input) {
    String entry = input == null ? "" : stripLineEnd(input).strip();
    if (entry.isEmpty()) {
      throw new InvalidIdentifierException("input.empty");
    }
    if (entry.length() > MAX_LENGTH) {
      throw new InvalidIdentifierException("input.tooLong", entry.length(), MAX_LENGTH);
    }
    if (entry.codePoints().anyMatch(Character::isISOControl)) {
      throw new InvalidIdentifierException("input.controlCharacters");
    }
    if (PHONE_WRITTEN.matcher(entry).matches() && looksLikePhone(entry)) {
      String digits = NOT_DIGIT.matcher(entry).replaceAll("");
      boolean international = entry.startsWith("+") || digits.startsWith("00");
      if (digits.startsWith("00")) {
        digits = digits.substring(2);
      }
      if (digits.length() < 7 || digits.length() > 15) {
        throw new InvalidIdentifierException("input.phoneDigits", entry, digits.length());
      }
      return new ShopperIdentifier("phone", international ? "+" + digits : digits);
    }
    if (LOYALTY.matcher(entry).matches()) {
      return new ShopperIdentifier("loyalty", entry);
    }
    if (QR.matcher(entry).matches() && entry.length() >= 8) {
      return new ShopperIdentifier("qr", entry);
    }
    throw new InvalidIdentifierException("input.unrecognized", shortened(entry));
  }

  /**
   * A phone number is written with {@code +} or separators, or is a national number of 7 to 11
   * digits starting with {@code 0}, or an international one starting with {@code 00}; longer digit
   * runs starting with 0 are card numbers (EAN-13 and the like).
   */
  private static boolean looksLikePhone(String entry) {
    if (entry.startsWith("+") || PHONE_SEPARATOR.matcher(entry).find()) {
      return true;
    }
    return entry.startsWith("00") || (entry.startsWith("0") && entry.length() <= 11);
  }

  private static String stripLineEnd(String input) {
    int end = input.length();
    while (end > 0 && (input.charAt(end - 1) == '\n' || input.charAt(end - 1) == '\r')) {
      end--;
    }
    return input.substring(0, end);
  }

  private static String shortened(String entry) {
    return entry.length() <= 40 ? entry : entry.substring(0, 37) + "...";
  }
}
