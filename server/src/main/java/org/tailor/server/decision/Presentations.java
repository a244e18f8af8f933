package org.tailor.server.decision;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tailor.plugin.host.ShownOffer;
import org.tailor.server.persistence.UtcDateTime;

/**
 * Queries of the presentations a shopper was shown, answered from the per-shopper index; plain JDBC
 * on the caller's connection, for the shopper 360's hot read path.
 */
public final class Presentations {

  /**
   * The latest presentations (a derived table, so that the limit counts presentations, not offers)
   * joined with the offers they showed.
   */
  private static final String RECENT =
      "SELECT p.id, p.shown_at, st.code AS store_code, p.channel, p.holdout,"
          + " o.code AS offer_code, po.offer_rank, po.probability, po.explanation"
          + " FROM (SELECT id, shown_at, store_id, channel, holdout FROM presentation"
          + " WHERE shopper_id = ? ORDER BY shown_at DESC, id DESC LIMIT ?) p"
          + " JOIN store st ON st.id = p.store_id"
          + " LEFT JOIN presentation_offer po ON po.presentation_id = p.id"
          + " LEFT JOIN offer o ON o.id = po.offer_id"
          + " ORDER BY p.shown_at DESC, p.id DESC, po.offer_rank";

  private Presentations() {}

  /** The shopper's latest {@code limit} presentations, newest first, each with its offers. */
  public static List<PresentationSummary> recent(Connection connection, long shopperId, int limit)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(RECENT)) {
      statement.setLong(1, shopperId);
      statement.setInt(2, limit);
      try (ResultSet row = statement.executeQuery()) {
        Map<Long, PresentationSummary> presentations = new LinkedHashMap<>();
        Map<Long, List<ShownOffer>> offers = new HashMap<>();
        while (row.next()) {
          long id = row.getLong("id");
          if (!presentations.containsKey(id)) {
            presentations.put(id, presentation(row));
            offers.put(id, new ArrayList<>());
          }
          String offerCode = row.getString("offer_code");
          if (offerCode != null) {
            offers
                .get(id)
                .add(
                    new ShownOffer(
                        offerCode,
                        row.getInt("offer_rank"),
                        row.getDouble("probability"),
                        row.getString("explanation")));
          }
        }
        List<PresentationSummary> withOffers = new ArrayList<>();
        presentations.forEach(
            (id, p) ->
                withOffers.add(
                    new PresentationSummary(
                        p.presentationId(),
                        p.shownAt(),
                        p.storeCode(),
                        p.channel(),
                        p.holdout(),
                        offers.get(id))));
        return withOffers;
      }
    }
  }

  /** The presentation of the current row, without its offers. */
  private static PresentationSummary presentation(ResultSet row) throws SQLException {
    return new PresentationSummary(
        String.valueOf(row.getLong("id")),
        UtcDateTime.read(row, "shown_at"),
        row.getString("store_code"),
        row.getString("channel"),
        row.getBoolean("holdout"),
        List.of());
  }
}
