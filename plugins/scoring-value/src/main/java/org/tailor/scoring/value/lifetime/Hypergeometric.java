package org.tailor.scoring.value.lifetime;

/**
 * The Gauss hypergeometric function <sub>2</sub>F<sub>1</sub>(a, b; c; z) by its power series, for
 * the arguments the buy-till-you-die models give it: a, b, c positive and 0 &le; z &lt; 1. The
 * series converges there for every a, b, c; near z = 1 it needs many terms, so callers choose the
 * form of their formula that keeps z small (see {@link ParetoNbdModel}).
 */
final class Hypergeometric {

  private static final int MAX_TERMS = 1_000_000;
  private static final double TOLERANCE = 1e-15;

  private Hypergeometric() {}

  static double gauss2F1(double a, double b, double c, double z) {
    if (!(z >= 0 && z < 1)) {
      throw new ModelInputException("z", z, "a number from 0 to below 1 for 2F1");
    }
    if (!(c > 0)) {
      throw new ModelInputException("c", c, "a number above 0 for 2F1");
    }
    double term = 1;
    double sum = 1;
    for (int n = 0; n < MAX_TERMS; n++) {
      term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
      sum += term;
      if (Math.abs(term) <= TOLERANCE * Math.abs(sum)) {
        return sum;
      }
    }
    throw new ArithmeticException(
        "2F1("
            + a
            + ", "
            + b
            + "; "
            + c
            + "; "
            + z
            + ") did not converge in "
            + MAX_TERMS
            + " terms");
  }
}
