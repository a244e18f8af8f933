package org.tailor.server.offer;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An offer as staff describe it, for creating, updating and listing offers.
 *
 * @param code the offer's stable code, such as {@code "spring-10"}
 * @param name a name for staff
 * @param kind {@code percent_off} or {@code amount_off}
 * @param discountPercent for {@code percent_off}: more than 0, at most 100
 * @param discountAmount for {@code amount_off}: more than 0, in the chain's currency
 * @param category the product category promoted, or empty for a store-wide offer
 * @param eligibilityRule a rule a shopper must meet, or empty for everyone
 * @param validFrom first moment the offer may be shown
 * @param validUntil the moment it stops being shown; after {@code validFrom}
 * @param totalBudget the most the chain will spend in discounts on it, or empty for no limit
 * @param perShopperCap how many times one shopper may redeem it, or empty for no limit
 * @param valueAmount what one redemption is worth to the chain, if known
 * @param costAmount what one redemption costs the chain, if known
 * @param campaignCode the campaign it belongs to, if any
 * @param status {@code draft}, {@code active} (the default), {@code paused} or {@code archived}
 * @param texts the words shown, by BCP 47 language tag; at least one language
 * @param storeCodes the stores it is limited to; empty for every store
 * @param channels the channels it is limited to; empty for every channel
 */
public record OfferDetails(
    String code,
    String name,
    String kind,
    Optional<BigDecimal> discountPercent,
    Optional<BigDecimal> discountAmount,
    Optional<String> category,
    Optional<String> eligibilityRule,
    Instant validFrom,
    Instant validUntil,
    Optional<BigDecimal> totalBudget,
    Optional<Integer> perShopperCap,
    Optional<BigDecimal> valueAmount,
    Optional<BigDecimal> costAmount,
    Optional<String> campaignCode,
    String status,
    Map<String, OfferText> texts,
    List<String> storeCodes,
    List<String> channels) {

  /** Missing optional fields (as JSON-B binds them) become empty; a missing status is active. */
  public OfferDetails {
    discountPercent = orEmpty(discountPercent);
    discountAmount = orEmpty(discountAmount);
    category = orEmpty(category);
    eligibilityRule = orEmpty(eligibilityRule);
    totalBudget = orEmpty(totalBudget);
    perShopperCap = orEmpty(perShopperCap);
    valueAmount = orEmpty(valueAmount);
    costAmount = orEmpty(costAmount);
    campaignCode = orEmpty(campaignCode);
    status = status == null ? "active" : status;
    texts = texts == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(texts));
    storeCodes = storeCodes == null ? List.of() : List.copyOf(storeCodes);
    channels = channels == null ? List.of() : List.copyOf(channels);
  }

  private static <T> Optional<T> orEmpty(Optional<T> value) {
    return value == null ? Optional.empty() : value;
  }
}
