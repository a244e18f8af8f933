package org.tailor.agent.terminal;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A redemption as the cashier enters it: which offer, with what basket total.
 *
 * @param offerCode the offer's code as printed or shown
 * @param basketAmount the basket total, 0 or more, at most two decimals
 */
public record RedemptionEntry(String offerCode, BigDecimal basketAmount) {

  private static final Pattern OFFER_CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final BigDecimal MAX_BASKET = new BigDecimal("1000000");

  public RedemptionEntry {
    Objects.requireNonNull(offerCode, "offerCode");
    Objects.requireNonNull(basketAmount, "basketAmount");
  }

  /**
   * Checks what the cashier typed; a decimal comma is read as a point.
   *
   * @throws InvalidRedemptionException naming the bad value and what was expected
   */
  public static RedemptionEntry parse(String offerCode, String basketAmount) {
    if (offerCode == null || !OFFER_CODE.matcher(offerCode).matches()) {
      throw new InvalidRedemptionException("redeem.offerCode", offerCode == null ? "" : offerCode);
    }
    BigDecimal amount;
    try {
      amount = new BigDecimal(basketAmount == null ? "" : basketAmount.replace(',', '.'));
    } catch (NumberFormatException e) {
      throw new InvalidRedemptionException(
          "redeem.amount", basketAmount == null ? "" : basketAmount);
    }
    if (amount.signum() < 0 || amount.scale() > 2 || amount.compareTo(MAX_BASKET) > 0) {
      throw new InvalidRedemptionException("redeem.amount", basketAmount);
    }
    return new RedemptionEntry(offerCode, amount);
  }
}
