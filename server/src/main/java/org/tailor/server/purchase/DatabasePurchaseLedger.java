package org.tailor.server.purchase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.tailor.plugin.host.LedgerLine;
import org.tailor.plugin.host.PurchaseLedger;

/**
 * The host's {@link PurchaseLedger}: one plain JDBC query over purchase lines, streamed with a
 * bounded fetch size (MariaDB Connector/J streams the result set; H2 spools large results to disk),
 * so that reading ten million lines holds only a few thousand rows at a time. Anonymous receipts
 * (no shopper) are left out.
 */
public final class DatabasePurchaseLedger implements PurchaseLedger {

  private static final int FETCH_SIZE = 5_000;

  private static final String LINES_SINCE =
      "SELECT s.loyalty_id, st.code, p.purchased_at, pr.sku, pr.category, l.quantity"
          + " FROM purchase_line l"
          + " JOIN purchase p ON p.id = l.purchase_id"
          + " JOIN shopper s ON s.id = p.shopper_id"
          + " JOIN store st ON st.id = p.store_id"
          + " JOIN product pr ON pr.id = l.product_id"
          + " WHERE p.purchased_at >= ?";

  private final DataSource dataSource;

  public DatabasePurchaseLedger(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  @Override
  public long forEachLine(Instant since, Consumer<LedgerLine> consumer) {
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(consumer, "consumer");
    long lines = 0;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                LINES_SINCE, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
      statement.setFetchSize(FETCH_SIZE);
      statement.setObject(1, LocalDateTime.ofInstant(since, ZoneOffset.UTC));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          consumer.accept(
              new LedgerLine(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getObject(3, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                  rows.getString(4),
                  rows.getString(5),
                  rows.getInt(6)));
          lines++;
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot read the purchase ledger after " + lines + " lines: " + e.getMessage(), e);
    }
    return lines;
  }
}
