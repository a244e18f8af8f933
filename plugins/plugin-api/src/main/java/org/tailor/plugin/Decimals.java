package org.tailor.plugin;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Numbers in reasons and explanations with a fixed count of decimals, as {@code
 * String.format(Locale.ROOT, "%.Nf")} and {@code "%+.Nf"} write them (half up), without parsing a
 * format string for each — for the host and for plugins that put many reasons into words.
 *
 * @since 1.3
 */
public final class Decimals {

  /** Up to this many decimals the fast path may be taken; 10<sup>N</sup> is exact in a double. */
  private static final int FAST_DECIMALS = 9;

  private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

  /**
   * The fast path takes values whose scaled magnitude is below this (2<sup>30</sup>). The decimal
   * that {@link BigDecimal#valueOf(double)} takes is within half an ulp (≤ 2<sup>-53</sup>·|v|) of
   * the double v, and scaling it rounds by at most half an ulp of the product: the scaled double is
   * within 2·2<sup>-53</sup>·2<sup>30</sup> = 2<sup>-22</sup> of the scaled decimal.
   */
  private static final double FAST_LIMIT = 0x1p30;

  /**
   * Scaled values this close to a tie (x.5) or closer take the exact path, as the error of the
   * scaled double could put them on the wrong side: 2<sup>-18</sup>, 16 times the largest error.
   */
  private static final double TIE_MARGIN = 0x1p-18;

  private Decimals() {}

  /** As {@code "%.Nf"} with N = {@code decimals}. */
  public static String fixed(double value, int decimals) {
    String fast = fast(value, decimals, false);
    return fast != null ? fast : exact(value, decimals);
  }

  /** As {@code "%+.Nf"} with N = {@code decimals}: with a sign, also for 0. */
  public static String signed(double value, int decimals) {
    String fast = fast(value, decimals, true);
    if (fast != null) {
      return fast;
    }
    String text = exact(value, decimals);
    return text.startsWith("-") || !Double.isFinite(value) ? text : "+" + text;
  }

  /** The text through {@link BigDecimal}, for every value the fast path leaves out. */
  static String exact(double value, int decimals) {
    if (!Double.isFinite(value)) {
      return String.valueOf(value);
    }
    BigDecimal rounded = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP);
    String text = rounded.toPlainString();
    boolean negative = value < 0 || (value == 0 && 1 / value < 0);
    return negative && rounded.signum() == 0 ? "-" + text : text;
  }

  /**
   * The text of a value whose magnitude times 10<sup>N</sup> is below 2<sup>30</sup> and not within
   * {@link #TIE_MARGIN} of a tie: rounding the scaled double half up then gives the digits that
   * {@link #exact} gives, which rounds {@link Double#toString}'s decimal; {@code null} for any
   * other value.
   */
  static String fast(double value, int decimals, boolean plus) {
    if (decimals < 0 || decimals > FAST_DECIMALS) {
      return null;
    }
    double magnitude = Math.abs(value) * POWERS_OF_TEN[decimals];
    if (!(magnitude < FAST_LIMIT)) {
      return null; // also NaN and infinite
    }
    double whole = Math.floor(magnitude);
    double fraction = magnitude - whole; // exact below 2^52
    if (Math.abs(fraction - 0.5) <= TIE_MARGIN) {
      return null;
    }
    long digits = (long) whole + (fraction > 0.5 ? 1 : 0);
    boolean negative = value < 0 || (value == 0 && 1 / value < 0);
    // sign, the digits with at least one before the point, the point
    char[] text = new char[1 + Math.max(19, decimals + 1) + 1];
    int end = text.length;
    int at = end;
    for (int i = 0; i < decimals; i++) {
      text[--at] = (char) ('0' + digits % 10);
      digits /= 10;
    }
    if (decimals > 0) {
      text[--at] = '.';
    }
    do {
      text[--at] = (char) ('0' + digits % 10);
      digits /= 10;
    } while (digits != 0);
    if (negative) {
      text[--at] = '-';
    } else if (plus) {
      text[--at] = '+';
    }
    return new String(text, at, end - at);
  }
}
