package org.tailor.server.shopper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.tailor.server.decision.Presentations;
import org.tailor.server.persistence.UtcDateTime;
import org.tailor.server.purchase.PurchaseSummary;
import org.tailor.server.purchase.Purchases;
import org.tailor.server.redemption.Redemptions;

/**
 * Reads a shopper's 360 with plain JDBC, in six statements on one pooled connection: the shopper
 * (found by loyalty id or any identifier), the shopper's lists (identifiers, attributes,
 * preferences, household, consents and consent history), the purchase summary (RFM totals and top
 * categories), the recent receipts with their lines, the offers shown with what was shown, and the
 * offers redeemed. Each reads one shopper's rows through an index.
 *
 * <p>The 360 is the API's hot read: a kiosk or till asks for it whenever a shopper identifies. So
 * it pays neither for an ORM session nor for entities, and folds the small per-shopper lists into
 * one statement; round trips to the database are most of its cost. The statements run in
 * auto-commit mode, each on the data committed when it starts.
 */
final class Shopper360Reader {

  static final int RECENT = 10;
  static final int CONSENT_HISTORY = 50;
  static final int TOP_CATEGORIES = 5;

  /** Top categories are measured over this many months up to the shopper's last purchase. */
  static final int TOP_CATEGORY_MONTHS = 12;

  private static final String SHOPPER_COLUMNS =
      "s.id, s.loyalty_id, s.first_name, s.last_name, s.language, s.birthday, s.time_zone,"
          + " s.household_code, st.code AS home_store_code";

  /**
   * The shopper with the loyalty id (matched kind {@code NULL}) and the shoppers with any of the
   * identifier forms; {@code %s} stands for the forms' placeholders.
   */
  private static final String FIND =
      "SELECT "
          + SHOPPER_COLUMNS
          + ", NULL AS matched_kind FROM shopper s"
          + " LEFT JOIN store st ON st.id = s.home_store_id WHERE s.loyalty_id = ?"
          + " UNION ALL SELECT "
          + SHOPPER_COLUMNS
          + ", i.kind FROM shopper_identifier i JOIN shopper s ON s.id = i.shopper_id"
          + " LEFT JOIN store st ON st.id = s.home_store_id"
          + " WHERE i.identifier_value IN (%s)";

  /**
   * The shopper's small lists in one statement, one row per item, {@code part} saying which list
   * the row belongs to:
   *
   * <pre>
   * part        text1       text2             text3   text4   date1     moment       row_id
   * identifier  kind        identifier_value
   * attribute   name        attribute_value
   * preference  category
   * household   first_name  relation                          birthday               id
   * consent     channel     purpose           status  source            updated_at
   * history     channel     purpose           status  source            occurred_at  id
   * </pre>
   *
   * Rows of a {@code UNION} come in no particular order, so each list is sorted once read.
   */
  private static final String LISTS =
      "SELECT 'identifier' AS part, kind AS text1, identifier_value AS text2, NULL AS text3,"
          + " NULL AS text4, NULL AS date1, NULL AS moment, NULL AS row_id"
          + " FROM shopper_identifier WHERE shopper_id = ?"
          + " UNION ALL SELECT 'attribute', name, attribute_value, NULL, NULL, NULL, NULL, NULL"
          + " FROM shopper_attribute WHERE shopper_id = ?"
          + " UNION ALL SELECT 'preference', category, NULL, NULL, NULL, NULL, NULL, NULL"
          + " FROM shopper_preference WHERE shopper_id = ?"
          + " UNION ALL SELECT 'household', first_name, relation, NULL, NULL, birthday, NULL, id"
          + " FROM household_member WHERE shopper_id = ?"
          + " UNION ALL SELECT 'consent', channel, purpose, status, source, NULL, updated_at, NULL"
          + " FROM consent WHERE shopper_id = ?"
          + " UNION ALL (SELECT 'history', channel, purpose, status, source, NULL, occurred_at, id"
          + " FROM consent_event WHERE shopper_id = ?"
          + " ORDER BY occurred_at DESC, id DESC LIMIT "
          + CONSENT_HISTORY
          + ")";

  private static final int LIST_PARTS = 6;

  private final DataSource dataSource;

  Shopper360Reader(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * The 360 of the shopper with this loyalty id or other identifier, scored against {@code
   * cutPoints} at {@code now}; empty if nobody has it.
   */
  Optional<Shopper360> read(String identifier, RfmCutPoints cutPoints, Instant now) {
    if (identifier == null || identifier.isBlank()) {
      return Optional.empty();
    }
    try (Connection connection = dataSource.getConnection()) {
      Optional<FoundShopper> found = find(connection, identifier);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      FoundShopper shopper = found.get();
      Lists lists = lists(connection, shopper.id());
      PurchaseSummary purchases =
          Purchases.summary(connection, shopper.id(), TOP_CATEGORY_MONTHS, now, TOP_CATEGORIES);
      return Optional.of(
          new Shopper360(
              shopper.loyaltyId(),
              shopper.firstName(),
              shopper.lastName(),
              shopper.language(),
              shopper.birthday(),
              shopper.timeZone(),
              shopper.householdCode(),
              shopper.homeStoreCode(),
              lists.identifiers(),
              lists.attributes(),
              lists.preferences(),
              lists.household(),
              lists.consents(),
              lists.history(),
              Rfm.of(purchases.totals(), cutPoints, now),
              purchases.topCategories(),
              Purchases.recent(connection, shopper.id(), RECENT),
              Presentations.recent(connection, shopper.id(), RECENT),
              Redemptions.recent(connection, shopper.id(), RECENT)));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the 360 of shopper " + identifier, e);
    }
  }

  /**
   * The shopper with this loyalty id or, failing that, with this identifier in any of the forms it
   * may be stored in; when an identifier is registered to several shoppers under different kinds,
   * the kind first in {@link ShopperIdentifier#KINDS} wins (as {@link ShopperService#find}).
   */
  private static Optional<FoundShopper> find(Connection connection, String identifier)
      throws SQLException {
    Set<String> forms = ShopperIdentifier.lookupForms(identifier);
    String sql = FIND.formatted(String.join(", ", Collections.nCopies(forms.size(), "?")));
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int parameter = 1;
      statement.setString(parameter++, identifier.strip());
      for (String form : forms) {
        statement.setString(parameter++, form);
      }
      List<FoundShopper> matches = new ArrayList<>();
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          matches.add(FoundShopper.of(row));
        }
      }
      return matches.stream().min(Comparator.comparingLong(FoundShopper::matchRank));
    }
  }

  private static Lists lists(Connection connection, long shopperId) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(LISTS)) {
      for (int parameter = 1; parameter <= LIST_PARTS; parameter++) {
        statement.setLong(parameter, shopperId);
      }
      Lists lists = new Lists();
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          lists.add(row);
        }
      }
      return lists;
    }
  }

  /** A row of the {@link #FIND} statement: the shopper, and the kind of identifier it matched. */
  private record FoundShopper(
      long id,
      String loyaltyId,
      Optional<String> firstName,
      Optional<String> lastName,
      String language,
      Optional<LocalDate> birthday,
      Optional<String> timeZone,
      Optional<String> householdCode,
      Optional<String> homeStoreCode,
      Optional<String> matchedKind) {

    static FoundShopper of(ResultSet row) throws SQLException {
      return new FoundShopper(
          row.getLong("id"),
          row.getString("loyalty_id"),
          Optional.ofNullable(row.getString("first_name")),
          Optional.ofNullable(row.getString("last_name")),
          row.getString("language"),
          Optional.ofNullable(row.getObject("birthday", LocalDate.class)),
          Optional.ofNullable(row.getString("time_zone")),
          Optional.ofNullable(row.getString("household_code")),
          Optional.ofNullable(row.getString("home_store_code")),
          Optional.ofNullable(row.getString("matched_kind")));
    }

    /** 0 for the loyalty id, then by the order of {@link ShopperIdentifier#KINDS}. */
    long matchRank() {
      return matchedKind.map(kind -> 1L + ShopperService.kindRank(kind)).orElse(0L);
    }
  }

  /**
   * The rows of the {@link #LISTS} statement, gathered per list and sorted as the 360 shows them.
   */
  private static final class Lists {

    private final List<Shopper360.Identifier> identifiers = new ArrayList<>();
    private final Map<String, String> attributes = new HashMap<>();
    private final List<String> preferences = new ArrayList<>();
    private final List<Stored<Shopper360.Member>> household = new ArrayList<>();
    private final List<ConsentChange> consents = new ArrayList<>();
    private final List<Stored<ConsentChange>> history = new ArrayList<>();

    /** An item with the id of its row, which orders items of the same moment. */
    private record Stored<T>(long rowId, T item) {}

    void add(ResultSet row) throws SQLException {
      String part = row.getString("part");
      switch (part) {
        case "identifier" ->
            identifiers.add(
                new Shopper360.Identifier(row.getString("text1"), row.getString("text2")));
        case "attribute" -> attributes.put(row.getString("text1"), row.getString("text2"));
        case "preference" -> preferences.add(row.getString("text1"));
        case "household" ->
            household.add(
                new Stored<>(
                    row.getLong("row_id"),
                    new Shopper360.Member(
                        row.getString("text1"),
                        row.getString("text2"),
                        Optional.ofNullable(row.getObject("date1", LocalDate.class)))));
        case "consent" -> consents.add(consentChange(row));
        case "history" -> history.add(new Stored<>(row.getLong("row_id"), consentChange(row)));
        default -> throw new IllegalStateException("unknown part of a shopper 360: " + part);
      }
    }

    /** By kind, then value. */
    List<Shopper360.Identifier> identifiers() {
      return identifiers.stream()
          .sorted(
              Comparator.comparing(Shopper360.Identifier::kind)
                  .thenComparing(Shopper360.Identifier::value))
          .toList();
    }

    Map<String, String> attributes() {
      return attributes;
    }

    List<String> preferences() {
      return preferences.stream().sorted().toList();
    }

    /** In the order they were recorded. */
    List<Shopper360.Member> household() {
      return household.stream()
          .sorted(Comparator.comparingLong(Stored::rowId))
          .map(Stored::item)
          .toList();
    }

    /** By channel, then purpose. */
    List<ConsentChange> consents() {
      return consents.stream()
          .sorted(
              Comparator.comparing(ConsentChange::channel).thenComparing(ConsentChange::purpose))
          .toList();
    }

    /** Newest first; of changes at the same moment, the one recorded last first. */
    List<ConsentChange> history() {
      Comparator<Stored<ConsentChange>> oldestFirst =
          Comparator.comparing((Stored<ConsentChange> change) -> change.item().occurredAt())
              .thenComparingLong(Stored::rowId);
      return history.stream().sorted(oldestFirst.reversed()).map(Stored::item).toList();
    }

    private static ConsentChange consentChange(ResultSet row) throws SQLException {
      return new ConsentChange(
          row.getString("text1"),
          row.getString("text2"),
          row.getString("text3"),
          row.getString("text4"),
          UtcDateTime.read(row, "moment"));
    }
  }
}
