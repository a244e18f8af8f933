package org.tailor.server.purchase;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.plugin.host.PurchaseRecord;
import org.tailor.server.persistence.ChainFixture;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;

/** The scoring plugins' purchase history held in memory, over the real database history. */
class CachedPurchaseHistoryTest {

  private static final Instant DAY = Instant.parse("2026-03-02T10:00:00Z");

  @TempDir Path root;

  private Database database;
  private ChainFixture chain;
  private CachedPurchaseHistory history;
  private long store;
  private long ana;

  @BeforeEach
  void setUp() {
    database = Database.open(TestDatabases.h2(root.resolve("db")));
    chain = new ChainFixture(database);
    store = chain.store("S1");
    ana = chain.shopper("L-1", "Ana", "García", "es");
    chain.product("TEA-1", "Green tea", "tea");
    for (int i = 1; i <= 3; i++) {
      buy("R-" + i, i);
    }
    history =
        new CachedPurchaseHistory(new DatabasePurchaseHistory(database), Duration.ofHours(1), 100);
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  private void buy(String receipt, int day) {
    chain.purchase(
        store,
        receipt,
        ana,
        DAY.plus(Duration.ofDays(day)),
        List.of(new ChainFixture.Line("TEA-1", 1, "2.50")));
  }

  private static List<String> receipts(List<PurchaseRecord> purchases) {
    return purchases.stream().map(PurchaseRecord::receiptNumber).toList();
  }

  @Test
  void aShopperAskedForAgainIsAnsweredFromMemoryUntilPurchasesChange() {
    assertThat(receipts(history.recentPurchases("L-1", 2))).containsExactly("R-3", "R-2");
    buy("R-4", 4); // written behind the cache's back, as by another process

    assertThat(receipts(history.recentPurchases("L-1", 2))).containsExactly("R-3", "R-2");
    assertThat(receipts(history.recentPurchases("L-1", 1))).containsExactly("R-3");

    history.purchasesChanged();
    assertThat(receipts(history.recentPurchases("L-1", 2))).containsExactly("R-4", "R-3");
  }

  @Test
  void aLongerListThanTheOneHeldIsReadAgainUnlessTheWholeHistoryIsHeld() {
    assertThat(receipts(history.recentPurchases("L-1", 2))).containsExactly("R-3", "R-2");
    buy("R-4", 4);
    assertThat(receipts(history.recentPurchases("L-1", 5)))
        .as("more than was loaded: read again")
        .containsExactly("R-4", "R-3", "R-2", "R-1");

    buy("R-5", 5);
    assertThat(receipts(history.recentPurchases("L-1", 10)))
        .as("4 of at most 5 loaded is the whole history: held")
        .containsExactly("R-4", "R-3", "R-2", "R-1");
    assertThat(history.recentPurchases("L-9", 3)).isEmpty();
  }
}
