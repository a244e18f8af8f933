package org.tailor.server.offer;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.host.OfferCatalogue;
import org.tailor.server.persistence.Database;

/**
 * The host's {@link OfferCatalogue}: active offers whose validity window (and their campaign's)
 * contains the moment, limited to the store and channel when the offer names any. Budgets and
 * per-shopper caps are left to the decision pipeline.
 */
public final class DatabaseOfferCatalogue implements OfferCatalogue {

  private final Database database;

  public DatabaseOfferCatalogue(Database database) {
    this.database = database;
  }

  @Override
  public List<CandidateOffer> activeOffers(String storeCode, String channel, Instant at) {
    return database.read(
        session ->
            activeOffers(session, storeCode, channel, at).stream()
                .map(ActiveOffer::candidate)
                .toList());
  }

  /**
   * Offers active at {@code at} and shown in the store on the channel, with their texts, inside the
   * caller's session, ordered by code.
   */
  public static List<ActiveOffer> activeOffers(
      Session session, String storeCode, String channel, Instant at) {
    Map<String, EligibilityRule> rules = new HashMap<>();
    return session
        .createSelectionQuery(
            "from Offer o left join fetch o.campaign where o.status = 'active'"
                + " and o.validFrom <= :at and o.validUntil > :at order by o.code",
            Offer.class)
        .setParameter("at", at)
        .getResultList()
        .stream()
        .map(offer -> offer.catalogueEntry(rules))
        .filter(entry -> entry.shownAt(storeCode, channel, at))
        .map(CatalogueEntry::offer)
        .toList();
  }
}
