package org.tailor.server.decision;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.tailor.plugin.ShopperProfile;
import org.tailor.server.shopper.ShopperIdentifier;
import org.tailor.server.shopper.ShopperIndex;
import org.tailor.server.shopper.ShopperService;

/**
 * Reads what a decision needs of one shopper with plain JDBC on one pooled connection, in one
 * statement: the profile, the preferred categories and attributes, the current consents, how often
 * each offer was redeemed, and the shopper's identifiers (which confirm a {@link ShopperIndex}
 * candidate). A cold identification is one round trip to the database, with no ORM session.
 */
final class ShopperFactsReader {

  /**
   * One row per item, {@code part} saying what it is:
   *
   * <pre>
   * part        text1       text2             text3     date1     number1   number2
   * shopper     loyalty_id  first_name        language  birthday
   * identifier  kind        identifier_value
   * attribute   name        attribute_value
   * preference  category
   * consent     channel     purpose           status
   * redeemed                                                      offer_id  redemptions
   * </pre>
   */
  private static final String FACTS =
      "SELECT 'shopper' AS part, loyalty_id AS text1, first_name AS text2, language AS text3,"
          + " birthday AS date1, NULL AS number1, NULL AS number2 FROM shopper WHERE id = ?"
          + " UNION ALL SELECT 'identifier', kind, identifier_value, NULL, NULL, NULL, NULL"
          + " FROM shopper_identifier WHERE shopper_id = ?"
          + " UNION ALL SELECT 'attribute', name, attribute_value, NULL, NULL, NULL, NULL"
          + " FROM shopper_attribute WHERE shopper_id = ?"
          + " UNION ALL SELECT 'preference', category, NULL, NULL, NULL, NULL, NULL"
          + " FROM shopper_preference WHERE shopper_id = ?"
          + " UNION ALL SELECT 'consent', channel, purpose, status, NULL, NULL, NULL"
          + " FROM consent WHERE shopper_id = ?"
          + " UNION ALL SELECT 'redeemed', NULL, NULL, NULL, NULL, offer_id, COUNT(*)"
          + " FROM redemption WHERE shopper_id = ? GROUP BY offer_id";

  private static final int FACTS_PARTS = 6;

  /**
   * The shopper with the loyalty id (kind {@code NULL}) and the shoppers with any of the identifier
   * forms; {@code %s} stands for the forms' placeholders.
   */
  private static final String FIND =
      "SELECT id AS shopper_id, NULL AS kind FROM shopper WHERE loyalty_id = ?"
          + " UNION ALL SELECT shopper_id, kind FROM shopper_identifier"
          + " WHERE identifier_value IN (%s)";

  /** A shopper's facts and the identifiers they are known by ("kind\0value"). */
  record Loaded(DecisionCache.ShopperFacts facts, Set<String> identifiers) {

    /** Whether this shopper is the one the index proposed for a typed identifier. */
    boolean confirms(String typed, ShopperIndex.Match match) {
      String stripped = typed.strip();
      if (match.byLoyaltyId()) {
        return facts.profile().loyaltyId().equals(stripped);
      }
      String kind = match.kind().orElseThrow();
      for (String form : ShopperIdentifier.lookupForms(stripped)) {
        if (identifiers.contains(kind + '\u0000' + form)) {
          return true;
        }
      }
      return false;
    }
  }

  private final DataSource dataSource;

  ShopperFactsReader(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The facts of the shopper with this id; empty if there is none. */
  Optional<Loaded> read(long shopperId) {
    try (Connection connection = dataSource.getConnection()) {
      return read(connection, shopperId);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read shopper " + shopperId, e);
    }
  }

  /**
   * The facts of the shopper with this loyalty id or other identifier, found in the database as
   * {@link ShopperService#find} finds them; empty if nobody has it. Two statements.
   */
  Optional<Loaded> find(String identifier) {
    try (Connection connection = dataSource.getConnection()) {
      Optional<Long> id = findId(connection, identifier);
      return id.isEmpty() ? Optional.empty() : read(connection, id.get());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot find the shopper " + identifier, e);
    }
  }

  private static Optional<Long> findId(Connection connection, String identifier)
      throws SQLException {
    String stripped = identifier.strip();
    Set<String> forms = ShopperIdentifier.lookupForms(stripped);
    String sql = FIND.formatted(String.join(", ", Collections.nCopies(forms.size(), "?")));
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int parameter = 1;
      statement.setString(parameter++, stripped);
      for (String form : forms) {
        statement.setString(parameter++, form);
      }
      long best = -1;
      int bestRank = Integer.MAX_VALUE;
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          String kind = row.getString("kind");
          // the loyalty id first, then identifiers by the order of ShopperIdentifier.KINDS
          int rank = kind == null ? -1 : ShopperService.kindRank(kind);
          if (best < 0 || rank < bestRank) {
            best = row.getLong("shopper_id");
            bestRank = rank;
          }
        }
      }
      return best < 0 ? Optional.empty() : Optional.of(best);
    }
  }

  private static Optional<Loaded> read(Connection connection, long shopperId) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(FACTS)) {
      for (int parameter = 1; parameter <= FACTS_PARTS; parameter++) {
        statement.setLong(parameter, shopperId);
      }
      String loyaltyId = null;
      Optional<String> firstName = Optional.empty();
      String language = null;
      Optional<LocalDate> birthday = Optional.empty();
      Set<String> identifiers = new HashSet<>();
      Map<String, String> attributes = new HashMap<>();
      List<String> preferences = new ArrayList<>();
      Map<String, Map<String, String>> consents = new HashMap<>();
      Map<Long, Long> redemptions = new HashMap<>();
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          String part = row.getString("part");
          switch (part) {
            case "shopper" -> {
              loyaltyId = row.getString("text1");
              firstName = Optional.ofNullable(row.getString("text2"));
              language = row.getString("text3");
              birthday = Optional.ofNullable(row.getObject("date1", LocalDate.class));
            }
            case "identifier" ->
                identifiers.add(row.getString("text1") + '\u0000' + row.getString("text2"));
            case "attribute" -> attributes.put(row.getString("text1"), row.getString("text2"));
            case "preference" -> preferences.add(row.getString("text1"));
            case "consent" ->
                consents
                    .computeIfAbsent(row.getString("text1"), channel -> new HashMap<>())
                    .put(row.getString("text2"), row.getString("text3"));
            case "redeemed" -> redemptions.put(row.getLong("number1"), row.getLong("number2"));
            default -> throw new IllegalStateException("unknown part of shopper facts: " + part);
          }
        }
      }
      if (loyaltyId == null) {
        return Optional.empty();
      }
      Collections.sort(preferences);
      ShopperProfile profile =
          new ShopperProfile(loyaltyId, firstName, language, birthday, preferences, attributes);
      return Optional.of(
          new Loaded(
              new DecisionCache.ShopperFacts(shopperId, profile, consents, redemptions),
              Set.copyOf(identifiers)));
    }
  }
}
