package org.tailor.scoring.value.lifetime;

import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Maximises a log-likelihood over positive parameters with the Nelder-Mead simplex (commons-math),
 * searching over their logarithms so that every step stays positive. The search restarts from its
 * own answer until two rounds agree, the usual remedy for a simplex that collapsed early.
 */
final class LikelihoodMaximizer {

  private static final int MAX_EVALUATIONS = 20_000;
  private static final int MAX_ROUNDS = 6;

  record Result(double[] parameters, double logLikelihood, int evaluations) {}

  private LikelihoodMaximizer() {}

  /**
   * @param logLikelihood the log-likelihood of positive parameters; may return -infinity or NaN
   *     where it is not defined
   * @param start positive starting values
   */
  static Result maximise(ToDoubleFunction<double[]> logLikelihood, double[] start) {
    int[] evaluations = {0};
    ObjectiveFunction objective =
        new ObjectiveFunction(
            logParameters -> {
              evaluations[0]++;
              double[] parameters = new double[logParameters.length];
              for (int i = 0; i < parameters.length; i++) {
                parameters[i] = Math.exp(logParameters[i]);
              }
              double value;
              try {
                value = logLikelihood.applyAsDouble(parameters);
              } catch (ArithmeticException e) {
                value = Double.NaN; // a series that does not converge out there: not a candidate
              }
              return Double.isFinite(value) ? -value : Double.MAX_VALUE;
            });
    double[] point = new double[start.length];
    for (int i = 0; i < start.length; i++) {
      point[i] = Math.log(ModelInputException.positive("start[" + i + "]", start[i]));
    }
    double best = Double.MAX_VALUE;
    SimplexOptimizer optimizer = new SimplexOptimizer(1e-12, 1e-10);
    for (int round = 0; round < MAX_ROUNDS; round++) {
      PointValuePair optimum;
      try {
        optimum =
            optimizer.optimize(
                new MaxEval(MAX_EVALUATIONS),
                objective,
                GoalType.MINIMIZE,
                new InitialGuess(point),
                new NelderMeadSimplex(point.length, 0.5));
      } catch (TooManyEvaluationsException e) {
        throw new ArithmeticException(
            "the likelihood did not converge in " + MAX_EVALUATIONS + " evaluations");
      }
      point = optimum.getPoint();
      double value = optimum.getValue();
      boolean settled = Math.abs(best - value) <= 1e-9 * Math.max(1, Math.abs(value));
      best = value;
      if (settled) {
        break;
      }
    }
    if (best == Double.MAX_VALUE) {
      throw new ArithmeticException("the likelihood is not finite anywhere the search went");
    }
    double[] parameters = new double[point.length];
    for (int i = 0; i < point.length; i++) {
      parameters[i] = Math.exp(point[i]);
    }
    return new Result(parameters, -best, evaluations[0]);
  }
}
