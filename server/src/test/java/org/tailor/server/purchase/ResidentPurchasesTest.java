package org.tailor.server.purchase;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tailor.plugin.host.PurchaseHistory;
import org.tailor.plugin.host.PurchaseRecord;
import org.tailor.server.persistence.ChainFixture;
import org.tailor.server.persistence.ChainFixture.Line;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import org.tailor.server.persistence.TestDatabases;

/**
 * Every shopper's latest receipts held in memory answer exactly what the database answers (through
 * {@link DatabasePurchaseHistory}, that is {@link Purchases#recent}), learn purchases written by
 * another process at the next refresh, and leave to the database what they do not hold — on H2 and
 * on MariaDB.
 */
class ResidentPurchasesTest {

  private static final Instant DAY = Instant.parse("2026-03-02T10:00:00Z");
  private static final int HELD = 5; // L-several has exactly this many

  @TempDir Path root;

  private DatabaseSettings settings;
  private Database database;
  private ChainFixture chain;
  private long s1;
  private long s2;

  /** Loyalty id to shopper id, as the decision pipeline finds them. */
  private final Map<String, Long> shoppers = new LinkedHashMap<>();

  private DatabasePurchaseHistory databaseHistory;
  private final AtomicInteger fallbacks = new AtomicInteger();
  private ResidentPurchases resident;

  /**
   * Opens {@code "h2"} (embedded, in the test's folder) or {@code "mariadb"} (a fresh database).
   */
  private void open(String kind) {
    open(kind.equals("h2") ? TestDatabases.h2(root.resolve("db")) : TestDatabases.freshMariaDb());
  }

  private void open(DatabaseSettings databaseSettings) {
    settings = databaseSettings;
    database = Database.open(settings);
    chain = new ChainFixture(database);
    databaseHistory =
        new DatabasePurchaseHistory(database, id -> Optional.ofNullable(shoppers.get(id)));
  }

  /** A resident copy holding {@link #HELD} receipts per shopper, at most {@code max} shoppers. */
  private ResidentPurchases resident(long max, int range) {
    PurchaseHistory counted =
        (loyaltyId, limit) -> {
          fallbacks.incrementAndGet();
          return databaseHistory.recentPurchases(loyaltyId, limit);
        };
    resident =
        new ResidentPurchases(
            database.dataSource(),
            id -> Optional.ofNullable(shoppers.get(id)),
            counted,
            HELD,
            max,
            range);
    return resident;
  }

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
      TestDatabases.drop(settings);
    }
  }

  private long shopper(String loyaltyId) {
    long id = chain.shopper(loyaltyId, "F", "L", "en");
    shoppers.put(loyaltyId, id);
    return id;
  }

  private long buy(long store, String receipt, long shopper, Instant at, Line... lines) {
    return chain.purchase(store, receipt, shopper, at, List.of(lines));
  }

  /** Shoppers with 0, 1, several and more receipts than held; returns; a receipt of no lines. */
  private void chainOfEveryKind() {
    s1 = chain.store("S1");
    s2 = chain.store("Тейлър-София");
    chain.product("TEA-1", "Green tea", "grocery/tea");
    chain.product("COF-1", "Coffee", "grocery/coffee");
    chain.product("ODD-1", "No category", "");
    shopper("L-none");
    long one = shopper("L-one");
    long several = shopper("L-several");
    long many = shopper("L-many");
    shopper("L-none-2");
    long late = shopper("L-late");
    buy(s1, "000000002-001", one, DAY, new Line("TEA-1", 2, "2.50"));
    buy(
        s1,
        "000000003-001",
        several,
        DAY,
        new Line("TEA-1", 1, "2.50"),
        new Line("COF-1", 3, "7.9900"),
        new Line("ODD-1", 1, "0.01"));
    buy(s2, "000000003-002", several, DAY.plusSeconds(86_400), new Line("COF-1", 1, "123456.78"));
    buy(s2, "000000003-002R", several, DAY.plusSeconds(2 * 86_400), new Line("COF-1", -1, "7.99"));
    buy(s1, "收据-٣", several, DAY.plusSeconds(2 * 86_400)); // same time, no lines: the id decides
    buy(s1, "000000003-004", several, DAY.plusNanos(123_456_000).minusSeconds(86_400));
    for (int i = 1; i <= HELD + 2; i++) {
      buy(i % 2 == 0 ? s1 : s2, "M-" + i, many, DAY.plusSeconds(i * 3_600L), line(i));
    }
    buy(s1, "000000006-001", late, DAY.minusSeconds(400 * 86_400L), new Line("TEA-1", 1, "1.00"));
    chain.purchase(s1, "anonymous-1", null, DAY, List.of(new Line("TEA-1", 1, "2.50")));
  }

  private static Line line(int i) {
    return new Line(i % 2 == 0 ? "TEA-1" : "COF-1", i, "1.25");
  }

  /** Every shopper, every limit from 1 to 6 and the largest: the same as the database. */
  private void answersAsTheDatabase() {
    for (String loyaltyId : shoppers.keySet()) {
      for (int limit : new int[] {1, 2, 3, 4, HELD, 6, 1000, 5000}) {
        assertThat(resident.recentPurchases(loyaltyId, limit))
            .as(loyaltyId + ", limit " + limit)
            .isEqualTo(databaseHistory.recentPurchases(loyaltyId, limit));
      }
    }
    assertThat(resident.recentPurchases("nobody", 5)).isEmpty();
  }

  private boolean held(String loyaltyId, int limit) {
    return resident.heldPurchases(shoppers.get(loyaltyId), limit).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "mariadb"})
  void answersAsTheDatabaseForEveryKindOfShopper(String kind) {
    open(kind);
    chainOfEveryKind();
    resident(100, 2).load();
    assertThat(resident.isLoaded()).isTrue();
    assertThat(resident.heldShoppers()).isEqualTo(4); // the two shoppers without purchases: none

    fallbacks.set(0);
    answersAsTheDatabase();
    // only the calls for more receipts than held of the shopper with more went to the database
    assertThat(fallbacks.get()).as("L-many, limits 6, 1000 and 5000").isEqualTo(3);
    assertThat(held("L-none", 1000)).isTrue();
    assertThat(held("L-several", 1000)).isTrue();
    assertThat(held("L-many", HELD)).isTrue();
    assertThat(held("L-many", HELD + 1)).isFalse();

    List<PurchaseRecord> several = resident.recentPurchases("L-several", 10);
    assertThat(several)
        .extracting(PurchaseRecord::receiptNumber)
        .containsExactly(
            "收据-٣", "000000003-002R", "000000003-002", "000000003-001", "000000003-004");
    assertThat(several.get(1).storeCode()).isEqualTo("Тейлър-София");
    assertThat(several.get(1).lines().get(0).quantity()).isEqualTo(-1);
    assertThat(several.get(2).lines().get(0).amount()).isEqualTo(new BigDecimal("123456.78"));
    assertThat(several.get(3).lines().get(2).category()).isEmpty();
    assertThat(several.get(4).purchasedAt())
        .isEqualTo(DAY.plusNanos(123_456_000).minusSeconds(86_400));
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "mariadb"})
  void seesPurchasesOfAnotherProcessAtTheNextRefresh(String kind) throws SQLException {
    open(kind);
    chainOfEveryKind();
    resident(100, 4).load();
    resident.refresh(); // the first refresh goes back over the rows the load read

    long newcomer = shopper("L-newcomer");
    buy(s1, "N-1", shoppers.get("L-one"), DAY.plusSeconds(9_000), new Line("COF-1", 2, "3.10"));
    buy(s2, "N-2", newcomer, DAY, new Line("TEA-1", 1, "2.50"));
    assertThat(resident.recentPurchases("L-one", 5)).hasSize(1); // not refreshed yet
    assertThat(resident.recentPurchases("L-newcomer", 5)).isEmpty();

    resident.refresh();
    assertThat(resident.recentPurchases("L-one", 5)).hasSize(2);
    assertThat(resident.recentPurchases("L-newcomer", 5)).hasSize(1);
    answersAsTheDatabase();

    // a transaction that took its id before another's and committed after the refresh read it
    try (Connection slow = database.dataSource().getConnection()) {
      slow.setAutoCommit(false);
      long slowId =
          insertReceipt(slow, null, s1, "SLOW-1", shoppers.get("L-none"), DAY, "TEA-1", 4, "2.00");
      long fastId = buy(s1, "FAST-1", shoppers.get("L-none-2"), DAY, new Line("TEA-1", 1, "1"));
      assertThat(slowId).isLessThan(fastId);
      resident.refresh();
      assertThat(resident.recentPurchases("L-none-2", 5)).hasSize(1);
      assertThat(resident.recentPurchases("L-none", 5)).isEmpty();
      slow.commit();
    }
    assertThat(resident.recentPurchases("L-none", 5)).as("until the next refresh").isEmpty();
    resident.refresh();
    assertThat(resident.recentPurchases("L-none", 5))
        .extracting(PurchaseRecord::receiptNumber)
        .containsExactly("SLOW-1");
    answersAsTheDatabase();

    // a product's new category and a store's new code show at the next refresh, as in the database
    update("UPDATE product SET category = 'drinks/coffee' WHERE sku = 'COF-1'");
    update("UPDATE store SET code = 'S1-NEW' WHERE code = 'S1'");
    resident.refresh();
    fallbacks.set(0);
    assertThat(resident.recentPurchases("L-one", 1).get(0).lines().get(0).category())
        .isEqualTo("drinks/coffee");
    assertThat(resident.recentPurchases("L-one", 1).get(0).storeCode()).isEqualTo("S1-NEW");
    assertThat(fallbacks.get()).isZero();
    answersAsTheDatabase();
  }

  /** The limits the bundled plugins ask for in one decision: value, history, bandit. */
  private static final int[] DECISION_LIMITS = {1000, 100, 50};

  /** One decision's calls, as the scoring plugins make them in turn on the deciding thread. */
  private List<List<PurchaseRecord>> decision(String loyaltyId, int... limits) {
    List<List<PurchaseRecord>> answers = new java.util.ArrayList<>();
    for (int limit : limits) {
      List<PurchaseRecord> answer = resident.recentPurchases(loyaltyId, limit);
      assertThat(answer)
          .as(loyaltyId + " limit " + limit)
          .isEqualTo(databaseHistory.recentPurchases(loyaltyId, limit));
      answers.add(answer);
    }
    return answers;
  }

  @Test
  void theScoringPluginsOfADecisionShareOneDecodeWhateverTheirLimits() {
    open(TestDatabases.h2(root.resolve("db")));
    chainOfEveryKind();
    resident(100, 1000).load();
    decision("L-several", 1, 2, 3); // the thread's first decision: the limits widen as asked

    for (int[] limits : List.of(DECISION_LIMITS, new int[] {2, HELD, 1})) {
      List<List<PurchaseRecord>> answers = decision("L-several", limits);
      for (List<PurchaseRecord> answer : answers) {
        assertThat(answer.get(0)).as("decoded once").isSameAs(answers.get(0).get(0));
      }
    }
    // more asked for than held of a longer history: the database answers, the rest are held
    fallbacks.set(0);
    decision("L-many", DECISION_LIMITS);
    assertThat(fallbacks.get()).isEqualTo(DECISION_LIMITS.length);
    decision("L-many", 3, HELD, HELD + 1);
    assertThat(fallbacks.get()).isEqualTo(DECISION_LIMITS.length + 1);
  }

  @Test
  void aSecondDecisionAfterANewPurchaseIsNotServedTheFirstOnesDecode() {
    open(TestDatabases.h2(root.resolve("db")));
    chainOfEveryKind();
    resident(100, 1000).load();
    resident.refresh();
    int[] limits = {HELD, 2, 1}; // all answered from what is held
    fallbacks.set(0);
    String first = decision("L-several", limits).get(0).get(0).receiptNumber();

    // recorded by another process, read by the refresh before the next decision
    buy(s2, "N-1", shoppers.get("L-several"), DAY.plusSeconds(9 * 86_400), line(3));
    resident.refresh();
    assertThat(decision("L-several", limits))
        .allSatisfy(answer -> assertThat(answer.get(0).receiptNumber()).isEqualTo("N-1"));
    assertThat(fallbacks.get()).as("answered from what is held").isZero();

    // imported through this server: the database answers until the refresh reads it again
    buy(s1, "N-2", shoppers.get("L-several"), DAY.plusSeconds(10 * 86_400), line(4));
    resident.purchasesChanged();
    assertThat(decision("L-several", limits))
        .allSatisfy(answer -> assertThat(answer.get(0).receiptNumber()).isEqualTo("N-2"));
    resident.refresh();
    fallbacks.set(0);
    decision("L-several", limits);

    buy(s1, "N-3", shoppers.get("L-several"), DAY.plusSeconds(11 * 86_400), line(5));
    resident.reload(List.of(shoppers.get("L-several")));
    assertThat(decision("L-several", limits))
        .allSatisfy(answer -> assertThat(answer.get(0).receiptNumber()).isEqualTo("N-3"));
    assertThat(fallbacks.get()).as("answered from what is held").isZero();
    assertThat(first).isNotIn("N-1", "N-2", "N-3");

    // a store's new code, read by the refresh, with the shopper's receipts unchanged: two refreshes
    // go over the rows above, so the third reads nobody again
    resident.refresh();
    resident.refresh();
    decision("L-several", limits);
    update("UPDATE store SET code = 'S1-NEW' WHERE code = 'S1'");
    resident.refresh();
    assertThat(decision("L-several", limits))
        .allSatisfy(answer -> assertThat(answer.get(0).storeCode()).isEqualTo("S1-NEW"));
  }

  /**
   * An import commits its batch row and every row at its end; another import commits later rows
   * meanwhile and the refreshes read past them. Once it ended, its shoppers are read again, found
   * by its batch: through a refresh, and through {@link ResidentPurchases#purchasesChanged()} when
   * it was this server's.
   */
  @ParameterizedTest
  @ValueSource(strings = {"h2", "mariadb"})
  void readsAnImportThatCommittedBelowRowsReadPast(String kind) throws SQLException {
    open(kind);
    chainOfEveryKind();
    resident(100, 4).load();
    resident.refresh();
    for (boolean thisServers : new boolean[] {false, true}) {
      String loyaltyId = thisServers ? "L-none-2" : "L-none";
      String receipt = thisServers ? "IMPORTED-2" : "IMPORTED-1";
      try (Connection importing = database.dataSource().getConnection()) {
        importing.setAutoCommit(false);
        long batch = insertBatch(importing, "purchases:tailor", Instant.now().minusSeconds(600));
        long importedId =
            insertReceipt(
                importing, batch, s1, receipt, shoppers.get(loyaltyId), DAY, "TEA-1", 2, "2.00");
        long other =
            buy(s2, "OTHER-" + receipt, shoppers.get("L-late"), DAY, new Line("COF-1", 1, "1"));
        assertThat(importedId).isLessThan(other);
        for (int i = 0; i < 3; i++) {
          resident.refresh(); // well past the other import's row
        }
        importing.commit();
      }
      if (thisServers) {
        resident.purchasesChanged();
        assertThat(held(loyaltyId, 5)).as("read from the database until read again").isFalse();
        assertThat(resident.recentPurchases(loyaltyId, 5))
            .extracting(PurchaseRecord::receiptNumber)
            .containsExactly(receipt);
      }
      resident.refresh();
      assertThat(resident.recentPurchases(loyaltyId, 5))
          .as(loyaltyId)
          .extracting(PurchaseRecord::receiptNumber)
          .containsExactly(receipt);
      assertThat(held(loyaltyId, 5)).as("held again").isTrue();
      answersAsTheDatabase();
    }
  }

  /** An import's batch row as the importer writes it: in the import's transaction, ended. */
  private static long insertBatch(Connection c, String mapping, Instant startedAt)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO import_batch (source_name, content_sha256, mapping_name, started_at,"
                + " finished_at, lines_read, lines_written, lines_skipped, status)"
                + " VALUES ('purchases.csv', 'x', ?, ?, ?, 1, 1, 0, 'imported')",
            Statement.RETURN_GENERATED_KEYS)) {
      s.setString(1, mapping);
      s.setObject(2, LocalDateTime.ofInstant(startedAt, ZoneOffset.UTC));
      s.setObject(3, LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC));
      s.executeUpdate();
      try (ResultSet keys = s.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  @Test
  void readsAgainTheShoppersItIsToldOf() {
    open(TestDatabases.h2(root.resolve("db")));
    chainOfEveryKind();
    resident(100, 1000).load();
    buy(s1, "N-1", shoppers.get("L-one"), DAY.plusSeconds(60), new Line("TEA-1", 1, "2.50"));
    buy(s1, "N-2", shoppers.get("L-late"), DAY.plusSeconds(60), new Line("TEA-1", 1, "2.50"));

    resident.reload(List.of(shoppers.get("L-one"), shoppers.get("L-none")));
    assertThat(resident.recentPurchases("L-one", 5)).hasSize(2);
    assertThat(resident.recentPurchases("L-late", 5)).as("not read again").hasSize(1);
    assertThat(held("L-one", 5)).isTrue();
  }

  @Test
  void aShopperChangedThroughThisServerIsReadFromTheDatabaseUntilReadAgain() {
    open(TestDatabases.h2(root.resolve("db")));
    chainOfEveryKind();
    resident(100, 1000).load();
    resident.refresh();
    buy(s1, "N-1", shoppers.get("L-one"), DAY.plusSeconds(60), new Line("TEA-1", 1, "2.50"));

    resident.purchasesChanged();
    assertThat(held("L-one", 5)).isFalse();
    assertThat(resident.recentPurchases("L-one", 5)).hasSize(2);
    assertThat(held("L-several", 5)).as("unchanged: still held").isTrue();

    resident.refresh();
    assertThat(held("L-one", 5)).isTrue();
    answersAsTheDatabase();
  }

  @Test
  void readersDuringARefreshSeeTheReceiptsBeforeOrAfterNeverAMix() throws Exception {
    open(TestDatabases.h2(root.resolve("db")));
    chainOfEveryKind();
    resident(100, 1000).load();
    resident.refresh();
    List<PurchaseRecord> before = databaseHistory.recentPurchases("L-several", HELD);
    buy(s2, "N-1", shoppers.get("L-several"), DAY.plusSeconds(9 * 86_400), line(3), line(4));
    List<PurchaseRecord> after = databaseHistory.recentPurchases("L-several", HELD);
    assertThat(after).isNotEqualTo(before);

    java.util.concurrent.atomic.AtomicBoolean refreshed =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.ConcurrentLinkedQueue<List<PurchaseRecord>> mixed =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    AtomicInteger reads = new AtomicInteger();
    Runnable reader =
        () -> {
          int afterRefresh = 0;
          while (afterRefresh < 1_000) {
            boolean done = refreshed.get();
            List<PurchaseRecord> seen = resident.recentPurchases("L-several", HELD);
            reads.incrementAndGet();
            if (!seen.equals(before) && !seen.equals(after)) {
              mixed.add(seen);
            }
            if (done) {
              afterRefresh++;
            }
          }
        };
    Thread first = new Thread(reader);
    Thread second = new Thread(reader);
    first.start();
    second.start();
    for (int i = 0; i < 5; i++) {
      resident.refresh();
      resident.reload(List.of(shoppers.get("L-several")));
    }
    refreshed.set(true);
    first.join();
    second.join();
    assertThat(mixed).isEmpty();
    assertThat(reads.get()).isGreaterThanOrEqualTo(2_000);
    assertThat(resident.recentPurchases("L-several", HELD)).isEqualTo(after);
    assertThat(held("L-several", HELD)).isTrue();
  }

  @Test
  void shoppersBeyondTheBoundAreReadFromTheDatabase() {
    open(TestDatabases.h2(root.resolve("db")));
    chainOfEveryKind();
    resident(2, 1000).load();
    assertThat(resident.heldShoppers()).isEqualTo(2);
    assertThat(held("L-one", 1)).isTrue();
    assertThat(held("L-several", 1)).isTrue();
    assertThat(held("L-many", 1)).isFalse();
    assertThat(held("L-late", 1)).isFalse();
    assertThat(held("L-none", 1)).as("no purchases: nothing to hold").isTrue();
    fallbacks.set(0);
    assertThat(resident.recentPurchases("L-late", 5))
        .isEqualTo(databaseHistory.recentPurchases("L-late", 5))
        .hasSize(1);
    assertThat(fallbacks.get()).isEqualTo(1);
    answersAsTheDatabase();
  }

  @Test
  void shoppersNotLoadedYetAreReadFromTheDatabase() {
    open(TestDatabases.h2(root.resolve("db")));
    chainOfEveryKind();
    resident(100, 1000);
    assertThat(held("L-one", 1)).isFalse();
    assertThat(held("L-none", 1)).isFalse();
    assertThat(resident.recentPurchases("L-one", 5)).hasSize(1);

    long several = shoppers.get("L-several");
    resident.loadRange(0, several + 1);
    assertThat(resident.isLoaded()).isFalse();
    assertThat(held("L-one", 1)).isTrue();
    assertThat(held("L-none", 1)).isTrue();
    assertThat(held("L-many", 1)).as("above the range loaded").isFalse();
    answersAsTheDatabase();
  }

  @Test
  void aChainOfManyShoppersTakesAboutAHundredBytesAShopper() {
    open(TestDatabases.h2(root.resolve("db")));
    s1 = chain.store("S1");
    chain.product("TEA-1", "Green tea", "grocery/tea");
    chain.product("COF-1", "Coffee", "grocery/coffee");
    for (int s = 0; s < 50; s++) {
      long shopper = shopper(String.format("L-%03d", s));
      buy(s1, String.format("000000%03d-001", s), shopper, DAY, line(1), line(2), line(4));
      buy(s1, String.format("000000%03d-002", s), shopper, DAY.plusSeconds(86_400), line(2));
    }
    resident(1000, 16).load();
    assertThat(resident.heldShoppers()).isEqualTo(50);
    // two receipts of 4 lines, front-coded numbers: some 40 bytes, not the kilobyte of objects
    assertThat(resident.heldBytes() / 50).isBetween(20L, 60L);
    answersAsTheDatabase();
  }

  private void update(String sql) {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** A receipt of one line, written on {@code c}, of the import {@code batch} (or none). */
  private static long insertReceipt(
      Connection c,
      Long batch,
      long store,
      String receipt,
      long shopper,
      Instant at,
      String sku,
      int quantity,
      String price)
      throws SQLException {
    long id;
    BigDecimal amount = new BigDecimal(price).multiply(BigDecimal.valueOf(quantity));
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO purchase (store_id, receipt_number, shopper_id, purchased_at,"
                + " total_amount, is_return, currency, import_batch_id)"
                + " VALUES (?, ?, ?, ?, ?, FALSE, 'EUR', ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      s.setLong(1, store);
      s.setString(2, receipt);
      s.setLong(3, shopper);
      s.setObject(4, LocalDateTime.ofInstant(at, ZoneOffset.UTC));
      s.setBigDecimal(5, amount);
      s.setObject(6, batch);
      s.executeUpdate();
      try (ResultSet keys = s.getGeneratedKeys()) {
        keys.next();
        id = keys.getLong(1);
      }
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO purchase_line (purchase_id, line_number, product_id, quantity,"
                + " unit_price, amount) SELECT ?, 1, id, ?, ?, ? FROM product WHERE sku = ?")) {
      s.setLong(1, id);
      s.setInt(2, quantity);
      s.setBigDecimal(3, new BigDecimal(price));
      s.setBigDecimal(4, amount);
      s.setString(5, sku);
      s.executeUpdate();
    }
    return id;
  }
}
