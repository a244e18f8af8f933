package org.tailor.server.generator;

/**
 * The BG/NBD purchase process (Fader, Hardie &amp; Lee 2005, "Counting Your Customers the Easy Way:
 * An Alternative to the Pareto/NBD Model", Marketing Science 24(2)): while alive, a shopper buys at
 * the times of a Poisson process with rate λ ~ Gamma(r, α) (per week); after each repeat purchase
 * they drop out for good with probability p ~ Beta(a, b).
 *
 * @param r shape of the purchase-rate distribution
 * @param alpha rate of the purchase-rate distribution, in weeks (mean rate r/α per week)
 * @param a first shape of the dropout distribution
 * @param b second shape of the dropout distribution
 */
public record BgNbdParameters(double r, double alpha, double a, double b) {

  /**
   * The estimates on the CDNOW sample reported by Fader, Hardie &amp; Lee 2005 (r = 0.243, α =
   * 4.414, a = 0.793, b = 2.426): a mean of about 1.04 repeat purchases in 32 weeks for a new
   * shopper.
   */
  public static final BgNbdParameters CDNOW = new BgNbdParameters(0.243, 4.414, 0.793, 2.426);

  public BgNbdParameters {
    ParameterRange.positive("r", r);
    ParameterRange.positive("alpha", alpha);
    ParameterRange.positive("a", a);
    ParameterRange.positive("b", b);
  }

  /** The population's mean purchase rate while alive, r/α, per week. */
  public double meanPurchaseRatePerWeek() {
    return r / alpha;
  }

  /** The population's mean dropout probability after a purchase, a/(a+b). */
  public double meanDropoutProbability() {
    return a / (a + b);
  }
}
