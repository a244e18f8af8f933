package org.tailor.scoring.value.lifetime;

import org.apache.commons.math3.special.Gamma;

/**
 * Fits the {@link BgNbdModel} by maximum likelihood (FHL 2005, eq. 6) to shoppers grouped by (x,
 * t<sub>x</sub>, T). Terms that depend only on x, only on t<sub>x</sub> or only on T are computed
 * once per distinct value; the sum over groups runs in parallel.
 */
public final class BgNbd {

  private BgNbd() {}

  /** The maximum-likelihood estimates, starting from r = &alpha; = a = b = 1. */
  public static FittedModel<BgNbdModel> fit(RepeatPurchases data) {
    LikelihoodMaximizer.Result result =
        LikelihoodMaximizer.maximise(
            p -> logLikelihood(data, p[0], p[1], p[2], p[3]), new double[] {1, 1, 1, 1});
    double[] p = result.parameters();
    return new FittedModel<>(
        new BgNbdModel(p[0], p[1], p[2], p[3]),
        result.logLikelihood(),
        data.customers(),
        result.evaluations());
  }

  /** The log-likelihood of all shoppers in {@code data} under the model. */
  public static double logLikelihood(RepeatPurchases data, BgNbdModel model) {
    return logLikelihood(data, model.r(), model.alpha(), model.a(), model.b());
  }

  static double logLikelihood(RepeatPurchases data, double r, double alpha, double a, double b) {
    int[] xs = data.frequencyValues;
    double[] constantOfX = new double[xs.length];
    double[] logOddsOfX = new double[xs.length];
    double common =
        -Gamma.logGamma(r) + r * Math.log(alpha) + Gamma.logGamma(a + b) - Gamma.logGamma(b);
    for (int k = 0; k < xs.length; k++) {
      int x = xs[k];
      constantOfX[k] =
          common + Gamma.logGamma(r + x) + Gamma.logGamma(b + x) - Gamma.logGamma(a + b + x);
      logOddsOfX[k] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : Double.NEGATIVE_INFINITY;
    }
    double[] logAge = logOfAlphaPlus(data.ageValues, alpha);
    double[] logRecency = logOfAlphaPlus(data.recencyValues, alpha);
    int[] x = data.frequency;
    int[] xIndex = data.frequencyIndex;
    int[] ageIndex = data.ageIndex;
    int[] recencyIndex = data.recencyIndex;
    double[] count = data.count;
    return ParallelSum.over(
        x.length,
        (from, to) -> {
          double sum = 0;
          for (int g = from; g < to; g++) {
            int k = xIndex[g];
            double rx = r + x[g];
            double logT = logAge[ageIndex[g]];
            double value = constantOfX[k] - rx * logT;
            if (x[g] > 0) {
              value +=
                  BgNbdModel.softplus(logOddsOfX[k] + rx * (logT - logRecency[recencyIndex[g]]));
            }
            sum += count[g] * value;
          }
          return sum;
        });
  }

  private static double[] logOfAlphaPlus(double[] values, double alpha) {
    double[] logs = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      logs[i] = Math.log(alpha + values[i]);
    }
    return logs;
  }
}
