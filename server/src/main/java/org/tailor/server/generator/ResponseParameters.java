package org.tailor.server.generator;

/**
 * The coefficients of the ground-truth offer-response model (see {@link GroundTruthResponseModel}):
 * {@code P(redeem) = σ(intercept + affinityWeight·affinity + discountWeight·discountDepth +
 * valueTierWeight·(tier − 1) + u)}, with a shopper's own responsiveness u ~ Normal(0,
 * responsivenessSd).
 *
 * @param intercept the log-odds of a neutral offer without discount to a tier-1 shopper with u = 0
 * @param affinityWeight log-odds per unit of affinity (affinity runs from 0 to 1), above 0
 * @param discountWeight log-odds per unit of discount depth (0.2 = 20 % off), above 0
 * @param valueTierWeight log-odds per value tier above the first, 0 or more
 * @param responsivenessSd the standard deviation of a shopper's own responsiveness, 0 or more
 */
public record ResponseParameters(
    double intercept,
    double affinityWeight,
    double discountWeight,
    double valueTierWeight,
    double responsivenessSd) {

  /**
   * Redemption rates from about 1 % (no affinity, small discount) to about 40 % (strong affinity,
   * deep discount): a neutral 20 %-off offer to a middle-tier shopper is redeemed about 11 % of the
   * time.
   */
  public static final ResponseParameters DEFAULT = new ResponseParameters(-5.0, 3.0, 5.0, 0.2, 0.6);

  public ResponseParameters {
    ParameterRange.finite("intercept", intercept);
    ParameterRange.positive("affinityWeight", affinityWeight);
    ParameterRange.positive("discountWeight", discountWeight);
    ParameterRange.within("valueTierWeight", valueTierWeight, 0.0, 10.0);
    ParameterRange.within("responsivenessSd", responsivenessSd, 0.0, 10.0);
  }
}
