package org.tailor.scoring.value.lifetime;

import org.apache.commons.math3.special.Gamma;

/**
 * The BG/NBD model of repeat buying (Fader, Hardie &amp; Lee 2005, "Counting Your Customers the
 * Easy Way", Marketing Science 24(2)): while alive a shopper buys at a Poisson rate &lambda; ~
 * Gamma(r, &alpha;); after each purchase they drop out with probability p ~ Beta(a, b). Times are
 * in weeks when the parameters were fitted in weeks.
 *
 * @param r shape of the purchase-rate distribution
 * @param alpha scale of the purchase-rate distribution (weeks)
 * @param a first shape of the drop-out probability distribution
 * @param b second shape of the drop-out probability distribution
 */
public record BgNbdModel(double r, double alpha, double a, double b)
    implements RepeatPurchaseModel {

  public BgNbdModel {
    ModelInputException.positive("r", r);
    ModelInputException.positive("alpha", alpha);
    ModelInputException.positive("a", a);
    ModelInputException.positive("b", b);
  }

  /** The log-likelihood of one shopper's (x, t<sub>x</sub>, T) (FHL 2005, eq. 6). */
  public double logLikelihood(int frequency, double recencyWeeks, double ageWeeks) {
    CustomerSummary checked = new CustomerSummary("-", frequency, recencyWeeks, ageWeeks, 0);
    int x = checked.frequency();
    double value =
        Gamma.logGamma(r + x)
            - Gamma.logGamma(r)
            + r * Math.log(alpha)
            + Gamma.logGamma(a + b)
            + Gamma.logGamma(b + x)
            - Gamma.logGamma(b)
            - Gamma.logGamma(a + b + x)
            - (r + x) * Math.log(alpha + ageWeeks);
    if (x > 0) {
      value +=
          softplus(
              Math.log(a)
                  - Math.log(b + x - 1)
                  + (r + x) * (Math.log(alpha + ageWeeks) - Math.log(alpha + recencyWeeks)));
    }
    return value;
  }

  /** ln(1 + e<sup>v</sup>) without overflow. */
  static double softplus(double v) {
    return v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
  }

  /**
   * Expected purchases in the first {@code weeks} after a new shopper's first purchase, E[X(t)]
   * (FHL 2005, eq. 7); the first purchase itself is not counted.
   */
  @Override
  public double expectedPurchases(double weeks) {
    ModelInputException.nonNegative("weeks", weeks);
    double z = weeks / (alpha + weeks);
    return (a + b - 1)
        / (a - 1)
        * (1 - Math.pow(alpha / (alpha + weeks), r) * Hypergeometric.gauss2F1(r, b, a + b - 1, z));
  }

  /**
   * Expected purchases in the next {@code weeks} of a shopper with summary (x, t<sub>x</sub>, T),
   * E[Y(t) | x, t<sub>x</sub>, T] (FHL 2005, eq. 10).
   */
  @Override
  public double conditionalExpectedPurchases(double weeks, CustomerSummary customer) {
    return conditionalExpectedPurchases(weeks, customer, probabilityAlive(customer));
  }

  @Override
  public double conditionalExpectedPurchases(double weeks, CustomerSummary customer, double alive) {
    ModelInputException.nonNegative("weeks", weeks);
    int x = customer.frequency();
    double ageWeeks = customer.ageWeeks();
    double z = weeks / (alpha + ageWeeks + weeks);
    double growth =
        (a + b + x - 1)
            / (a - 1)
            * (1
                - Math.pow((alpha + ageWeeks) / (alpha + ageWeeks + weeks), r + x)
                    * Hypergeometric.gauss2F1(r + x, b + x, a + b + x - 1, z));
    return growth * alive;
  }

  /** P(alive | x, t<sub>x</sub>, T), the probability the shopper has not dropped out (FHL 2005). */
  @Override
  public double probabilityAlive(CustomerSummary customer) {
    int x = customer.frequency();
    if (x == 0) {
      return 1;
    }
    double logOdds =
        Math.log(a)
            - Math.log(b + x - 1)
            + (r + x)
                * (Math.log(alpha + customer.ageWeeks())
                    - Math.log(alpha + customer.recencyWeeks()));
    return 1 / (1 + Math.exp(logOdds));
  }
}
