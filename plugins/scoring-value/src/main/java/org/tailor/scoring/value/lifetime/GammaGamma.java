package org.tailor.scoring.value.lifetime;

import java.util.Arrays;
import org.apache.commons.math3.special.Gamma;

/**
 * Fits the {@link GammaGammaModel} by maximum likelihood (Fader &amp; Hardie 2013, eq. 4). Sums
 * that do not depend on the parameters are computed once; each evaluation then takes one logarithm
 * per shopper, in parallel, and log-gammas once per distinct x.
 */
public final class GammaGamma {

  private GammaGamma() {}

  /** The maximum-likelihood estimates, starting from p = q = &gamma; = 1. */
  public static FittedModel<GammaGammaModel> fit(SpendObservations data) {
    Prepared prepared = new Prepared(data);
    LikelihoodMaximizer.Result result =
        LikelihoodMaximizer.maximise(
            p -> prepared.logLikelihood(p[0], p[1], p[2]), new double[] {1, 1, 1});
    double[] p = result.parameters();
    return new FittedModel<>(
        new GammaGammaModel(p[0], p[1], p[2]),
        result.logLikelihood(),
        data.customers(),
        result.evaluations());
  }

  /** The log-likelihood of all shoppers in {@code data} under the model. */
  public static double logLikelihood(SpendObservations data, GammaGammaModel model) {
    return new Prepared(data).logLikelihood(model.p(), model.q(), model.gamma());
  }

  /** The data with its parameter-free sums. */
  private static final class Prepared {
    private final int[] x;
    private final double[] m;
    private final int[] distinctX;
    private final double[] countOfX;
    private final double sumXLogM;
    private final double sumLogM;
    private final double sumXLogX;

    Prepared(SpendObservations data) {
      x = data.frequency;
      m = data.meanSpend;
      distinctX = Arrays.stream(x).distinct().sorted().toArray();
      countOfX = new double[distinctX.length];
      double xLogM = 0;
      double logM = 0;
      double xLogX = 0;
      for (int i = 0; i < x.length; i++) {
        countOfX[Arrays.binarySearch(distinctX, x[i])]++;
        double lm = Math.log(m[i]);
        xLogM += x[i] * lm;
        logM += lm;
        xLogX += x[i] * Math.log(x[i]);
      }
      sumXLogM = xLogM;
      sumLogM = logM;
      sumXLogX = xLogX;
    }

    double logLikelihood(double p, double q, double gamma) {
      double n = x.length;
      double perX = 0;
      for (int k = 0; k < distinctX.length; k++) {
        double px = p * distinctX[k];
        perX += countOfX[k] * (Gamma.logGamma(px + q) - Gamma.logGamma(px));
      }
      double constant =
          perX
              - n * Gamma.logGamma(q)
              + n * q * Math.log(gamma)
              + p * sumXLogM
              - sumLogM
              + p * sumXLogX;
      double perShopper =
          ParallelSum.over(
              x.length,
              (from, to) -> {
                double sum = 0;
                for (int i = from; i < to; i++) {
                  sum -= (p * x[i] + q) * Math.log(gamma + m[i] * x[i]);
                }
                return sum;
              });
      return constant + perShopper;
    }
  }
}
