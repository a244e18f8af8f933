package org.tailor.server.importer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.tailor.server.i18n.Message;

/**
 * Shoppers, unique by loyalty id: a new one is added, a known one gets the file's values for the
 * columns the file has (a column the file lacks leaves the stored value alone). Card numbers, phone
 * numbers and email addresses become identifiers (added, never removed: a shopper may have
 * several); an identifier already belonging to another shopper is an error. Preferred categories
 * replace the stored ones.
 *
 * <p>Phone numbers are kept with only digits and a leading "+"; email addresses in lower case —
 * look-ups by identifier should normalise the same way.
 */
final class ShoppersImport extends KindImport<ShoppersImport.ShopperRow> {

  static final String CARD = "card";
  static final String PHONE = "phone";
  static final String EMAIL = "email";

  private static final Pattern PHONE_CHARACTERS = Pattern.compile("\\+?[0-9 ()./-]{3,40}");
  private static final Pattern EMAIL_ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  /**
   * One shopper row. A {@code null} field is one the file has no column for (left alone); an empty
   * one is a column left empty (cleared).
   */
  record ShopperRow(
      String loyaltyId,
      String firstName,
      String lastName,
      String language,
      LocalDate birthday,
      boolean hasBirthday,
      String timeZone,
      String householdCode,
      String homeStore,
      Map<String, String> identifiers,
      Set<String> preferences,
      String country) {}

  /** The stored columns of a shopper. */
  private record Stored(
      long id,
      String firstName,
      String lastName,
      String language,
      LocalDate birthday,
      String timeZone,
      String householdCode,
      Long homeStoreId) {}

  private final Map<String, Long> firstLineByLoyaltyId = new HashMap<>();
  private final Map<String, String> ownerByIdentifier = new HashMap<>();
  private Map<String, Long> storeIds;

  ShoppersImport(ImportContext context) {
    super(context);
  }

  @Override
  void checkHeader(Connection connection, SourceColumns columns, List<RowError> fileErrors)
      throws SQLException {
    storeIds = KnownStores.load(connection);
  }

  @Override
  ShopperRow parse(Cells cells) {
    SourceColumns columns = cells.columns;
    String loyaltyId = cells.text("loyalty_id", 64, true);
    String firstName = columns.has("first_name") ? cells.text("first_name", 100, false) : null;
    String lastName = columns.has("last_name") ? cells.text("last_name", 100, false) : null;
    String language = columns.has("language") ? cells.language("language", false) : null;
    LocalDate birthday = columns.has("birthday") ? cells.birthday("birthday") : null;
    String zone = columns.has("time_zone") ? cells.timeZone("time_zone", false) : null;
    String household =
        columns.has("household_code") ? cells.text("household_code", 64, false) : null;
    String homeStore = columns.has("home_store") ? cells.code("home_store", 64, false) : null;
    Map<String, String> identifiers = new LinkedHashMap<>();
    String card = cells.text("card_number", 200, false);
    if (card != null && !card.isEmpty()) {
      identifiers.put(CARD, card);
    }
    String phone = cells.text("phone", 200, false);
    if (phone != null && !phone.isEmpty()) {
      if (PHONE_CHARACTERS.matcher(phone).matches()) {
        identifiers.put(PHONE, normalisedPhone(phone));
      } else {
        cells.reject("phone", Message.of("importer", "value.phone"));
      }
    }
    String email = cells.text("email", 200, false);
    if (email != null && !email.isEmpty()) {
      if (EMAIL_ADDRESS.matcher(email).matches()) {
        identifiers.put(EMAIL, email.toLowerCase(Locale.ROOT));
      } else {
        cells.reject("email", Message.of("importer", "value.email"));
      }
    }
    Set<String> preferences = null;
    if (columns.has("preferred_categories")) {
      preferences = new LinkedHashSet<>();
      for (String category : cells.raw("preferred_categories").split(";")) {
        String trimmed = category.trim();
        if (trimmed.isEmpty()) {
          continue;
        }
        if (trimmed.length() > 200
            || trimmed.startsWith("/")
            || trimmed.endsWith("/")
            || trimmed.contains("//")) {
          cells.reject("preferred_categories", Message.of("importer", "value.category"));
          break;
        }
        preferences.add(trimmed);
      }
    }
    String country = columns.has("country") ? cells.text("country", 500, false) : null;
    if (!cells.ok()) {
      return null;
    }
    return new ShopperRow(
        loyaltyId,
        firstName,
        lastName,
        language,
        birthday,
        columns.has("birthday"),
        zone,
        household,
        homeStore,
        identifiers,
        preferences,
        country);
  }

  static String normalisedPhone(String phone) {
    String digits = phone.replaceAll("[^0-9]", "");
    return phone.startsWith("+") ? "+" + digits : digits;
  }

  @Override
  void check(Connection connection, List<Parsed<ShopperRow>> chunk) throws SQLException {
    List<String> values = new ArrayList<>();
    for (Parsed<ShopperRow> parsed : chunk) {
      ShopperRow row = parsed.row();
      Cells cells = parsed.cells();
      Long first = firstLineByLoyaltyId.putIfAbsent(row.loyaltyId(), cells.line);
      if (first != null) {
        cells.reject("loyalty_id", Message.of("importer", "value.duplicate", first));
      }
      if (row.homeStore() != null
          && !row.homeStore().isEmpty()
          && !storeIds.containsKey(row.homeStore())) {
        cells.reject("home_store", Message.of("importer", "value.unknown.store"));
      }
      values.addAll(row.identifiers().values());
    }
    Map<String, String> storedOwners = new HashMap<>();
    Sql.selectIn(
        connection,
        "SELECT i.kind, i.identifier_value, s.loyalty_id FROM shopper_identifier i"
            + " JOIN shopper s ON s.id = i.shopper_id WHERE i.identifier_value IN (%s)",
        new ArrayList<>(new LinkedHashSet<>(values)),
        List.of(),
        row ->
            storedOwners.put(
                row.getString("kind") + '\u0000' + row.getString("identifier_value"),
                row.getString("loyalty_id")));
    for (Parsed<ShopperRow> parsed : chunk) {
      ShopperRow row = parsed.row();
      for (Map.Entry<String, String> identifier : row.identifiers().entrySet()) {
        String key = identifier.getKey() + '\u0000' + identifier.getValue();
        String owner = storedOwners.get(key);
        if (owner == null) {
          owner = ownerByIdentifier.putIfAbsent(key, row.loyaltyId());
        }
        if (owner != null && !owner.equals(row.loyaltyId())) {
          parsed
              .cells()
              .reject(
                  columnOf(identifier.getKey()),
                  Message.of("importer", "value.identifier.taken", owner));
        }
      }
    }
  }

  private static String columnOf(String identifierKind) {
    return switch (identifierKind) {
      case CARD -> "card_number";
      case PHONE -> "phone";
      default -> "email";
    };
  }

  @Override
  void write(Connection connection, List<Parsed<ShopperRow>> chunk, Counts counts)
      throws SQLException {
    List<String> loyaltyIds = new ArrayList<>();
    chunk.forEach(parsed -> loyaltyIds.add(parsed.row().loyaltyId()));
    Map<String, Stored> stored = readStored(connection, loyaltyIds);
    Set<String> changed = new HashSet<>();
    List<ShopperRow> added = new ArrayList<>();
    try (Sql.Batch insert =
            new Sql.Batch(
                connection,
                "INSERT INTO shopper (loyalty_id, first_name, last_name, language, birthday,"
                    + " time_zone, household_code, home_store_id, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        Sql.Batch update =
            new Sql.Batch(
                connection,
                "UPDATE shopper SET first_name = ?, last_name = ?, language = ?, birthday = ?,"
                    + " time_zone = ?, household_code = ?, home_store_id = ?, updated_at = ?"
                    + " WHERE id = ?")) {
      for (Parsed<ShopperRow> parsed : chunk) {
        ShopperRow row = parsed.row();
        Stored before = stored.get(row.loyaltyId());
        Stored after = merge(row, before);
        PreparedStatement s;
        int i;
        if (before == null) {
          s = insert.statement();
          s.setString(1, row.loyaltyId());
          i = 2;
        } else if (!after.equals(before)) {
          s = update.statement();
          i = 1;
        } else {
          continue;
        }
        Sql.text(s, i, after.firstName());
        Sql.text(s, i + 1, after.lastName());
        s.setString(i + 2, after.language());
        Sql.date(s, i + 3, after.birthday());
        Sql.text(s, i + 4, after.timeZone());
        Sql.text(s, i + 5, after.householdCode());
        Sql.id(s, i + 6, after.homeStoreId());
        s.setObject(i + 7, Sql.utc(context.startedAt()));
        if (before == null) {
          s.setObject(i + 8, Sql.utc(context.startedAt()));
          insert.add();
          added.add(row);
        } else {
          s.setLong(i + 8, before.id());
          update.add();
        }
        changed.add(row.loyaltyId());
      }
    }
    Map<String, Long> ids = new HashMap<>();
    stored.forEach((loyaltyId, shopper) -> ids.put(loyaltyId, shopper.id()));
    if (!added.isEmpty()) {
      List<String> addedIds = new ArrayList<>();
      added.forEach(row -> addedIds.add(row.loyaltyId()));
      readStored(connection, addedIds)
          .forEach((loyaltyId, shopper) -> ids.put(loyaltyId, shopper.id()));
    }
    writeIdentifiers(connection, chunk, ids, changed);
    writePreferences(connection, chunk, ids, changed);
    writeCountries(connection, chunk, ids, changed);
    for (Parsed<ShopperRow> parsed : chunk) {
      if (changed.contains(parsed.row().loyaltyId())) {
        counts.linesWritten++;
      } else {
        counts.skippedDuplicates++;
      }
    }
  }

  private Stored merge(ShopperRow row, Stored before) {
    String language =
        row.language() != null && !row.language().isEmpty()
            ? row.language()
            : before != null ? before.language() : context.defaultLanguage();
    Long homeStoreId =
        row.homeStore() == null
            ? before == null ? null : before.homeStoreId()
            : row.homeStore().isEmpty() ? null : storeIds.get(row.homeStore());
    return new Stored(
        before == null ? 0 : before.id(),
        pick(row.firstName(), before == null ? "" : before.firstName()),
        pick(row.lastName(), before == null ? "" : before.lastName()),
        language,
        row.hasBirthday() ? row.birthday() : before == null ? null : before.birthday(),
        pick(row.timeZone(), before == null ? "" : before.timeZone()),
        pick(row.householdCode(), before == null ? "" : before.householdCode()),
        homeStoreId);
  }

  private static String pick(String fromFile, String stored) {
    return fromFile != null ? fromFile : stored;
  }

  private static Map<String, Stored> readStored(Connection connection, List<String> loyaltyIds)
      throws SQLException {
    Map<String, Stored> stored = new HashMap<>();
    Sql.selectIn(
        connection,
        "SELECT id, loyalty_id, first_name, last_name, language, birthday, time_zone,"
            + " household_code, home_store_id FROM shopper WHERE loyalty_id IN (%s)",
        loyaltyIds,
        List.of(),
        row -> {
          long homeStoreId = row.getLong("home_store_id");
          Long homeStore = row.wasNull() ? null : homeStoreId;
          stored.put(
              row.getString("loyalty_id"),
              new Stored(
                  row.getLong("id"),
                  Sql.text(row, "first_name"),
                  Sql.text(row, "last_name"),
                  row.getString("language"),
                  Sql.date(row, "birthday"),
                  Sql.text(row, "time_zone"),
                  Sql.text(row, "household_code"),
                  homeStore));
        });
    return stored;
  }

  private void writeIdentifiers(
      Connection connection,
      List<Parsed<ShopperRow>> chunk,
      Map<String, Long> ids,
      Set<String> changed)
      throws SQLException {
    Set<String> stored = new HashSet<>();
    Sql.selectInIds(
        connection,
        "SELECT shopper_id, kind, identifier_value FROM shopper_identifier WHERE shopper_id IN (%s)",
        ids.values(),
        row ->
            stored.add(
                row.getLong("shopper_id")
                    + "\u0000"
                    + row.getString("kind")
                    + '\u0000'
                    + row.getString("identifier_value")));
    try (Sql.Batch insert =
        new Sql.Batch(
            connection,
            "INSERT INTO shopper_identifier (shopper_id, kind, identifier_value, created_at)"
                + " VALUES (?, ?, ?, ?)")) {
      for (Parsed<ShopperRow> parsed : chunk) {
        ShopperRow row = parsed.row();
        long id = ids.get(row.loyaltyId());
        for (Map.Entry<String, String> identifier : row.identifiers().entrySet()) {
          if (stored.add(id + "\u0000" + identifier.getKey() + '\u0000' + identifier.getValue())) {
            PreparedStatement s = insert.statement();
            s.setLong(1, id);
            s.setString(2, identifier.getKey());
            s.setString(3, identifier.getValue());
            s.setObject(4, Sql.utc(context.startedAt()));
            insert.add();
            changed.add(row.loyaltyId());
          }
        }
      }
    }
  }

  private static void writePreferences(
      Connection connection,
      List<Parsed<ShopperRow>> chunk,
      Map<String, Long> ids,
      Set<String> changed)
      throws SQLException {
    if (chunk.isEmpty() || chunk.get(0).row().preferences() == null) {
      return;
    }
    Map<Long, Set<String>> stored = new HashMap<>();
    Sql.selectInIds(
        connection,
        "SELECT shopper_id, category FROM shopper_preference WHERE shopper_id IN (%s)",
        ids.values(),
        row ->
            stored
                .computeIfAbsent(row.getLong("shopper_id"), k -> new HashSet<>())
                .add(row.getString("category")));
    try (Sql.Batch delete =
            new Sql.Batch(
                connection,
                "DELETE FROM shopper_preference WHERE shopper_id = ? AND category = ?");
        Sql.Batch insert =
            new Sql.Batch(
                connection,
                "INSERT INTO shopper_preference (shopper_id, category) VALUES (?, ?)")) {
      for (Parsed<ShopperRow> parsed : chunk) {
        ShopperRow row = parsed.row();
        long id = ids.get(row.loyaltyId());
        Set<String> before = stored.getOrDefault(id, Set.of());
        for (String category : before) {
          if (!row.preferences().contains(category)) {
            delete.statement().setLong(1, id);
            delete.statement().setString(2, category);
            delete.add();
            changed.add(row.loyaltyId());
          }
        }
        for (String category : row.preferences()) {
          if (!before.contains(category)) {
            insert.statement().setLong(1, id);
            insert.statement().setString(2, category);
            insert.add();
            changed.add(row.loyaltyId());
          }
        }
      }
    }
  }

  private static void writeCountries(
      Connection connection,
      List<Parsed<ShopperRow>> chunk,
      Map<String, Long> ids,
      Set<String> changed)
      throws SQLException {
    if (chunk.isEmpty() || chunk.get(0).row().country() == null) {
      return;
    }
    Map<Long, String> stored = new HashMap<>();
    Sql.selectInIds(
        connection,
        "SELECT shopper_id, attribute_value FROM shopper_attribute"
            + " WHERE name = 'country' AND shopper_id IN (%s)",
        ids.values(),
        row -> stored.put(row.getLong("shopper_id"), row.getString("attribute_value")));
    try (Sql.Batch delete =
            new Sql.Batch(
                connection,
                "DELETE FROM shopper_attribute WHERE shopper_id = ? AND name = 'country'");
        Sql.Batch update =
            new Sql.Batch(
                connection,
                "UPDATE shopper_attribute SET attribute_value = ?"
                    + " WHERE shopper_id = ? AND name = 'country'");
        Sql.Batch insert =
            new Sql.Batch(
                connection,
                "INSERT INTO shopper_attribute (shopper_id, name, attribute_value)"
                    + " VALUES (?, 'country', ?)")) {
      for (Parsed<ShopperRow> parsed : chunk) {
        ShopperRow row = parsed.row();
        long id = ids.get(row.loyaltyId());
        String before = stored.get(id);
        String after = row.country().isEmpty() ? null : row.country();
        if (Objects.equals(before, after)) {
          continue;
        }
        changed.add(row.loyaltyId());
        if (after == null) {
          delete.statement().setLong(1, id);
          delete.add();
        } else if (before == null) {
          insert.statement().setLong(1, id);
          insert.statement().setString(2, after);
          insert.add();
        } else {
          update.statement().setString(1, after);
          update.statement().setLong(2, id);
          update.add();
        }
      }
    }
  }
}
