package org.tailor.plugin;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a plugin may know of a shopper: identity, language and declared preferences. Purchase
 * history is read through {@link org.tailor.plugin.host.PurchaseHistory}.
 *
 * @param loyaltyId the chain's loyalty id, the shopper's stable public id
 * @param firstName the first name to greet the shopper with, or empty when not known
 * @param language an IETF BCP 47 language tag such as {@code "es"} or {@code "zh-TW"}
 * @param birthday the birthday, when the shopper gave it
 * @param preferredCategories categories the shopper declared an interest in
 * @param attributes other attributes the chain keeps, by name
 */
public record ShopperProfile(
    String loyaltyId,
    Optional<String> firstName,
    String language,
    Optional<LocalDate> birthday,
    List<String> preferredCategories,
    Map<String, String> attributes) {

  public ShopperProfile {
    Objects.requireNonNull(loyaltyId, "loyaltyId");
    Objects.requireNonNull(firstName, "firstName");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(birthday, "birthday");
    preferredCategories = List.copyOf(preferredCategories);
    attributes = Map.copyOf(attributes);
  }
}
