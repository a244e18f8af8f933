package org.tailor.server.redemption;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;

/** Queries of the offers a shopper redeemed, answered from the per-shopper index. */
public final class Redemptions {

  private Redemptions() {}

  /** The shopper's latest {@code limit} redemptions, newest first. */
  public static List<RedemptionSummary> recent(Session session, long shopperId, int limit) {
    return session
        .createSelectionQuery(
            "select (select o.code from Offer o where o.id = r.offer.id), r.redeemedAt,"
                + " (select s.code from Store s where s.id = r.store.id), r.basketAmount,"
                + " r.discountAmount, r.presentation.id from Redemption r"
                + " where r.shopper.id = :shopper order by r.redeemedAt desc, r.id desc",
            Object[].class)
        .setParameter("shopper", shopperId)
        .setMaxResults(limit)
        .getResultList()
        .stream()
        .map(
            r ->
                new RedemptionSummary(
                    (String) r[0],
                    (Instant) r[1],
                    (String) r[2],
                    (BigDecimal) r[3],
                    (BigDecimal) r[4],
                    Optional.ofNullable(r[5]).map(String::valueOf)))
        .toList();
  }
}
