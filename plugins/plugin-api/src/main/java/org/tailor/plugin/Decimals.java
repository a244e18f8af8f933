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

  private Decimals() {}

  /** As {@code "%.Nf"} with N = {@code decimals}. */
  public static String fixed(double value, int decimals) {
    if (!Double.isFinite(value)) {
      return String.valueOf(value);
    }
    BigDecimal rounded = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP);
    String text = rounded.toPlainString();
    boolean negative = value < 0 || (value == 0 && 1 / value < 0);
    return negative && rounded.signum() == 0 ? "-" + text : text;
  }

  /** As {@code "%+.Nf"} with N = {@code decimals}: with a sign, also for 0. */
  public static String signed(double value, int decimals) {
    String text = fixed(value, decimals);
    return text.startsWith("-") || !Double.isFinite(value) ? text : "+" + text;
  }
}
