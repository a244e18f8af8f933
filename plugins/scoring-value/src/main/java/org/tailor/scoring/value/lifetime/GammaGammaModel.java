package org.tailor.scoring.value.lifetime;

import org.apache.commons.math3.special.Gamma;

/**
 * The Gamma-Gamma model of spend per purchase (Fader, Hardie &amp; Lee 2005, "RFM and CLV: Using
 * Iso-Value Curves for Customer Base Analysis", JMR 42(4); Fader &amp; Hardie 2013, "The
 * Gamma-Gamma Model of Monetary Value"): a shopper's purchase amounts are Gamma(p, &nu;) with &nu;
 * ~ Gamma(q, &gamma;) across shoppers, independent of how often they buy.
 *
 * @param p shape of the spend of one purchase
 * @param q shape of the spend-scale distribution
 * @param gamma scale of the spend-scale distribution (the chain's currency)
 */
public record GammaGammaModel(double p, double q, double gamma) {

  public GammaGammaModel {
    ModelInputException.positive("p", p);
    ModelInputException.positive("q", q);
    ModelInputException.positive("gamma", gamma);
  }

  /**
   * The log-likelihood of one shopper's mean spend {@code meanSpend} over {@code frequency}
   * purchases (Fader &amp; Hardie 2013, eq. 4).
   */
  public double logLikelihood(int frequency, double meanSpend) {
    checkSpend(frequency, meanSpend);
    double px = p * frequency;
    return Gamma.logGamma(px + q)
        - Gamma.logGamma(px)
        - Gamma.logGamma(q)
        + q * Math.log(gamma)
        + (px - 1) * Math.log(meanSpend)
        + px * Math.log(frequency)
        - (px + q) * Math.log(gamma + meanSpend * frequency);
  }

  static void checkSpend(int frequency, double meanSpend) {
    if (frequency < 1) {
      throw new ModelInputException(
          "frequency", frequency, "1 or more repeat purchases for the spend model");
    }
    if (!(meanSpend > 0) || !Double.isFinite(meanSpend)) {
      throw new ModelInputException("meanRepeatSpend", meanSpend, "an amount above 0");
    }
  }

  /** The mean spend per purchase across shoppers, p&gamma;/(q&minus;1); infinite when q &le; 1. */
  public double populationMeanSpend() {
    return q > 1 ? p * gamma / (q - 1) : Double.POSITIVE_INFINITY;
  }

  /**
   * The expected spend of the shopper's next purchases given {@code frequency} purchases with mean
   * {@code meanSpend} (Fader &amp; Hardie 2013, eq. 5): a weighted mean of the population mean and
   * the shopper's own. With no purchases (frequency 0) it is the population mean.
   */
  public double conditionalExpectedSpend(int frequency, double meanSpend) {
    if (frequency == 0) {
      return populationMeanSpend();
    }
    if (frequency < 0) {
      throw new ModelInputException("frequency", frequency, "a whole number of 0 or more");
    }
    if (!Double.isFinite(meanSpend)) {
      throw new ModelInputException("meanRepeatSpend", meanSpend, "a finite amount");
    }
    return p * (gamma + frequency * meanSpend) / (p * frequency + q - 1);
  }
}
