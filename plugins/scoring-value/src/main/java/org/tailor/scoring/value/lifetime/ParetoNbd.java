package org.tailor.scoring.value.lifetime;

/**
 * Fits the {@link ParetoNbdModel} by maximum likelihood to shoppers grouped by (x, t<sub>x</sub>,
 * T); the sum over groups runs in parallel.
 */
public final class ParetoNbd {

  private ParetoNbd() {}

  /** The maximum-likelihood estimates, starting from r = &alpha; = s = &beta; = 1. */
  public static FittedModel<ParetoNbdModel> fit(RepeatPurchases data) {
    LikelihoodMaximizer.Result result =
        LikelihoodMaximizer.maximise(
            p -> logLikelihood(data, p[0], p[1], p[2], p[3]), new double[] {1, 1, 1, 1});
    double[] p = result.parameters();
    return new FittedModel<>(
        new ParetoNbdModel(p[0], p[1], p[2], p[3]),
        result.logLikelihood(),
        data.customers(),
        result.evaluations());
  }

  /** The log-likelihood of all shoppers in {@code data} under the model. */
  public static double logLikelihood(RepeatPurchases data, ParetoNbdModel model) {
    return logLikelihood(data, model.r(), model.alpha(), model.s(), model.beta());
  }

  static double logLikelihood(RepeatPurchases data, double r, double alpha, double s, double beta) {
    int[] x = data.frequency;
    double[] tx = data.recencyWeeks;
    double[] t = data.ageWeeks;
    double[] count = data.count;
    return ParallelSum.over(
        x.length,
        (from, to) -> {
          double sum = 0;
          for (int g = from; g < to; g++) {
            sum += count[g] * ParetoNbdModel.logLikelihood(r, alpha, s, beta, x[g], tx[g], t[g]);
          }
          return sum;
        });
  }
}
