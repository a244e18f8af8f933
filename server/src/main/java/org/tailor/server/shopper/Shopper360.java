package org.tailor.server.shopper;

import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.tailor.server.decision.PresentationSummary;
import org.tailor.server.purchase.CategorySpend;
import org.tailor.server.purchase.Receipt;
import org.tailor.server.redemption.RedemptionSummary;

/**
 * Everything the chain knows of one shopper on one page: who they are and how to reach them, what
 * they allowed, what they are worth (RFM), what they buy, and which offers they were shown and
 * redeemed.
 *
 * @param loyaltyId the shopper's loyalty id
 * @param firstName first name
 * @param lastName last name
 * @param language preferred language, a BCP 47 tag
 * @param birthday birthday
 * @param timeZone the shopper's time zone
 * @param householdCode the household the shopper belongs to
 * @param homeStoreCode the shopper's home store
 * @param identifiers cards, phone numbers, email addresses and QR codes the shopper identifies with
 * @param attributes other attributes the chain keeps, by name
 * @param preferredCategories categories the shopper said they like
 * @param household people of the household who are not shoppers
 * @param consents the current consent per channel and purpose
 * @param consentHistory consent changes, newest first (at most 50)
 * @param rfm recency, frequency and monetary value with scores; empty if nothing was bought
 * @param topCategories categories by net spend over the 12 months up to the shopper's last purchase
 *     (at most 5), so that a lapsed shopper still shows what they bought
 * @param recentPurchases the latest receipts with their lines (at most 10)
 * @param offersShown the latest presentations (at most 10)
 * @param offersRedeemed the latest redemptions (at most 10)
 */
public record Shopper360(
    String loyaltyId,
    Optional<String> firstName,
    Optional<String> lastName,
    String language,
    Optional<LocalDate> birthday,
    Optional<String> timeZone,
    Optional<String> householdCode,
    Optional<String> homeStoreCode,
    List<Identifier> identifiers,
    Map<String, String> attributes,
    List<String> preferredCategories,
    List<Member> household,
    List<ConsentChange> consents,
    List<ConsentChange> consentHistory,
    Optional<Rfm> rfm,
    List<CategorySpend> topCategories,
    List<Receipt> recentPurchases,
    List<PresentationSummary> offersShown,
    List<RedemptionSummary> offersRedeemed) {

  public Shopper360 {
    identifiers = List.copyOf(identifiers);
    attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
    preferredCategories = List.copyOf(preferredCategories);
    household = List.copyOf(household);
    consents = List.copyOf(consents);
    consentHistory = List.copyOf(consentHistory);
    topCategories = List.copyOf(topCategories);
    recentPurchases = List.copyOf(recentPurchases);
    offersShown = List.copyOf(offersShown);
    offersRedeemed = List.copyOf(offersRedeemed);
  }

  /**
   * An identifier of the shopper.
   *
   * @param kind {@code card}, {@code qr}, {@code phone} or {@code email}
   * @param value the identifier in canonical form
   */
  public record Identifier(String kind, String value) {}

  /**
   * A member of the shopper's household.
   *
   * @param firstName first name
   * @param relation such as {@code child} or {@code partner}
   * @param birthday birthday, if known
   */
  public record Member(String firstName, String relation, Optional<LocalDate> birthday) {}
}
