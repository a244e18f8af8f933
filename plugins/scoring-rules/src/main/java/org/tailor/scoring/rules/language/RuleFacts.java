package org.tailor.scoring.rules.language;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  private final DecisionFacts decision;
  private final String offerCode;
  private final String category;
  private final String campaign;
  private final Double discountPercent;
  private final Double discountAmount;

  private RuleFacts(DecisionFacts decision, CandidateOffer offer) {
    this.decision = decision;
    this.offerCode = offer.offerCode();
    this.category = offer.category().orElse("");
    this.campaign = offer.campaignCode().orElse("");
    this.discountPercent = number(offer.discountPercent());
    this.discountAmount = number(offer.discountAmount());
  }

  /** A discount as a rule sees it: a double, 0 when there is none. */
  static Double number(Optional<? extends Number> value) {
    return value.isPresent() ? value.get().doubleValue() : 0.0;
  }

  /**
   * The facts of one candidate offer for one decision. Where many offers are judged in one
   * decision, {@link #of(DecisionContext)} once and {@link DecisionFacts#offer(CandidateOffer)} per
   * offer is cheaper.
   */
  public static RuleFacts of(DecisionContext context, CandidateOffer offer) {
    return of(context).offer(offer);
  }

  /** The facts of the shopper and the context of one decision, shared by all its offers. */
  public static DecisionFacts of(DecisionContext context) {
    return new DecisionFacts(context);
  }

  /** The value of a variable, or empty for a name that is not one. */
  Optional<Object> find(String name) {
    Object value =
        switch (name) {
          case "offerCode" -> offerCode;
          case "category" -> category;
          case "campaign" -> campaign;
          case "discountPercent" -> discountPercent;
          case "discountAmount" -> discountAmount;
          default -> decision.variables.get(name);
        };
    return Optional.ofNullable(value);
  }

  /** All variables by name. */
  Map<String, Object> variables() {
    Map<String, Object> all = new HashMap<>(decision.variables);
    all.put("offerCode", offerCode);
    all.put("category", category);
    all.put("campaign", campaign);
    all.put("discountPercent", discountPercent);
    all.put("discountAmount", discountAmount);
    return Map.copyOf(all);
  }

  /** The facts of one decision that do not depend on the offer; immutable, safe to share. */
  public static final class DecisionFacts {

    private final Map<String, Object> variables;

    private DecisionFacts(DecisionContext context) {
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
      this.variables = Map.copyOf(v);
    }

    /** The facts of one candidate offer in this decision. */
    public RuleFacts offer(CandidateOffer offer) {
      return new RuleFacts(this, offer);
    }
  }
}
