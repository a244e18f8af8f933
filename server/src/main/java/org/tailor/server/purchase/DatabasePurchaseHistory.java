package org.tailor.server.purchase;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.tailor.plugin.host.PurchaseHistory;
import org.tailor.plugin.host.PurchaseRecord;
import org.tailor.plugin.host.PurchasedItem;
import org.tailor.server.persistence.Database;
import org.tailor.server.shopper.Shopper;
import org.tailor.server.shopper.ShopperService;

/**
 * The host's {@link PurchaseHistory}: a shopper's receipts from the database, newest first, in one
 * statement on a pooled connection once the shopper's id is known.
 */
public final class DatabasePurchaseHistory implements PurchaseHistory {

  /** The most receipts one call returns, whatever the limit asked for. */
  public static final int MAX_LIMIT = 1000;

  private final Database database;
  private final Function<String, Optional<Long>> shopperIds;

  /** A history that finds each shopper in the database first. */
  public DatabasePurchaseHistory(Database database) {
    this(
        database,
        identifier ->
            database.read(session -> ShopperService.find(session, identifier).map(Shopper::getId)));
  }

  /**
   * @param shopperIds the id of the shopper with a loyalty id (or other identifier), such as the
   *     decision pipeline's cache, which has just found the shopper being decided for
   */
  public DatabasePurchaseHistory(Database database, Function<String, Optional<Long>> shopperIds) {
    this.database = database;
    this.shopperIds = shopperIds;
  }

  @Override
  public List<PurchaseRecord> recentPurchases(String loyaltyId, int limit) {
    if (limit < 1) {
      return List.of();
    }
    Optional<Long> shopperId = shopperIds.apply(loyaltyId);
    if (shopperId.isEmpty()) {
      return List.of();
    }
    try (Connection connection = database.dataSource().getConnection()) {
      return Purchases.recent(connection, shopperId.get(), Math.min(limit, MAX_LIMIT)).stream()
          .map(DatabasePurchaseHistory::record)
          .toList();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the purchases of shopper " + loyaltyId, e);
    }
  }

  private static PurchaseRecord record(Receipt receipt) {
    return new PurchaseRecord(
        receipt.receiptNumber(),
        receipt.storeCode(),
        receipt.purchasedAt(),
        receipt.lines().stream()
            .map(l -> new PurchasedItem(l.sku(), l.category(), l.quantity(), l.amount()))
            .toList());
  }
}
