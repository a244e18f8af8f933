package org.tailor.server.decision;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
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
 * candidate). A cold identification is one round trip to the database, with no ORM session; the
 * same statement reads a range of shopper ids ({@link #readRange}) or a list of them ({@link
 * #readAll}) for {@link ResidentShopperFacts}.
 */
final class ShopperFactsReader {

  /**
   * One row per item, {@code part} saying what it is, for the shoppers that {@code %1$s} (on {@code
   * shopper.id}) and {@code %2$s} (on the other tables' {@code shopper_id}) select:
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
      "SELECT id AS shopper_id, 'shopper' AS part, loyalty_id AS text1, first_name AS text2,"
          + " language AS text3, birthday AS date1, NULL AS number1, NULL AS number2"
          + " FROM shopper WHERE %1$s"
          + " UNION ALL SELECT shopper_id, 'identifier', kind, identifier_value, NULL, NULL, NULL,"
          + " NULL FROM shopper_identifier WHERE %2$s"
          + " UNION ALL SELECT shopper_id, 'attribute', name, attribute_value, NULL, NULL, NULL,"
          + " NULL FROM shopper_attribute WHERE %2$s"
          + " UNION ALL SELECT shopper_id, 'preference', category, NULL, NULL, NULL, NULL, NULL"
          + " FROM shopper_preference WHERE %2$s"
          + " UNION ALL SELECT shopper_id, 'consent', channel, purpose, status, NULL, NULL, NULL"
          + " FROM consent WHERE %2$s"
          + " UNION ALL SELECT shopper_id, 'redeemed', NULL, NULL, NULL, NULL, offer_id, COUNT(*)"
          + " FROM redemption WHERE %2$s GROUP BY shopper_id, offer_id";

  private static final String ONE = FACTS.formatted("id = ?", "shopper_id = ?");
  private static final String RANGE =
      FACTS.formatted("id BETWEEN ? AND ?", "shopper_id BETWEEN ? AND ?");

  /** The most shoppers one statement reads by id ({@link #readAll}). */
  static final int IDS_PER_STATEMENT = 500;

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

  /**
   * The facts of every shopper whose id is from {@code from} to {@code to}, both included, by id;
   * one statement.
   */
  Map<Long, Loaded> readRange(long from, long to) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(RANGE)) {
      for (int part = 0; part < FACTS_PARTS; part++) {
        statement.setLong(2 * part + 1, from);
        statement.setLong(2 * part + 2, to);
      }
      return readRows(statement);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the shoppers " + from + " to " + to, e);
    }
  }

  /**
   * The facts of the shoppers with these ids, by id (an id nobody has is left out); one statement
   * per {@value #IDS_PER_STATEMENT} ids.
   */
  Map<Long, Loaded> readAll(Collection<Long> shopperIds) {
    Map<Long, Loaded> read = new HashMap<>();
    List<Long> ids = List.copyOf(shopperIds);
    try (Connection connection = dataSource.getConnection()) {
      for (int from = 0; from < ids.size(); from += IDS_PER_STATEMENT) {
        List<Long> some = ids.subList(from, Math.min(ids.size(), from + IDS_PER_STATEMENT));
        String in = String.join(", ", Collections.nCopies(some.size(), "?"));
        String sql = FACTS.formatted("id IN (" + in + ")", "shopper_id IN (" + in + ")");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
          int parameter = 1;
          for (int part = 0; part < FACTS_PARTS; part++) {
            for (long id : some) {
              statement.setLong(parameter++, id);
            }
          }
          read.putAll(readRows(statement));
        }
      }
      return read;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read " + ids.size() + " shoppers", e);
    }
  }

  private static Optional<Loaded> read(Connection connection, long shopperId) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(ONE)) {
      for (int parameter = 1; parameter <= FACTS_PARTS; parameter++) {
        statement.setLong(parameter, shopperId);
      }
      return Optional.ofNullable(readRows(statement).get(shopperId));
    }
  }

  /** What one shopper's rows say, gathered as they come (the parts arrive one after the other). */
  private static final class Gathered {
    String loyaltyId;
    Optional<String> firstName = Optional.empty();
    String language;
    Optional<LocalDate> birthday = Optional.empty();
    final Set<String> identifiers = new HashSet<>();
    final Map<String, String> attributes = new HashMap<>();
    final List<String> preferences = new ArrayList<>();
    final Map<String, Map<String, String>> consents = new HashMap<>();
    final Map<Long, Long> redemptions = new HashMap<>();

    /** The shopper's facts; empty for rows of a shopper with no shopper row. */
    Optional<Loaded> loaded(long shopperId) {
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

  private static Map<Long, Loaded> readRows(PreparedStatement statement) throws SQLException {
    Map<Long, Gathered> shoppers = new HashMap<>();
    try (ResultSet row = statement.executeQuery()) {
      while (row.next()) {
        Gathered g = shoppers.computeIfAbsent(row.getLong("shopper_id"), id -> new Gathered());
        String part = row.getString("part");
        switch (part) {
          case "shopper" -> {
            g.loyaltyId = row.getString("text1");
            g.firstName = Optional.ofNullable(row.getString("text2"));
            g.language = row.getString("text3");
            g.birthday = Optional.ofNullable(row.getObject("date1", LocalDate.class));
          }
          case "identifier" ->
              g.identifiers.add(row.getString("text1") + '\u0000' + row.getString("text2"));
          case "attribute" -> g.attributes.put(row.getString("text1"), row.getString("text2"));
          case "preference" -> g.preferences.add(row.getString("text1"));
          case "consent" ->
              g.consents
                  .computeIfAbsent(row.getString("text1"), channel -> new HashMap<>())
                  .put(row.getString("text2"), row.getString("text3"));
          case "redeemed" -> g.redemptions.put(row.getLong("number1"), row.getLong("number2"));
          default -> throw new IllegalStateException("unknown part of shopper facts: " + part);
        }
      }
    }
    Map<Long, Loaded> loaded = new HashMap<>();
    shoppers.forEach((id, g) -> g.loaded(id).ifPresent(l -> loaded.put(id, l)));
    return loaded;
  }
}
