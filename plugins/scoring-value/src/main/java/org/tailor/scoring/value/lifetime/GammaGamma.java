package org.tailor.scoring.value.lifetime;

import java.util.Arrays;
import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.apache.commons.math3.optim.univariate.UnivariatePointValuePair;
import org.apache.commons.math3.special.Gamma;

/**
 * Fits the {@link GammaGammaModel} by maximum likelihood (Fader &amp; Hardie 2013, eq. 4). Sums
 * that do not depend on the parameters are computed once; each evaluation then takes one logarithm
 * per shopper, in parallel, and log-gammas once per distinct x.
 */
public final class GammaGamma {

  private GammaGamma() {}

  /**
   * The maximum-likelihood estimates. The likelihood's only per-shopper term, (px+q) ln(&gamma; + x
   * m), splits into p &Sigma; x ln(&gamma; + x m) + q &Sigma; ln(&gamma; + x m): two sums that
   * depend on &gamma; alone. So the fit profiles: an outer search over &gamma; (Brent, on ln
   * &gamma;) computes the two sums in one pass over the shoppers, and an inner Nelder-Mead over (p,
   * q) costs only a few log-gammas per distinct x. Tens of passes over millions of shoppers instead
   * of hundreds.
   */
  public static FittedModel<GammaGammaModel> fit(SpendObservations data) {
    Prepared prepared = new Prepared(data);
    int[] passes = {0};
    double[][] bestInner = {{1, 1}};
    UnivariateFunction profile =
        logGamma -> {
          double gamma = Math.exp(logGamma);
          double[] sums = prepared.sumsAt(gamma);
          passes[0]++;
          LikelihoodMaximizer.Result inner =
              LikelihoodMaximizer.maximise(
                  pq -> prepared.logLikelihood(pq[0], pq[1], gamma, sums), bestInner[0]);
          bestInner[0] = inner.parameters();
          return inner.logLikelihood();
        };
    UnivariatePointValuePair best =
        new BrentOptimizer(1e-10, 1e-12)
            .optimize(
                new MaxEval(500),
                new UnivariateObjectiveFunction(profile),
                GoalType.MAXIMIZE,
                new SearchInterval(Math.log(1e-6), Math.log(1e9), 0));
    double gamma = Math.exp(best.getPoint());
    double[] sums = prepared.sumsAt(gamma);
    LikelihoodMaximizer.Result inner =
        LikelihoodMaximizer.maximise(
            pq -> prepared.logLikelihood(pq[0], pq[1], gamma, sums), bestInner[0]);
    double[] pq = inner.parameters();
    return new FittedModel<>(
        new GammaGammaModel(pq[0], pq[1], gamma),
        prepared.logLikelihood(pq[0], pq[1], gamma, sums),
        data.customers(),
        passes[0] + 1);
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
      return logLikelihood(p, q, gamma, sumsAt(gamma));
    }

    /** &Sigma; x ln(&gamma; + x m) and &Sigma; ln(&gamma; + x m), in one parallel pass. */
    double[] sumsAt(double gamma) {
      return ParallelSum.pairOver(
          x.length,
          (from, to, into) -> {
            double xLog = 0;
            double log = 0;
            for (int i = from; i < to; i++) {
              double l = Math.log(gamma + m[i] * x[i]);
              xLog += x[i] * l;
              log += l;
            }
            into[0] += xLog;
            into[1] += log;
          });
    }

    double logLikelihood(double p, double q, double gamma, double[] sums) {
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
      double perShopper = -(p * sums[0] + q * sums[1]);
      return constant + perShopper;
    }
  }
}
