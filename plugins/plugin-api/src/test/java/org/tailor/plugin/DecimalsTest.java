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
}
