package org.tailor.server.importer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tailor.server.i18n.Message;

/** Stores, unique by store code: a new code adds a store, a known one updates it if changed. */
final class StoresImport extends KindImport<StoresImport.StoreRow> {

  record StoreRow(String code, String name, String region, String country, String timeZone) {}

  private final Map<String, Long> firstLineByCode = new HashMap<>();

  StoresImport(ImportContext context) {
    super(context);
  }

  @Override
  StoreRow parse(Cells cells) {
    String code = cells.code("store_code", 64, true);
    String name = cells.text("name", 200, true);
    String region = cells.text("region", 100, false);
    String country = cells.country("country", false);
    String zone = cells.timeZone("time_zone", true);
    return cells.ok() ? new StoreRow(code, name, region, country, zone) : null;
  }

  @Override
  void check(Connection connection, List<Parsed<StoreRow>> chunk) {
    for (Parsed<StoreRow> parsed : chunk) {
      Long first = firstLineByCode.putIfAbsent(parsed.row().code(), parsed.cells().line);
      if (first != null) {
        parsed.cells().reject("store_code", Message.of("importer", "value.duplicate", first));
      }
    }
  }

  @Override
  void write(Connection connection, List<Parsed<StoreRow>> chunk, Counts counts)
      throws SQLException {
    Map<String, StoreRow> stored = new HashMap<>();
    List<String> codes = new ArrayList<>();
    chunk.forEach(parsed -> codes.add(parsed.row().code()));
    Sql.selectIn(
        connection,
        "SELECT code, name, region, country, time_zone FROM store WHERE code IN (%s)",
        codes,
        List.of(),
        row ->
            stored.put(
                row.getString("code"),
                new StoreRow(
                    row.getString("code"),
                    row.getString("name"),
                    Sql.text(row, "region"),
                    Sql.text(row, "country"),
                    row.getString("time_zone"))));
    try (Sql.Batch insert =
            new Sql.Batch(
                connection,
                "INSERT INTO store (code, name, region, country, time_zone, created_at,"
                    + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
        Sql.Batch update =
            new Sql.Batch(
                connection,
                "UPDATE store SET name = ?, region = ?, country = ?, time_zone = ?,"
                    + " updated_at = ? WHERE code = ?")) {
      for (Parsed<StoreRow> parsed : chunk) {
        StoreRow row = parsed.row();
        StoreRow before = stored.get(row.code());
        if (before == null) {
          PreparedStatement s = insert.statement();
          s.setString(1, row.code());
          s.setString(2, row.name());
          Sql.text(s, 3, row.region());
          Sql.text(s, 4, row.country());
          s.setString(5, row.timeZone());
          s.setObject(6, Sql.utc(context.startedAt()));
          s.setObject(7, Sql.utc(context.startedAt()));
          insert.add();
          counts.linesWritten++;
        } else if (!Objects.equals(before, row)) {
          PreparedStatement s = update.statement();
          s.setString(1, row.name());
          Sql.text(s, 2, row.region());
          Sql.text(s, 3, row.country());
          s.setString(4, row.timeZone());
          s.setObject(5, Sql.utc(context.startedAt()));
          s.setString(6, row.code());
          update.add();
          counts.linesWritten++;
        } else {
          counts.skippedDuplicates++;
        }
      }
    }
  }
}
