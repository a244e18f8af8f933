package org.tailor.server.importer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tailor.server.i18n.Message;

/**
 * Consents per shopper, channel and purpose, with their history. A row whose status differs from
 * the consent's current one, and which happened after it, changes the consent and appends a {@code
 * consent_event}; a row that changes nothing, or that is older than the current state, is skipped —
 * so re-importing a file appends no history. Rows are applied in time order within each chunk; give
 * files in time order.
 */
final class ConsentsImport extends KindImport<ConsentsImport.ConsentRow> {

  static final Set<String> STATUSES = Set.of("granted", "revoked");

  /** The source recorded when the file has none. */
  static final String DEFAULT_SOURCE = "import";

  record ConsentRow(
      String loyaltyId,
      String channel,
      String purpose,
      String status,
      String source,
      Instant occurredAt) {}

  private static final class Current {
    String status;
    Instant since;

    Current(String status, Instant since) {
      this.status = status;
      this.since = since;
    }
  }

  ConsentsImport(ImportContext context) {
    super(context);
  }

  @Override
  ConsentRow parse(Cells cells) {
    String loyaltyId = cells.text("loyalty_id", 64, true);
    String channel = cells.code("channel", 32, true);
    String purpose = cells.code("purpose", 32, true);
    String status = cells.oneOf("status", STATUSES, true);
    String source = cells.text("source", 100, false);
    Instant occurredAt = cells.instant("occurred_at", true);
    if (!cells.ok()) {
      return null;
    }
    return new ConsentRow(
        loyaltyId,
        channel.toLowerCase(Locale.ROOT),
        purpose.toLowerCase(Locale.ROOT),
        status,
        source.isEmpty() ? DEFAULT_SOURCE : source,
        occurredAt);
  }

  @Override
  void check(Connection connection, List<Parsed<ConsentRow>> chunk) throws SQLException {
    Map<String, Long> shopperIds =
        HouseholdMembersImport.shopperIds(connection, chunk, ConsentRow::loyaltyId);
    for (Parsed<ConsentRow> parsed : chunk) {
      if (!shopperIds.containsKey(parsed.row().loyaltyId())) {
        parsed.cells().reject("loyalty_id", Message.of("importer", "value.unknown.shopper"));
      }
    }
  }

  @Override
  void write(Connection connection, List<Parsed<ConsentRow>> chunk, Counts counts)
      throws SQLException {
    Map<String, Long> shopperIds =
        HouseholdMembersImport.shopperIds(connection, chunk, ConsentRow::loyaltyId);
    Map<String, Current> current = new HashMap<>();
    Sql.selectInIds(
        connection,
        "SELECT shopper_id, channel, purpose, status, updated_at FROM consent"
            + " WHERE shopper_id IN (%s)",
        shopperIds.values(),
        row ->
            current.put(
                row.getLong("shopper_id")
                    + "\u0000"
                    + row.getString("channel")
                    + '\u0000'
                    + row.getString("purpose"),
                new Current(row.getString("status"), Sql.instant(row, "updated_at"))));
    List<Parsed<ConsentRow>> inTimeOrder = new ArrayList<>(chunk);
    inTimeOrder.sort(Comparator.comparing(parsed -> parsed.row().occurredAt()));
    try (Sql.Batch insert =
            new Sql.Batch(
                connection,
                "INSERT INTO consent (shopper_id, channel, purpose, status, source, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)");
        Sql.Batch update =
            new Sql.Batch(
                connection,
                "UPDATE consent SET status = ?, source = ?, updated_at = ?"
                    + " WHERE shopper_id = ? AND channel = ? AND purpose = ?");
        Sql.Batch event =
            new Sql.Batch(
                connection,
                "INSERT INTO consent_event (shopper_id, channel, purpose, status, source,"
                    + " occurred_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      Set<String> insertedNow = new HashSet<>();
      for (Parsed<ConsentRow> parsed : inTimeOrder) {
        ConsentRow row = parsed.row();
        long shopperId = shopperIds.get(row.loyaltyId());
        String key = shopperId + "\u0000" + row.channel() + '\u0000' + row.purpose();
        Current now = current.get(key);
        if (now == null) {
          PreparedStatement s = insert.statement();
          s.setLong(1, shopperId);
          s.setString(2, row.channel());
          s.setString(3, row.purpose());
          s.setString(4, row.status());
          s.setString(5, row.source());
          s.setObject(6, Sql.utc(row.occurredAt()));
          insert.add();
          insertedNow.add(key);
          current.put(key, new Current(row.status(), row.occurredAt()));
        } else if (!row.occurredAt().isAfter(now.since) || now.status.equals(row.status())) {
          counts.skippedDuplicates++;
          continue;
        } else {
          if (insertedNow.contains(key)) {
            insert.flush(); // the consent must exist before it is updated
          }
          PreparedStatement s = update.statement();
          s.setString(1, row.status());
          s.setString(2, row.source());
          s.setObject(3, Sql.utc(row.occurredAt()));
          s.setLong(4, shopperId);
          s.setString(5, row.channel());
          s.setString(6, row.purpose());
          update.add();
          now.status = row.status();
          now.since = row.occurredAt();
        }
        PreparedStatement e = event.statement();
        e.setLong(1, shopperId);
        e.setString(2, row.channel());
        e.setString(3, row.purpose());
        e.setString(4, row.status());
        e.setString(5, row.source());
        e.setObject(6, Sql.utc(row.occurredAt()));
        e.setObject(7, Sql.utc(context.startedAt()));
        event.add();
        counts.linesWritten++;
      }
      insert.flush();
      update.flush();
    }
  }
}
