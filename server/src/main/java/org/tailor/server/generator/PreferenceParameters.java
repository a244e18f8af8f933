package org.tailor.server.generator;

/**
 * How shoppers' category preferences spread around the chain's category shares. A shopper's share
 * of category c is {@code baseWeight·base(c) + (1 − baseWeight)·D(c)}, where D is drawn from a
 * Dirichlet distribution with parameters {@code concentration·base(c)}: a small concentration gives
 * shoppers a few favourite categories, a large one makes everyone alike; the base part keeps
 * staples in every basket.
 *
 * @param concentration the Dirichlet's total concentration, above 0
 * @param baseWeight the weight of the chain's own shares, from 0 to 1
 */
public record PreferenceParameters(double concentration, double baseWeight) {

  /** A few favourite categories per shopper, a quarter of each basket from the chain's mix. */
  public static final PreferenceParameters DEFAULT = new PreferenceParameters(8.0, 0.25);

  public PreferenceParameters {
    ParameterRange.positive("concentration", concentration);
    ParameterRange.within("baseWeight", baseWeight, 0.0, 1.0);
  }
}
