package org.tailor.scoring.value.lifetime;

import org.apache.commons.math3.special.Gamma;

/**
 * The Pareto/NBD model (Schmittlein, Morrison &amp; Colombo 1987): while alive a shopper buys at a
 * Poisson rate &lambda; ~ Gamma(r, &alpha;) and dies after an exponential lifetime with rate &mu; ~
 * Gamma(s, &beta;). The likelihood follows Fader &amp; Hardie's note "A Note on Deriving the
 * Pareto/NBD Model and Related Expressions" (2005), eq. 22: its integral A<sub>0</sub> takes the
 * Gauss hypergeometric function in the form whose argument is |&alpha; &minus; &beta;| /
 * (max(&alpha;, &beta;) + t), which is below 1 for every t &ge; 0 &mdash; the &alpha; &ge; &beta;
 * branch uses <sub>2</sub>F<sub>1</sub>(r+s+x, s+1; r+s+x+1; ...), the &alpha; &lt; &beta; branch
 * <sub>2</sub>F<sub>1</sub>(r+s+x, r+x; r+s+x+1; ...).
 *
 * @param r shape of the purchase-rate distribution
 * @param alpha scale of the purchase-rate distribution (weeks)
 * @param s shape of the death-rate distribution
 * @param beta scale of the death-rate distribution (weeks)
 */
public record ParetoNbdModel(double r, double alpha, double s, double beta)
    implements RepeatPurchaseModel {

  public ParetoNbdModel {
    ModelInputException.positive("r", r);
    ModelInputException.positive("alpha", alpha);
    ModelInputException.positive("s", s);
    ModelInputException.positive("beta", beta);
  }

  /** The log-likelihood of one shopper's (x, t<sub>x</sub>, T). */
  public double logLikelihood(int frequency, double recencyWeeks, double ageWeeks) {
    new CustomerSummary("-", frequency, recencyWeeks, ageWeeks, 0);
    return logLikelihood(r, alpha, s, beta, frequency, recencyWeeks, ageWeeks);
  }

  static double logLikelihood(
      double r, double alpha, double s, double beta, int x, double tx, double t) {
    double part1 =
        r * Math.log(alpha) + s * Math.log(beta) - Gamma.logGamma(r) + Gamma.logGamma(r + x);
    double part2 = logAliveThroughout(r, alpha, s, beta, x, t);
    double part3 = logDiedInBetween(r, alpha, s, beta, x, tx, t);
    return part1 + part2 + BgNbdModel.softplus(part3 - part2);
  }

  /** ln of (&alpha;+T)<sup>-(r+x)</sup> (&beta;+T)<sup>-s</sup>: alive at T. */
  private static double logAliveThroughout(
      double r, double alpha, double s, double beta, int x, double t) {
    return -(r + x) * Math.log(alpha + t) - s * Math.log(beta + t);
  }

  /** ln of s/(r+s+x) A<sub>0</sub>: died between t<sub>x</sub> and T. */
  private static double logDiedInBetween(
      double r, double alpha, double s, double beta, int x, double tx, double t) {
    double rsx = r + s + x;
    double larger = Math.max(alpha, beta);
    double difference = Math.abs(alpha - beta);
    double second = alpha >= beta ? s + 1 : r + x;
    double atRecency = Hypergeometric.gauss2F1(rsx, second, rsx + 1, difference / (larger + tx));
    double atAge =
        Hypergeometric.gauss2F1(rsx, second, rsx + 1, difference / (larger + t))
            * Math.exp(rsx * (Math.log(larger + tx) - Math.log(larger + t)));
    double between = atRecency - atAge;
    if (!(between > 0)) {
      return Double.NEGATIVE_INFINITY; // t_x = T: no room to die in between
    }
    return Math.log(s) - Math.log(rsx) - rsx * Math.log(larger + tx) + Math.log(between);
  }

  /** P(alive | x, t<sub>x</sub>, T) (Fader &amp; Hardie 2005 note, eq. 18). */
  @Override
  public double probabilityAlive(CustomerSummary customer) {
    int x = customer.frequency();
    double part2 = logAliveThroughout(r, alpha, s, beta, x, customer.ageWeeks());
    double part3 =
        logDiedInBetween(r, alpha, s, beta, x, customer.recencyWeeks(), customer.ageWeeks());
    return 1 / (1 + Math.exp(part3 - part2));
  }

  /** Expected purchases in the first {@code weeks} after a new shopper's first purchase. */
  @Override
  public double expectedPurchases(double weeks) {
    ModelInputException.nonNegative("weeks", weeks);
    return r * beta / (alpha * (s - 1)) * (1 - Math.pow(beta / (beta + weeks), s - 1));
  }

  /**
   * Expected purchases in the next {@code weeks} of a shopper with summary (x, t<sub>x</sub>, T).
   */
  @Override
  public double conditionalExpectedPurchases(double weeks, CustomerSummary customer) {
    return conditionalExpectedPurchases(weeks, customer, probabilityAlive(customer));
  }

  @Override
  public double conditionalExpectedPurchases(double weeks, CustomerSummary customer, double alive) {
    ModelInputException.nonNegative("weeks", weeks);
    double t = customer.ageWeeks();
    double whileAlive =
        (r + customer.frequency())
            * (beta + t)
            / ((alpha + t) * (s - 1))
            * (1 - Math.pow((beta + t) / (beta + t + weeks), s - 1));
    return whileAlive * alive;
  }
}
