package org.tailor.server.generator;

import java.util.SplittableRandom;

/**
 * Draws from the distributions the chain is made of, on a {@link SplittableRandom}. Written here
 * rather than taken from commons-math3 because the shapes change with every shopper (commons-math3
 * would need one distribution object per draw) and because {@link StrictMath} makes the results the
 * same on every JVM and CPU. {@code RandomDrawsTest} checks them against commons-math3's
 * distribution functions.
 */
final class RandomDraws {

  /** Independent random streams of one shopper (or household, or the whole chain). */
  enum Stream {
    /** Latent traits: purchase rate, dropout, spend, category preferences, responsiveness. */
    TRAITS,
    /** Names, birthday, identifiers, consents, declared preferences. */
    PROFILE,
    /** Purchases and returns. */
    PURCHASES,
    /** What a household shares: home store, language, family name, members. */
    HOUSEHOLD,
    /** The catalogue and the stores. */
    CHAIN,
    /** Value tier thresholds, estimated on the prior. */
    PRIOR
  }

  private RandomDraws() {}

  /** A stream seeded by (seed, index, stream); the same arguments give the same draws. */
  static SplittableRandom stream(long seed, long index, Stream stream) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    h = mix(h + index * 0xBF58476D1CE4E5B9L);
    h = mix(h + (stream.ordinal() + 1) * 0x94D049BB133111EBL);
    return new SplittableRandom(h);
  }

  /** The SplitMix64 finaliser (Steele, Lea &amp; Flood 2014). */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform on (0, 1]: never zero, so that its logarithm is finite. */
  static double openUniform(SplittableRandom random) {
    return 1.0 - random.nextDouble();
  }

  /** Exponential with rate 1. */
  static double exponential(SplittableRandom random) {
    return -StrictMath.log(openUniform(random));
  }

  /** Standard normal, by Marsaglia's polar method (one of the pair is used). */
  static double normal(SplittableRandom random) {
    while (true) {
      double u = 2.0 * random.nextDouble() - 1.0;
      double v = 2.0 * random.nextDouble() - 1.0;
      double s = u * u + v * v;
      if (s > 0.0 && s < 1.0) {
        return u * StrictMath.sqrt(-2.0 * StrictMath.log(s) / s);
      }
    }
  }

  /**
   * Gamma with the given shape and scale 1 (Marsaglia &amp; Tsang 2000, "A simple method for
   * generating gamma variables"), with the boost {@code G(k) = G(k+1)·U^(1/k)} for shapes below 1.
   * Divide by a rate to get Gamma(shape, rate).
   */
  static double gamma(SplittableRandom random, double shape) {
    if (shape < 1.0) {
      double g = gamma(random, shape + 1.0);
      return g * StrictMath.exp(StrictMath.log(openUniform(random)) / shape);
    }
    double d = shape - 1.0 / 3.0;
    double c = 1.0 / StrictMath.sqrt(9.0 * d);
    while (true) {
      double x;
      double v;
      do {
        x = normal(random);
        v = 1.0 + c * x;
      } while (v <= 0.0);
      v = v * v * v;
      double u = openUniform(random);
      double x2 = x * x;
      if (u < 1.0 - 0.0331 * x2 * x2) {
        return d * v;
      }
      if (StrictMath.log(u) < 0.5 * x2 + d * (1.0 - v + StrictMath.log(v))) {
        return d * v;
      }
    }
  }

  /** Beta(a, b) as X/(X+Y) with X ~ Gamma(a), Y ~ Gamma(b). */
  static double beta(SplittableRandom random, double a, double b) {
    double x = gamma(random, a);
    double y = gamma(random, b);
    double sum = x + y;
    return sum > 0.0 ? x / sum : a / (a + b);
  }
}
