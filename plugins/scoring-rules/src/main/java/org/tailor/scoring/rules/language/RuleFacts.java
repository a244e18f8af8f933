package org.tailor.scoring.rules.language;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.ShopperProfile;

/**
 * What a rule sees, as CEL variables. Every name is always present (an unknown shopper is {@code
 * known == false} with empty strings), so a rule never fails because a shopper is a newcomer; only
 * {@code attributes["key"]} of a key the shopper lacks fails, which {@code "key" in attributes}
 * guards.
 *
 * <table>
 *   <caption>Variables</caption>
 *   <tr><td>{@code known}</td><td>bool</td><td>false for a newcomer</td></tr>
 *   <tr><td>{@code loyaltyId}, {@code firstName}, {@code language}</td><td>string</td><td></td></tr>
 *   <tr><td>{@code birthdayMonth}</td><td>int</td><td>1–12, 0 when unknown</td></tr>
 *   <tr><td>{@code birthdayToday}</td><td>bool</td><td></td></tr>
 *   <tr><td>{@code preferredCategories}</td><td>list(string)</td><td></td></tr>
 *   <tr><td>{@code attributes}</td><td>map(string, string)</td><td>the chain's own attributes</td></tr>
 *   <tr><td>{@code store}, {@code terminal}, {@code channel}</td><td>string</td><td></td></tr>
 *   <tr><td>{@code hour}, {@code weekday}</td><td>int</td><td>UTC; weekday 1 = Monday</td></tr>
 *   <tr><td>{@code date}</td><td>string</td><td>ISO, such as "2026-03-02"</td></tr>
 *   <tr><td>{@code offerCode}, {@code category}, {@code campaign}</td><td>string</td><td></td></tr>
 *   <tr><td>{@code discountPercent}, {@code discountAmount}</td><td>double</td><td>0 when none</td></tr>
 * </table>
 */
public final class RuleFacts {

  private final Map<String, Object> variables;

  private RuleFacts(Map<String, Object> variables) {
    this.variables = Map.copyOf(variables);
  }

  /** The facts of one candidate offer for one decision. */
  public static RuleFacts of(DecisionContext context, CandidateOffer offer) {
    Map<String, Object> v = new HashMap<>();
    ShopperProfile shopper = context.shopper().orElse(null);
    ZonedDateTime at = context.at().atZone(ZoneOffset.UTC);
    LocalDate today = at.toLocalDate();
    v.put("known", shopper != null);
    v.put("loyaltyId", shopper == null ? "" : shopper.loyaltyId());
    v.put("firstName", shopper == null ? "" : shopper.firstName().orElse(""));
    v.put("language", shopper == null ? "" : shopper.language());
    LocalDate birthday = shopper == null ? null : shopper.birthday().orElse(null);
    v.put("birthdayMonth", birthday == null ? 0L : (long) birthday.getMonthValue());
    v.put(
        "birthdayToday",
        birthday != null
            && birthday.getMonthValue() == today.getMonthValue()
            && birthday.getDayOfMonth() == today.getDayOfMonth());
    v.put("preferredCategories", shopper == null ? List.of() : shopper.preferredCategories());
    v.put("attributes", shopper == null ? Map.of() : shopper.attributes());
    v.put("store", context.storeCode());
    v.put("terminal", context.terminalCode().orElse(""));
    v.put("channel", context.channel());
    v.put("hour", (long) at.getHour());
    v.put("weekday", (long) at.getDayOfWeek().getValue());
    v.put("date", today.toString());
    v.put("offerCode", offer.offerCode());
    v.put("category", offer.category().orElse(""));
    v.put("campaign", offer.campaignCode().orElse(""));
    v.put("discountPercent", offer.discountPercent().map(Number::doubleValue).orElse(0.0));
    v.put("discountAmount", offer.discountAmount().map(Number::doubleValue).orElse(0.0));
    return new RuleFacts(v);
  }

  Map<String, Object> variables() {
    return variables;
  }
}
