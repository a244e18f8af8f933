package org.tailor.server.generator;

/**
 * The Gamma-Gamma model of spend per transaction (Fader, Hardie &amp; Lee 2005, "RFM and CLV: Using
 * Iso-Value Curves for Customer Base Analysis", JMR 42(4); Fader &amp; Hardie 2013, "The
 * Gamma-Gamma Model of Monetary Value"): each transaction's value is z ~ Gamma(p, ν) (shape p, rate
 * ν), and ν varies across shoppers as Gamma(q, γ). A shopper's mean transaction value is p/ν; the
 * population's is pγ/(q−1).
 *
 * @param p shape of a transaction's value
 * @param q shape of the spend-rate distribution across shoppers (above 1 for a finite mean)
 * @param gamma rate of the spend-rate distribution, in the chain's currency
 */
public record GammaGammaParameters(double p, double q, double gamma) {

  /** The estimates on the CDNOW sample (Fader &amp; Hardie 2013): p = 6.25, q = 3.74, γ = 15.44. */
  public static final GammaGammaParameters CDNOW = new GammaGammaParameters(6.25, 3.74, 15.44);

  /**
   * The generator's default: CDNOW's shapes p and q (so spend varies across shoppers and receipts
   * as it did there) with γ scaled from 15.44 to 8.8, for a mean receipt of about 20.07 in the
   * chain's currency. With grocery prices (about 3.9 a line) and the CDNOW purchase process that
   * makes about ten purchase lines per shopper in a year.
   */
  public static final GammaGammaParameters DEFAULT = new GammaGammaParameters(6.25, 3.74, 8.8);

  public GammaGammaParameters {
    ParameterRange.positive("p", p);
    ParameterRange.greaterThan("q", q, 1);
    ParameterRange.positive("gamma", gamma);
  }

  /** The population's mean transaction value, pγ/(q−1). */
  public double meanTransactionValue() {
    return p * gamma / (q - 1.0);
  }
}
