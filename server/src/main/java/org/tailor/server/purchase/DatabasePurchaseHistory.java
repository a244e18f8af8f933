package org.tailor.server.purchase;

import java.util.List;
import org.tailor.plugin.host.PurchaseHistory;
import org.tailor.plugin.host.PurchaseRecord;
import org.tailor.plugin.host.PurchasedItem;
import org.tailor.server.persistence.Database;
import org.tailor.server.shopper.ShopperService;

/** The host's {@link PurchaseHistory}: a shopper's receipts from the database, newest first. */
public final class DatabasePurchaseHistory implements PurchaseHistory {

  /** The most receipts one call returns, whatever the limit asked for. */
  public static final int MAX_LIMIT = 1000;

  private final Database database;

  public DatabasePurchaseHistory(Database database) {
    this.database = database;
  }

  @Override
  public List<PurchaseRecord> recentPurchases(String loyaltyId, int limit) {
    if (limit < 1) {
      return List.of();
    }
    return database.read(
        session ->
            ShopperService.find(session, loyaltyId)
                .map(
                    s ->
                        session.doReturningWork(
                            connection ->
                                Purchases.recent(
                                    connection, s.getId(), Math.min(limit, MAX_LIMIT))))
                .orElse(List.of())
                .stream()
                .map(DatabasePurchaseHistory::record)
                .toList());
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
