package org.tailor.server.purchase;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tailor.server.persistence.UtcDateTime;

/**
 * Queries of one shopper's purchases, each one statement answered from the index on {@code
 * (shopper_id, purchased_at)}, so that the cost depends on the shopper's history, not on the size
 * of the chain. They are plain JDBC on the caller's connection: they sit on the shopper 360's hot
 * read path, where an ORM session and entity set-up would cost more than the queries.
 */
public final class Purchases {

  /**
   * The latest receipts (a derived table, so that the limit counts receipts, not lines) joined with
   * their lines.
   */
  private static final String RECENT =
      "SELECT p.id, st.code AS store_code, p.receipt_number, p.purchased_at, p.total_amount,"
          + " p.is_return, p.currency, l.line_number, pr.sku, pr.name AS product_name,"
          + " pr.category, l.quantity, l.unit_price, l.amount"
          + " FROM (SELECT id, store_id, receipt_number, purchased_at, total_amount, is_return,"
          + " currency FROM purchase WHERE shopper_id = ?"
          + " ORDER BY purchased_at DESC, id DESC LIMIT ?) p"
          + " JOIN store st ON st.id = p.store_id"
          + " LEFT JOIN purchase_line l ON l.purchase_id = p.id"
          + " LEFT JOIN product pr ON pr.id = l.product_id"
          + " ORDER BY p.purchased_at DESC, p.id DESC, l.line_number";

  /**
   * One row of totals over all the shopper's receipts (category {@code NULL}), then one row per top
   * category over the window that ends at the shopper's last purchase, or at the moment given when
   * there is none.
   */
  private static final String SUMMARY =
      "SELECT NULL AS category,"
          + " MAX(CASE WHEN is_return THEN NULL ELSE purchased_at END) AS last_purchase_at,"
          + " SUM(CASE WHEN is_return THEN 0 ELSE 1 END) AS purchases,"
          + " SUM(total_amount) AS amount, NULL AS units"
          + " FROM purchase WHERE shopper_id = ?"
          + " UNION ALL"
          + " (SELECT pr.category, NULL, NULL, SUM(l.amount), SUM(l.quantity)"
          + " FROM purchase p JOIN purchase_line l ON l.purchase_id = p.id"
          + " JOIN product pr ON pr.id = l.product_id"
          + " WHERE p.shopper_id = ? AND p.purchased_at >= TIMESTAMPADD(MONTH, ?,"
          + " (SELECT COALESCE(MAX(purchased_at), ?) FROM purchase"
          + " WHERE shopper_id = ? AND is_return = FALSE))"
          + " GROUP BY pr.category ORDER BY SUM(l.amount) DESC, pr.category LIMIT ?)";

  private Purchases() {}

  /** The shopper's latest {@code limit} receipts, newest first, each with its lines. */
  public static List<Receipt> recent(Connection connection, long shopperId, int limit)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(RECENT)) {
      statement.setLong(1, shopperId);
      statement.setInt(2, limit);
      try (ResultSet row = statement.executeQuery()) {
        Map<Long, Receipt> receipts = new LinkedHashMap<>();
        Map<Long, List<ReceiptLine>> lines = new HashMap<>();
        while (row.next()) {
          long receiptId = row.getLong("id");
          if (!receipts.containsKey(receiptId)) {
            receipts.put(receiptId, receipt(row));
            lines.put(receiptId, new ArrayList<>());
          }
          if (row.getObject("line_number") != null) {
            lines.get(receiptId).add(line(row));
          }
        }
        List<Receipt> withLines = new ArrayList<>();
        receipts.forEach(
            (receiptId, receipt) -> withLines.add(withLines(receipt, lines.get(receiptId))));
        return withLines;
      }
    }
  }

  /**
   * The shopper's totals over all their history, and the categories they spent most on in the
   * {@code windowMonths} months up to their last purchase (up to {@code now} if they never bought
   * anything but returns): at most {@code limit}, highest net spend first, returns deducted. One
   * statement.
   */
  public static PurchaseSummary summary(
      Connection connection, long shopperId, int windowMonths, Instant now, int limit)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(SUMMARY)) {
      statement.setLong(1, shopperId);
      statement.setLong(2, shopperId);
      statement.setInt(3, -windowMonths);
      statement.setObject(4, UtcDateTime.of(now));
      statement.setLong(5, shopperId);
      statement.setInt(6, limit);
      try (ResultSet row = statement.executeQuery()) {
        PurchaseTotals totals = new PurchaseTotals(Optional.empty(), 0, BigDecimal.ZERO);
        List<CategorySpend> categories = new ArrayList<>();
        while (row.next()) {
          String category = row.getString("category");
          BigDecimal amount = row.getBigDecimal("amount");
          if (category == null) {
            totals =
                new PurchaseTotals(
                    UtcDateTime.readOptional(row, "last_purchase_at"),
                    row.getLong("purchases"),
                    amount == null ? BigDecimal.ZERO : amount);
          } else {
            categories.add(new CategorySpend(category, amount, row.getLong("units")));
          }
        }
        return new PurchaseSummary(totals, categories);
      }
    }
  }

  /** The receipt of the current row, without its lines. */
  private static Receipt receipt(ResultSet row) throws SQLException {
    return new Receipt(
        row.getString("store_code"),
        row.getString("receipt_number"),
        UtcDateTime.read(row, "purchased_at"),
        row.getBigDecimal("total_amount"),
        row.getBoolean("is_return"),
        row.getString("currency"),
        List.of());
  }

  private static Receipt withLines(Receipt receipt, List<ReceiptLine> lines) {
    return new Receipt(
        receipt.storeCode(),
        receipt.receiptNumber(),
        receipt.purchasedAt(),
        receipt.totalAmount(),
        receipt.isReturn(),
        receipt.currency(),
        lines);
  }

  private static ReceiptLine line(ResultSet row) throws SQLException {
    return new ReceiptLine(
        row.getInt("line_number"),
        row.getString("sku"),
        row.getString("product_name"),
        row.getString("category"),
        row.getInt("quantity"),
        row.getBigDecimal("unit_price"),
        row.getBigDecimal("amount"));
  }
}
