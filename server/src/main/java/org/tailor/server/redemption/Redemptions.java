package org.tailor.server.redemption;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tailor.server.persistence.UtcDateTime;

/**
 * Queries of the offers a shopper redeemed, answered from the per-shopper index; plain JDBC on the
 * caller's connection, for the shopper 360's hot read path.
 */
public final class Redemptions {

  private static final String RECENT =
      "SELECT o.code AS offer_code, r.redeemed_at, st.code AS store_code, r.basket_amount,"
          + " r.discount_amount, r.presentation_id FROM redemption r"
          + " JOIN offer o ON o.id = r.offer_id JOIN store st ON st.id = r.store_id"
          + " WHERE r.shopper_id = ? ORDER BY r.redeemed_at DESC, r.id DESC LIMIT ?";

  private Redemptions() {}

  /** The shopper's latest {@code limit} redemptions, newest first. */
  public static List<RedemptionSummary> recent(Connection connection, long shopperId, int limit)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(RECENT)) {
      statement.setLong(1, shopperId);
      statement.setInt(2, limit);
      try (ResultSet row = statement.executeQuery()) {
        List<RedemptionSummary> redemptions = new ArrayList<>();
        while (row.next()) {
          long presentationId = row.getLong("presentation_id");
          Optional<String> presentation =
              row.wasNull() ? Optional.empty() : Optional.of(String.valueOf(presentationId));
          redemptions.add(
              new RedemptionSummary(
                  row.getString("offer_code"),
                  UtcDateTime.read(row, "redeemed_at"),
                  row.getString("store_code"),
                  row.getBigDecimal("basket_amount"),
                  row.getBigDecimal("discount_amount"),
                  presentation));
        }
        return redemptions;
      }
    }
  }
}
