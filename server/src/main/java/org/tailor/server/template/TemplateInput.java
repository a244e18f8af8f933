package org.tailor.server.template;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a message template may say, for one shopper.
 *
 * @param loyaltyId the shopper's loyalty id
 * @param firstName the shopper's first name, or empty
 * @param language the shopper's language (BCP 47); the first of the fallback chain
 * @param zone the shopper's time zone, for dates
 * @param offers the offers, best first
 * @param links named links such as {@code unsubscribe_url} and {@code confirm_url}
 * @param memberFirstName the household member the message is about (a child's birthday), or empty
 */
public record TemplateInput(
    String loyaltyId,
    Optional<String> firstName,
    String language,
    ZoneId zone,
    List<OfferWords> offers,
    Map<String, String> links,
    Optional<String> memberFirstName) {

  public TemplateInput {
    Objects.requireNonNull(loyaltyId, "loyaltyId");
    Objects.requireNonNull(firstName, "firstName");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(zone, "zone");
    offers = List.copyOf(offers);
    links = Map.copyOf(links);
    Objects.requireNonNull(memberFirstName, "memberFirstName");
  }
}
