package org.tailor.scoring.bandit;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Numbers in reasons with a fixed count of decimals, as {@code String.format(Locale.ROOT, "%.Nf")}
 * writes them (half up), without parsing a format for every candidate offer.
 */
final class Decimals {

  private Decimals() {}

  static String fixed(double value, int decimals) {
    if (!Double.isFinite(value)) {
      return String.valueOf(value);
    }
    BigDecimal rounded = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP);
    String text = rounded.toPlainString();
    boolean negative = value < 0 || (value == 0 && 1 / value < 0);
    return negative && rounded.signum() == 0 ? "-" + text : text;
  }
}
