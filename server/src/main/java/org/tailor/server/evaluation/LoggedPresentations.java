package org.tailor.server.evaluation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.Session;
import org.tailor.server.offer.ActiveOffer;
import org.tailor.server.offer.DatabaseOfferCatalogue;
import org.tailor.server.persistence.Database;

/**
 * The first slots of the logged presentations, as rounds of the logging policy: which offer was
 * shown first, with which probability, whether it was redeemed (a redemption quoting the
 * presentation), and the candidates it was chosen from — the offers the catalogue had active at
 * that store, channel and hour. Holdout presentations are left out (the policy did not choose
 * them). The candidates ignore per-shopper caps, budgets and consent, which the log does not keep;
 * an offer shown but not found active is added to its candidates.
 */
public final class LoggedPresentations {

  /** One first slot. */
  public record FirstSlot(
      long presentationId,
      String offer,
      double probability,
      boolean redeemed,
      List<String> candidates) {}

  private LoggedPresentations() {}

  /** The first slots of presentations shown in [from, to), oldest first. */
  public static List<FirstSlot> read(Database database, Instant from, Instant to) {
    return database.read(session -> read(session, from, to));
  }

  private static List<FirstSlot> read(Session session, Instant from, Instant to) {
    Set<String> redeemed = new HashSet<>();
    session
        .createSelectionQuery(
            "select r.presentation.id, r.offer.code from Redemption r"
                + " where r.presentation is not null",
            Object[].class)
        .getResultList()
        .forEach(row -> redeemed.add(row[0] + "/" + row[1]));
    List<Object[]> rows =
        session
            .createSelectionQuery(
                "select p.id, p.store.code, p.channel, p.shownAt, o.offer.code, o.probability"
                    + " from Presentation p join p.offers o"
                    + " where o.rank = 1 and p.holdout = false"
                    + " and p.shownAt >= :from and p.shownAt < :to order by p.id",
                Object[].class)
            .setParameter("from", from)
            .setParameter("to", to)
            .getResultList();
    Map<String, List<String>> candidatesByHour = new HashMap<>();
    List<FirstSlot> slots = new ArrayList<>(rows.size());
    for (Object[] row : rows) {
      long id = (Long) row[0];
      String store = (String) row[1];
      String channel = (String) row[2];
      Instant at = (Instant) row[3];
      String offer = (String) row[4];
      double probability = (Double) row[5];
      List<String> candidates =
          candidatesByHour.computeIfAbsent(
              store + "/" + channel + "/" + at.truncatedTo(ChronoUnit.HOURS),
              key ->
                  DatabaseOfferCatalogue.activeOffers(session, store, channel, at).stream()
                      .map(ActiveOffer::code)
                      .toList());
      if (!candidates.contains(offer)) {
        List<String> widened = new ArrayList<>(candidates);
        widened.add(offer);
        candidates = List.copyOf(widened);
      }
      slots.add(
          new FirstSlot(id, offer, probability, redeemed.contains(id + "/" + offer), candidates));
    }
    return slots;
  }
}
