package org.tailor.server.offer;

import java.time.Instant;
import java.util.List;
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
            session
                .createSelectionQuery(
                    "from Offer o left join fetch o.campaign c where o.status = 'active'"
                        + " and o.validFrom <= :at and o.validUntil > :at"
                        + " and (c is null or ((c.startsAt is null or c.startsAt <= :at)"
                        + "  and (c.endsAt is null or c.endsAt > :at)))"
                        + " and (o.stores is empty or exists (select 1 from Offer x join x.stores s"
                        + "  where x = o and s.code = :store))"
                        + " and (o.channels is empty or :channel member of o.channels)"
                        + " order by o.code",
                    Offer.class)
                .setParameter("at", at)
                .setParameter("store", storeCode)
                .setParameter("channel", channel)
                .getResultList()
                .stream()
                .map(Offer::candidate)
                .toList());
  }
}
