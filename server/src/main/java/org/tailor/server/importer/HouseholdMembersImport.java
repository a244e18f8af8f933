package org.tailor.server.importer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.tailor.server.i18n.Message;

/**
 * People in a shopper's household who are not shoppers themselves, unique by shopper and first name
 * (ignoring case): a new one is added, a known one gets the file's relation and birthday.
 */
final class HouseholdMembersImport extends KindImport<HouseholdMembersImport.MemberRow> {

  record MemberRow(String loyaltyId, String firstName, String relation, LocalDate birthday) {

    String key() {
      return loyaltyId + '\u0000' + firstName.toLowerCase(Locale.ROOT);
    }
  }

  private record Stored(long id, String relation, LocalDate birthday) {}

  private final Map<String, Long> firstLineByMember = new HashMap<>();

  HouseholdMembersImport(ImportContext context) {
    super(context);
  }

  @Override
  MemberRow parse(Cells cells) {
    String loyaltyId = cells.text("loyalty_id", 64, true);
    String firstName = cells.text("first_name", 100, true);
    String relation = cells.code("relation", 32, true);
    LocalDate birthday = cells.birthday("birthday");
    return cells.ok()
        ? new MemberRow(loyaltyId, firstName, relation.toLowerCase(Locale.ROOT), birthday)
        : null;
  }

  @Override
  void check(Connection connection, List<Parsed<MemberRow>> chunk) throws SQLException {
    Map<String, Long> shopperIds = shopperIds(connection, chunk);
    for (Parsed<MemberRow> parsed : chunk) {
      MemberRow row = parsed.row();
      if (!shopperIds.containsKey(row.loyaltyId())) {
        parsed.cells().reject("loyalty_id", Message.of("importer", "value.unknown.shopper"));
      }
      Long first = firstLineByMember.putIfAbsent(row.key(), parsed.cells().line);
      if (first != null) {
        parsed.cells().reject("first_name", Message.of("importer", "value.duplicate", first));
      }
    }
  }

  static <R> Map<String, Long> shopperIds(
      Connection connection, List<Parsed<R>> chunk, Function<R, String> loyaltyId)
      throws SQLException {
    List<String> loyaltyIds = new ArrayList<>();
    chunk.forEach(parsed -> loyaltyIds.add(loyaltyId.apply(parsed.row())));
    Map<String, Long> ids = new HashMap<>();
    Sql.selectIn(
        connection,
        "SELECT id, loyalty_id FROM shopper WHERE loyalty_id IN (%s)",
        new ArrayList<>(Set.copyOf(loyaltyIds)),
        List.of(),
        row -> ids.put(row.getString("loyalty_id"), row.getLong("id")));
    return ids;
  }

  private static Map<String, Long> shopperIds(Connection connection, List<Parsed<MemberRow>> chunk)
      throws SQLException {
    return shopperIds(connection, chunk, MemberRow::loyaltyId);
  }

  @Override
  void write(Connection connection, List<Parsed<MemberRow>> chunk, Counts counts)
      throws SQLException {
    Map<String, Long> shopperIds = shopperIds(connection, chunk);
    Map<Long, String> loyaltyIdById = new HashMap<>();
    shopperIds.forEach((loyaltyId, id) -> loyaltyIdById.put(id, loyaltyId));
    Map<String, Stored> stored = new HashMap<>();
    Sql.selectInIds(
        connection,
        "SELECT id, shopper_id, first_name, relation, birthday FROM household_member"
            + " WHERE shopper_id IN (%s)",
        shopperIds.values(),
        row ->
            stored.putIfAbsent(
                loyaltyIdById.get(row.getLong("shopper_id"))
                    + '\u0000'
                    + row.getString("first_name").toLowerCase(Locale.ROOT),
                new Stored(
                    row.getLong("id"), row.getString("relation"), Sql.date(row, "birthday"))));
    try (Sql.Batch insert =
            new Sql.Batch(
                connection,
                "INSERT INTO household_member (shopper_id, first_name, relation, birthday)"
                    + " VALUES (?, ?, ?, ?)");
        Sql.Batch update =
            new Sql.Batch(
                connection,
                "UPDATE household_member SET relation = ?, birthday = ? WHERE id = ?")) {
      for (Parsed<MemberRow> parsed : chunk) {
        MemberRow row = parsed.row();
        Stored before = stored.get(row.key());
        if (before == null) {
          PreparedStatement s = insert.statement();
          s.setLong(1, shopperIds.get(row.loyaltyId()));
          s.setString(2, row.firstName());
          s.setString(3, row.relation());
          Sql.date(s, 4, row.birthday());
          insert.add();
          counts.linesWritten++;
        } else if (!before.relation().equals(row.relation())
            || !Objects.equals(before.birthday(), row.birthday())) {
          PreparedStatement s = update.statement();
          s.setString(1, row.relation());
          Sql.date(s, 2, row.birthday());
          s.setLong(3, before.id());
          update.add();
          counts.linesWritten++;
        } else {
          counts.skippedDuplicates++;
        }
      }
    }
  }
}
