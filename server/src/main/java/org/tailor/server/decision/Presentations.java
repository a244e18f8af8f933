package org.tailor.server.decision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;
import org.tailor.plugin.host.ShownOffer;

/** Queries of the presentations a shopper was shown, answered from the per-shopper index. */
public final class Presentations {

  private Presentations() {}

  /** The shopper's latest {@code limit} presentations, newest first, with their offers. */
  public static List<PresentationSummary> recent(Session session, long shopperId, int limit) {
    List<Object[]> heads =
        session
            .createSelectionQuery(
                "select p.id, p.shownAt, (select s.code from Store s where s.id = p.store.id),"
                    + " p.channel, p.holdout from Presentation p"
                    + " where p.shopper.id = :shopper order by p.shownAt desc, p.id desc",
                Object[].class)
            .setParameter("shopper", shopperId)
            .setMaxResults(limit)
            .getResultList();
    if (heads.isEmpty()) {
      return List.of();
    }
    Map<Long, List<ShownOffer>> offers = new LinkedHashMap<>();
    heads.forEach(h -> offers.put((Long) h[0], new ArrayList<>()));
    session
        .createSelectionQuery(
            "select p.id, o.code, po.rank, po.probability, po.explanation from Presentation p"
                + " join p.offers po join po.offer o where p.id in :ids order by p.id, po.rank",
            Object[].class)
        .setParameter("ids", offers.keySet())
        .getResultList()
        .forEach(
            r ->
                offers
                    .get((Long) r[0])
                    .add(
                        new ShownOffer(
                            (String) r[1], (Integer) r[2], (Double) r[3], (String) r[4])));
    return heads.stream()
        .map(
            h ->
                new PresentationSummary(
                    String.valueOf(h[0]),
                    (Instant) h[1],
                    (String) h[2],
                    (String) h[3],
                    (Boolean) h[4],
                    offers.get((Long) h[0])))
        .toList();
  }
}
