package org.tailor.server.shopper;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.persistence.ChainFixture;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import org.tailor.server.persistence.TestDatabases;

/**
 * The in-memory index of loyalty ids and identifiers: it answers as {@link ShopperService#find}
 * does, knows a newcomer, and learns the rows added at its next refresh — on H2 and on MariaDB.
 */
class ShopperIndexTest {

  @TempDir Path root;

  private DatabaseSettings settings;
  private Database database;
  private ChainFixture chain;
  private ShopperIndex index;

  private void open(DatabaseSettings databaseSettings) {
    settings = databaseSettings;
    database = Database.open(settings);
    chain = new ChainFixture(database);
    index = new ShopperIndex(database.dataSource());
  }

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
      TestDatabases.drop(settings);
    }
  }

  @Test
  void findsShoppersByLoyaltyIdAndEveryIdentifierFormAsTheDatabaseDoes() {
    open(TestDatabases.h2(root.resolve("db")));
    findsAsTheDatabaseDoes();
  }

  @Test
  void findsShoppersAsTheDatabaseDoesOnMariaDb() {
    open(TestDatabases.freshMariaDb());
    findsAsTheDatabaseDoes();
  }

  private void findsAsTheDatabaseDoes() {
    long ana = chain.shopper("L-1", "Ana", "García", "es");
    chain.identifier(ana, "card", "6001000100");
    chain.identifier(ana, "phone", "+34600111222");
    chain.identifier(ana, "email", "ana@example.com");
    long bo = chain.shopper("L-2", "Bo", "Li", "en");
    // the same value registered under two kinds: the card wins, as in ShopperService.find
    chain.identifier(bo, "phone", "777888999");
    chain.identifier(ana, "card", "777888999");

    assertThat(index.isReady()).isFalse();
    index.refresh();
    assertThat(index.isReady()).isTrue();

    assertThat(index.find("L-1")).contains(new ShopperIndex.Match(ana, Optional.empty()));
    assertThat(index.find("  L-2 ")).contains(new ShopperIndex.Match(bo, Optional.empty()));
    assertThat(index.find("6001000100")).contains(new ShopperIndex.Match(ana, Optional.of("card")));
    assertThat(index.find("+34 600 111 222"))
        .contains(new ShopperIndex.Match(ana, Optional.of("phone")));
    assertThat(index.find("Ana@Example.com"))
        .contains(new ShopperIndex.Match(ana, Optional.of("email")));
    assertThat(index.find("777888999")).contains(new ShopperIndex.Match(ana, Optional.of("card")));
    assertThat(index.find("l-1")).isEmpty(); // loyalty ids are exact, as the column's collation
    assertThat(index.find("nobody-knows-me")).isEmpty();
    assertThat(index.find(" ")).isEmpty();

    for (String typed :
        new String[] {"L-1", "6001000100", "+34 600 111 222", "Ana@Example.com", "777888999"}) {
      long expected =
          database.read(session -> ShopperService.find(session, typed).orElseThrow().getId());
      assertThat(index.find(typed).orElseThrow().shopperId()).as(typed).isEqualTo(expected);
    }
  }

  @Test
  void learnsShoppersAndIdentifiersAddedAtItsNextRefresh() {
    open(TestDatabases.h2(root.resolve("db")));
    long ana = chain.shopper("L-1", "Ana", "García", "es");
    index.refresh();
    int before = index.size();
    assertThat(index.find("L-9")).isEmpty();

    long newcomer = chain.shopper("L-9", "Noor", "Haddad", "fa");
    chain.identifier(newcomer, "card", "6001000900");
    chain.identifier(ana, "qr", "QR-ANA");
    assertThat(index.find("L-9")).isEmpty(); // not refreshed yet

    index.refresh();
    assertThat(index.find("L-9")).contains(new ShopperIndex.Match(newcomer, Optional.empty()));
    assertThat(index.find("6001000900"))
        .contains(new ShopperIndex.Match(newcomer, Optional.of("card")));
    assertThat(index.find("QR-ANA")).contains(new ShopperIndex.Match(ana, Optional.of("qr")));
    assertThat(index.size()).isEqualTo(before + 3);

    // rows read again by the next refresh (the overlap) are not counted twice
    index.refresh();
    index.refresh();
    assertThat(index.size()).isEqualTo(before + 3);
  }

  @Test
  void holdsMoreShoppersThanItsFirstTableAndFindsEveryOne() {
    open(TestDatabases.h2(root.resolve("db")));
    int shoppers = 50_000; // more than the first table of 65,536 slots holds at 60 %
    try (java.sql.Connection connection = database.dataSource().getConnection();
        java.sql.PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO shopper (loyalty_id, language, created_at, updated_at)"
                    + " VALUES (?, 'en', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")) {
      for (int i = 0; i < shoppers; i++) {
        insert.setString(1, "M-" + i);
        insert.addBatch();
      }
      insert.executeBatch();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    index.refresh();
    assertThat(index.size()).isEqualTo(shoppers);
    for (int i = 0; i < shoppers; i += 997) {
      assertThat(index.find("M-" + i)).as("M-" + i).isPresent();
    }
    assertThat(index.find("M-" + shoppers)).isEmpty();
  }
}
