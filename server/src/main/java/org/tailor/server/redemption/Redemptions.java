package org.tailor.server.redemption;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hibernate.Session;
import org.tailor.server.store.StoreService;

/** Queries of the offers a shopper redeemed, answered from the per-shopper index. */
public final class Redemptions {

  private Redemptions() {}

  /** The shopper's latest {@code limit} redemptions, newest first. */
  public static List<RedemptionSummary> recent(Session session, long shopperId, int limit) {
    List<Object[]> rows =
        session
            .createSelectionQuery(
                "select r.offer.id, r.redeemedAt, r.store.id, r.basketAmount, r.discountAmount,"
                    + " r.presentation.id from Redemption r where r.shopper.id = :shopper"
                    + " order by r.redeemedAt desc, r.id desc",
                Object[].class)
            .setParameter("shopper", shopperId)
            .setMaxResults(limit)
            .getResultList();
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<Long, String> stores =
        StoreService.codesById(session, rows.stream().map(r -> (Long) r[2]).toList());
    Map<Long, String> offers = new HashMap<>();
    session
        .createSelectionQuery("select o.id, o.code from Offer o where o.id in :ids", Object[].class)
        .setParameter("ids", rows.stream().map(r -> (Long) r[0]).collect(Collectors.toSet()))
        .getResultList()
        .forEach(o -> offers.put((Long) o[0], (String) o[1]));
    return rows.stream()
        .map(
            r ->
                new RedemptionSummary(
                    offers.get((Long) r[0]),
                    (Instant) r[1],
                    stores.get((Long) r[2]),
                    (BigDecimal) r[3],
                    (BigDecimal) r[4],
                    Optional.ofNullable(r[5]).map(String::valueOf)))
        .toList();
  }
}
