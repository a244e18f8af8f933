package org.tailor.server.shopper;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.persistence.ChainFixture;
import org.tailor.server.persistence.ChainFixture.Line;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;

/**
 * How many statements a shopper 360 costs: round trips to the database are most of its latency, so
 * the count must not creep back up (it was twelve and more through Hibernate) nor grow with the
 * shopper's history. What the 360 holds is tested by the persistence suite.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Shopper360ReaderTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  @TempDir static Path dir;
  private Database database;
  private CountingDataSource counting;
  private Shopper360Reader reader;

  @BeforeAll
  void open() {
    database = Database.open(TestDatabases.h2(dir));
    ChainFixture chain = new ChainFixture(database);
    long store = chain.store("s1");
    long ana = chain.shopper("L1", "Ana", "García", "es");
    chain.identifier(ana, "card", "CARD-1");
    chain.attribute(ana, "tier", "gold");
    chain.preference(ana, "bakery");
    chain.householdMember(ana, "Lucía", "child");
    chain.product("coffee", "Café molido", "grocery/coffee");
    for (int i = 0; i < 3 * Shopper360Reader.RECENT; i++) {
      chain.purchase(
          store,
          "r" + i,
          ana,
          NOW.minus(7L * i + 1, ChronoUnit.DAYS),
          List.of(new Line("coffee", 1, "4.50"), new Line("coffee", 2, "4.50")));
    }
    ShopperService shoppers =
        new ShopperService(
            database,
            new RfmCutPointRefresher(database, Clock.fixed(NOW, ZoneOffset.UTC)),
            Clock.fixed(NOW, ZoneOffset.UTC));
    for (int i = 0; i < 3; i++) {
      shoppers.recordConsent(
          "L1",
          new ConsentChange("email", "offers", i % 2 == 0 ? "granted" : "revoked", "app", NOW));
    }
    chain.shopper("L2", "Bo", null, "en");
    counting = new CountingDataSource(database.dataSource());
    reader = new Shopper360Reader(counting.dataSource());
  }

  @AfterAll
  void close() {
    database.close();
  }

  @Test
  void readsAShopperWithALongHistoryInSixStatements() {
    assertThat(reader.read("L1", RfmCutPoints.NONE, NOW))
        .hasValueSatisfying(
            view -> {
              assertThat(view.recentPurchases()).hasSize(Shopper360Reader.RECENT);
              assertThat(view.consentHistory()).hasSize(3);
            });
    assertThat(counting.takeCount()).isEqualTo(6);
  }

  @Test
  void readsAShopperFoundByCardInAsManyStatements() {
    assertThat(reader.read("CARD-1", RfmCutPoints.NONE, NOW)).isPresent();
    assertThat(counting.takeCount()).isEqualTo(6);
  }

  @Test
  void readsAShopperWithNoHistoryInAsManyStatements() {
    assertThat(reader.read("L2", RfmCutPoints.NONE, NOW)).isPresent();
    assertThat(counting.takeCount()).isEqualTo(6);
  }

  @Test
  void answersAnUnknownShopperInOneStatementAndABlankOneInNone() {
    assertThat(reader.read("nobody", RfmCutPoints.NONE, NOW)).isEmpty();
    assertThat(counting.takeCount()).isEqualTo(1);
    assertThat(reader.read("  ", RfmCutPoints.NONE, NOW)).isEmpty();
    assertThat(counting.takeCount()).isZero();
  }
}
