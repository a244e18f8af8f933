package org.tailor.server.offer;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.tailor.plugin.CandidateOffer;

/**
 * An offer that may be shown in a store on a channel at a moment, with what the decision pipeline
 * needs to judge it for one shopper: its limits, its campaign's holdout and its words.
 *
 * @param id the offer's database id
 * @param code the offer's code
 * @param category the promoted category, or empty
 * @param discountPercent the discount in percent, or empty
 * @param discountAmount the fixed discount, or empty
 * @param validUntil the end of its validity
 * @param totalBudget the most its redemptions may cost in discounts, or empty for no limit
 * @param perShopperCap how many times one shopper may redeem it, or empty for no limit
 * @param campaignId its campaign's id, or empty
 * @param campaignCode its campaign's code, or empty
 * @param holdoutShare the share of shoppers its campaign holds out, 0 without campaign
 * @param texts headline and body by language tag
 * @param eligibilityRule a condition the shopper and context must meet, or empty; compiled once
 *     with the offer
 * @param candidate the offer as scoring plugins see it, made once with the offer rather than for
 *     every decision
 */
public record ActiveOffer(
    long id,
    String code,
    Optional<String> category,
    Optional<BigDecimal> discountPercent,
    Optional<BigDecimal> discountAmount,
    Instant validUntil,
    Optional<BigDecimal> totalBudget,
    Optional<Integer> perShopperCap,
    Optional<Long> campaignId,
    Optional<String> campaignCode,
    BigDecimal holdoutShare,
    Map<String, OfferText> texts,
    Optional<EligibilityRule> eligibilityRule,
    CandidateOffer candidate) {

  public ActiveOffer {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(holdoutShare, "holdoutShare");
    texts = Map.copyOf(texts);
    Objects.requireNonNull(eligibilityRule, "eligibilityRule");
    CandidateOffer expected =
        new CandidateOffer(code, category, discountPercent, discountAmount, campaignCode);
    if (!expected.equals(Objects.requireNonNull(candidate, "candidate"))) {
      throw new IllegalArgumentException(
          "candidate " + candidate + " does not describe offer " + code + ": " + expected);
    }
  }

  /**
   * An active offer, with the candidate scoring plugins see made from its fields. Its code,
   * category and campaign code are interned: every reload of the catalogue then hands the plugins
   * the same string instances, which their maps by offer and category find by identity, without
   * comparing characters, for each of the hundreds of candidates of every decision.
   */
  public ActiveOffer(
      long id,
      String code,
      Optional<String> category,
      Optional<BigDecimal> discountPercent,
      Optional<BigDecimal> discountAmount,
      Instant validUntil,
      Optional<BigDecimal> totalBudget,
      Optional<Integer> perShopperCap,
      Optional<Long> campaignId,
      Optional<String> campaignCode,
      BigDecimal holdoutShare,
      Map<String, OfferText> texts,
      Optional<EligibilityRule> eligibilityRule) {
    this(
        id,
        code.intern(),
        category.map(String::intern),
        discountPercent,
        discountAmount,
        validUntil,
        totalBudget,
        perShopperCap,
        campaignId,
        campaignCode.map(String::intern),
        holdoutShare,
        texts,
        eligibilityRule,
        new CandidateOffer(
            code.intern(),
            category.map(String::intern),
            discountPercent,
            discountAmount,
            campaignCode.map(String::intern)));
  }
}
