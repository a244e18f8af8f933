package org.tailor.server.purchase;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;

/**
 * Queries of one shopper's purchases, each answered from the index on {@code (shopper_id,
 * purchased_at)} so that the cost depends on the shopper's history, not on the size of the chain.
 * They run inside the caller's session, so that a shopper 360 is read in one.
 */
public final class Purchases {

  private Purchases() {}

  /** The shopper's latest {@code limit} receipts, newest first, each with its lines. */
  public static List<Receipt> recent(Session session, long shopperId, int limit) {
    List<Object[]> heads =
        session
            .createSelectionQuery(
                "select p.id, (select s.code from Store s where s.id = p.store.id), p.receiptNumber,"
                    + " p.purchasedAt, p.totalAmount,"
                    + " p.isReturn, p.currency from Purchase p where p.shopper.id = :shopper"
                    + " order by p.purchasedAt desc, p.id desc",
                Object[].class)
            .setParameter("shopper", shopperId)
            .setMaxResults(limit)
            .getResultList();
    if (heads.isEmpty()) {
      return List.of();
    }
    Map<Long, List<ReceiptLine>> lines = new LinkedHashMap<>();
    heads.forEach(h -> lines.put((Long) h[0], new ArrayList<>()));
    session
        .createSelectionQuery(
            "select l.purchase.id, l.lineNumber, pr.sku, pr.name, pr.category, l.quantity,"
                + " l.unitPrice, l.amount from PurchaseLine l join l.product pr"
                + " where l.purchase.id in :ids order by l.purchase.id, l.lineNumber",
            Object[].class)
        .setParameter("ids", lines.keySet())
        .getResultList()
        .forEach(
            l ->
                lines
                    .get((Long) l[0])
                    .add(
                        new ReceiptLine(
                            (Integer) l[1],
                            (String) l[2],
                            (String) l[3],
                            (String) l[4],
                            (Integer) l[5],
                            (BigDecimal) l[6],
                            (BigDecimal) l[7])));
    return heads.stream()
        .map(
            h ->
                new Receipt(
                    (String) h[1],
                    (String) h[2],
                    (Instant) h[3],
                    (BigDecimal) h[4],
                    (Boolean) h[5],
                    (String) h[6],
                    lines.get((Long) h[0])))
        .toList();
  }

  /**
   * The categories the shopper spent most on since {@code since}, highest net spend first, at most
   * {@code limit}.
   */
  public static List<CategorySpend> topCategories(
      Session session, long shopperId, Instant since, int limit) {
    return session
        .createSelectionQuery(
            "select pr.category, sum(l.amount), sum(l.quantity) from PurchaseLine l"
                + " join l.purchase p join l.product pr"
                + " where p.shopper.id = :shopper and p.purchasedAt >= :since"
                + " group by pr.category order by sum(l.amount) desc, pr.category",
            Object[].class)
        .setParameter("shopper", shopperId)
        .setParameter("since", since)
        .setMaxResults(limit)
        .getResultList()
        .stream()
        .map(r -> new CategorySpend((String) r[0], (BigDecimal) r[1], ((Number) r[2]).longValue()))
        .toList();
  }

  /** The shopper's last purchase, number of purchases and net spend over all their history. */
  public static PurchaseTotals totals(Session session, long shopperId) {
    Object[] row =
        session
            .createSelectionQuery(
                "select max(case when p.isReturn = false then p.purchasedAt end),"
                    + " sum(case when p.isReturn = false then 1 else 0 end),"
                    + " sum(p.totalAmount) from Purchase p where p.shopper.id = :shopper",
                Object[].class)
            .setParameter("shopper", shopperId)
            .getSingleResult();
    return new PurchaseTotals(
        Optional.ofNullable((Instant) row[0]),
        row[1] == null ? 0 : ((Number) row[1]).longValue(),
        row[2] == null ? BigDecimal.ZERO : (BigDecimal) row[2]);
  }
}
