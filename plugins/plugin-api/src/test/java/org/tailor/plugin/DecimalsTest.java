package org.tailor.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecimalsTest {

  @Test
  void writesNumbersAsStringFormatDoes() {
    SplittableRandom random = new SplittableRandom(7);
    double[] edges = {0, -0.0, 0.0005, 0.00049, 1.25, 2.5, -2.5, -0.0004, 123456.7891, 1e-9, 99.95};
    for (int decimals = 0; decimals <= 3; decimals++) {
      for (double value : edges) {
        assertThat(Decimals.fixed(value, decimals))
            .as("%s with %d decimals", value, decimals)
            .isEqualTo(String.format(Locale.ROOT, "%." + decimals + "f", value));
        assertThat(Decimals.signed(value, decimals))
            .as("%s with %d decimals and a sign", value, decimals)
            .isEqualTo(String.format(Locale.ROOT, "%+." + decimals + "f", value));
      }
      for (int i = 0; i < 10_000; i++) {
        double value = (random.nextDouble() - 0.3) * Math.pow(10, random.nextInt(-3, 6));
        assertThat(Decimals.fixed(value, decimals))
            .as("%s with %d decimals", value, decimals)
            .isEqualTo(String.format(Locale.ROOT, "%." + decimals + "f", value));
        assertThat(Decimals.signed(value, decimals))
            .as("%s with %d decimals and a sign", value, decimals)
            .isEqualTo(String.format(Locale.ROOT, "%+." + decimals + "f", value));
      }
    }
  }

  /**
   * The fast path for small numbers far from a tie writes what the exact {@link
   * java.math.BigDecimal} path writes, for values of every kind: random doubles of every magnitude
   * and bit pattern, ties (x.5 at the last decimal, such as 2.675 or 0.0005) and their neighbouring
   * doubles, whole numbers, negatives, ±0, tiny and huge values, NaN and infinities.
   */
  @Test
  void theFastPathWritesWhatTheExactPathWritesForEveryKindOfValue() {
    SplittableRandom random = new SplittableRandom(2026);
    int fastTaken = 0;
    int checked = 0;
    for (int i = 0; i < 100_000; i++) {
      int decimals = random.nextInt(0, 11);
      for (double value : values(random, decimals)) {
        checked++;
        if (Decimals.fast(value, decimals, false) != null) {
          fastTaken++;
        }
        assertSameText(value, decimals);
      }
    }
    double[] special = {
      0.0,
      -0.0,
      Double.MIN_VALUE,
      -Double.MIN_VALUE,
      Double.MIN_NORMAL,
      Double.MAX_VALUE,
      -Double.MAX_VALUE,
      Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      0x1p30,
      Math.nextDown(0x1p30),
      0.5,
      -0.5,
      1.5,
      2.675,
      -2.675,
      1.005,
      0.125,
      0.0625,
      999999.9995,
      -999999.9995,
      1e-300,
      -1e-300
    };
    for (double value : special) {
      for (int decimals = 0; decimals <= 10; decimals++) {
        assertSameText(value, decimals);
        assertSameText(Math.nextUp(value), decimals);
        assertSameText(Math.nextDown(value), decimals);
      }
    }
    // most values of the kinds the host writes take the fast path: the test covers it
    assertThat(fastTaken).isGreaterThan(checked / 3);
  }

  @Test
  void theFastPathWritesWhatStringFormatWrites() {
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 5_000; i++) {
      int decimals = random.nextInt(0, 4);
      for (double value : values(random, decimals)) {
        assertThat(Decimals.fixed(value, decimals))
            .as("%s with %d decimals", value, decimals)
            .isEqualTo(String.format(Locale.ROOT, "%." + decimals + "f", value));
        assertThat(Decimals.signed(value, decimals))
            .as("%s with %d decimals and a sign", value, decimals)
            .isEqualTo(String.format(Locale.ROOT, "%+." + decimals + "f", value));
      }
    }
  }

  /** Values of several kinds for one round of the comparisons. */
  private static double[] values(SplittableRandom random, int decimals) {
    double scale = Math.pow(10, decimals);
    // a tie at the last decimal: k + 0.5 units of 10^-decimals, as the nearest double
    long units = random.nextLong(0, 2_000_000_000L) >> random.nextInt(0, 31);
    double tie = (units + 0.5) / scale;
    double sign = random.nextBoolean() ? 1 : -1;
    return new double[] {
      sign * random.nextDouble() * Math.pow(10, random.nextInt(-12, 12)),
      sign * tie,
      sign * Math.nextUp(tie),
      sign * Math.nextDown(tie),
      sign * (tie + Math.ulp(tie) * random.nextInt(-64, 65)),
      sign * units / scale,
      sign * (units + 0.5 + random.nextInt(-1000, 1001) * 0x1p-20) / scale,
      sign * units,
      Double.longBitsToDouble(random.nextLong()),
      sign * random.nextDouble() * 1e-300,
      sign * random.nextDouble() * 1e300,
      sign * random.nextInt(0, 1_000_000) / 1000.0,
      sign * random.nextInt(0, 1_000_000) / 8.0
    };
  }

  private static void assertSameText(double value, int decimals) {
    assertThat(Decimals.fixed(value, decimals))
        .as("%s with %d decimals", value, decimals)
        .isEqualTo(Decimals.exact(value, decimals));
    String exact = Decimals.exact(value, decimals);
    String signed = exact.startsWith("-") || !Double.isFinite(value) ? exact : "+" + exact;
    assertThat(Decimals.signed(value, decimals))
        .as("%s with %d decimals and a sign", value, decimals)
        .isEqualTo(signed);
  }
}
