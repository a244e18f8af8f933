package org.tailor.scoring.bandit.thompson;

import java.util.random.RandomGenerator;

/**
 * Draws from Beta(α, β) as X / (X + Y) with X ~ Gamma(α), Y ~ Gamma(β), each Gamma drawn by
 * Marsaglia &amp; Tsang's squeeze method (ACM TOMS 26(3), 2000), with the boost Gamma(a) = Gamma(a
 * + 1) · U^{1/a} for shapes below one.
 *
 * <p>The method's constants d = a − 1/3 and c = 1/√(9d) depend on the shape only, so a posterior
 * drawn from again and again can have them worked out once ({@link Prepared}); its draws are then
 * the very same numbers {@link #sample} gives from the same generator state.
 */
final class BetaSampler {

  private BetaSampler() {}

  static double sample(double alpha, double beta, RandomGenerator random) {
    return Prepared.of(alpha, beta).sample(random);
  }

  static double gamma(double shape, RandomGenerator random) {
    return Shape.of(shape).gamma(random);
  }

  /** A Gamma shape with the constants of its draws. */
  private record Shape(double shape, double d, double c) {

    static Shape of(double shape) {
      double boosted = shape < 1 ? shape + 1 : shape; // the boost draws Gamma(shape + 1)
      double d = boosted - 1.0 / 3.0;
      return new Shape(shape, d, 1 / Math.sqrt(9 * d));
    }

    double gamma(RandomGenerator random) {
      if (shape < 1) {
        double u = random.nextDouble();
        return marsagliaTsang(random) * Math.pow(u, 1 / shape);
      }
      return marsagliaTsang(random);
    }

    private double marsagliaTsang(RandomGenerator random) {
      while (true) {
        double z = random.nextGaussian();
        double v = 1 + c * z;
        if (v <= 0) {
          continue;
        }
        v = v * v * v;
        double u = random.nextDouble();
        if (u < 1 - 0.0331 * z * z * z * z
            || Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) {
          return d * v;
        }
      }
    }
  }

  /** Beta(α, β) with the constants of both its Gamma draws worked out; immutable. */
  static final class Prepared {
    private final double alpha;
    private final double beta;
    private final Shape x;
    private final Shape y;

    private Prepared(double alpha, double beta) {
      this.alpha = alpha;
      this.beta = beta;
      this.x = Shape.of(alpha);
      this.y = Shape.of(beta);
    }

    static Prepared of(double alpha, double beta) {
      return new Prepared(alpha, beta);
    }

    double sample(RandomGenerator random) {
      double gx = x.gamma(random);
      double gy = y.gamma(random);
      double sum = gx + gy;
      if (sum == 0) {
        return alpha / (alpha + beta); // both underflowed: tiny shapes; the mean is the best answer
      }
      return gx / sum;
    }
  }
}
