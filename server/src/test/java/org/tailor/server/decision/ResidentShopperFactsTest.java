package org.tailor.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tailor.server.persistence.ChainFixture;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import org.tailor.server.persistence.TestDatabases;
import org.tailor.server.shopper.ShopperIndex;

/**
 * Every shopper's decision facts held in memory: what is held is what the database reads, changes
 * made elsewhere are found by a refresh (also a row that commits after a later one), an import that
 * ended elsewhere has every shopper read again, this server's changes are seen at once and a read
 * that raced with one is not kept, and no more shoppers than the bound are held — on H2 and on
 * MariaDB.
 */
class ResidentShopperFactsTest {

  private static final Instant AT = Instant.parse("2026-11-01T10:00:00Z");

  @TempDir Path root;

  private DatabaseSettings settings;
  private Database database;
  private ChainFixture chain;
  private ShopperFactsReader reader;
  private long store;
  private long offer;

  /** The databases every behaviour is checked on. */
  enum Kind {
    H2,
    MARIADB
  }

  private void open(Kind kind) {
    open(kind == Kind.H2 ? TestDatabases.h2(root.resolve("db")) : TestDatabases.freshMariaDb());
  }

  private void open(DatabaseSettings databaseSettings) {
    settings = databaseSettings;
    database = Database.open(settings);
    chain = new ChainFixture(database);
    reader = new ShopperFactsReader(database.dataSource());
    store = chain.store("S1");
    offer =
        chain.write(
            "INSERT INTO offer (code, name, kind, valid_from, valid_until, status, version,"
                + " created_at, updated_at) VALUES ('o-1', 'Offer', 'message', ?, ?, 'active', 1,"
                + " ?, ?)",
            AT,
            AT,
            AT,
            AT);
  }

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
      TestDatabases.drop(settings);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void holdsWhatTheDatabaseReads(Kind kind) {
    open(kind);
    long ana = chain.shopper("L-1", "Ana", "García", "es");
    chain.identifier(ana, "card", "6001000100");
    chain.identifier(ana, "phone", "+34600111222");
    chain.attribute(ana, "country", "España");
    chain.attribute(ana, "tier", "gold");
    chain.preference(ana, "tea");
    chain.preference(ana, "bakery");
    consent(ana, "kiosk", "offers", "granted");
    consent(ana, "email", "offers", "revoked");
    consent(ana, "email", "news", "granted");
    redemption(ana, "m-1");
    redemption(ana, "m-2");
    long mariam = chain.shopper("L-2", "مریم", "Ahmadi", "fa");
    chain.write("UPDATE shopper SET birthday = NULL WHERE id = ?", mariam);
    long nameless = chain.shopper("L-3", null, null, "zh-TW");
    long plamen = chain.shopper("L-4", "Пламен", "Петров", "bg");
    chain.identifier(plamen, "email", "plamen@example.bg");

    ResidentShopperFacts resident = new ResidentShopperFacts(database.dataSource(), 1000);
    assertThat(resident.get(ana)).isEmpty();
    resident.loadAll();

    assertThat(resident.isLoaded()).isTrue();
    assertThat(resident.size()).isEqualTo(4);
    assertThat(resident.bytes()).isPositive();
    for (long id : List.of(ana, mariam, nameless, plamen)) {
      assertThat(resident.get(id)).as("shopper %d", id).isEqualTo(reader.read(id));
    }
    DecisionCache.ShopperFacts facts = resident.get(ana).orElseThrow().facts();
    assertThat(facts.profile().firstName()).contains("Ana");
    assertThat(facts.profile().preferredCategories()).containsExactly("bakery", "tea");
    assertThat(facts.consents("email")).containsEntry("offers", "revoked");
    assertThat(facts.redemptions()).containsEntry(offer, 2L);
    assertThat(resident.get(mariam).orElseThrow().facts().profile().birthday()).isEmpty();
    assertThat(resident.get(nameless).orElseThrow().facts().profile().firstName()).isEmpty();
    assertThat(resident.get(999_999)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void findsChangesMadeElsewhere(Kind kind) {
    open(kind);
    long ana = chain.shopper("L-1", "Ana", "García", "es");
    long bo = chain.shopper("L-2", "Bo", "Li", "en");
    long cleo = chain.shopper("L-3", "Cleo", "Dupont", "fr");
    long dan = chain.shopper("L-4", "Dan", "Ek", "en");
    ResidentShopperFacts resident = loadedAndSettled();

    // another server records a consent, a redemption, an identifier and a new shopper
    consent(ana, "kiosk", "offers", "revoked");
    redemption(bo, "m-1");
    chain.identifier(cleo, "card", "6001000300");
    long eve = chain.shopper("L-5", "Eve", "Ng", "en");
    // and changes a name in place, which no refresh looks for outside an import
    chain.write("UPDATE shopper SET first_name = 'Daniel' WHERE id = ?", dan);

    ResidentShopperFacts.RefreshResult refreshed = resident.refresh();
    assertThat(refreshed.everyone()).isFalse();
    assertThat(refreshed.shopperIds()).containsExactlyInAnyOrder(ana, bo, cleo, eve);
    assertThat(resident.get(ana).orElseThrow().facts().consents("kiosk"))
        .containsEntry("offers", "revoked");
    assertThat(resident.get(bo).orElseThrow().facts().redemptions()).containsEntry(offer, 1L);
    assertThat(resident.get(cleo).orElseThrow().identifiers()).contains("card\u00006001000300");
    assertThat(resident.get(eve).orElseThrow().facts().profile().loyaltyId()).isEqualTo("L-5");
    assertThat(resident.get(dan).orElseThrow().facts().profile().firstName()).contains("Dan");

    // a row that took its id before a later one and committed after the refresh that read it
    chain.write(
        "INSERT INTO consent_event (id, shopper_id, channel, purpose, status, source,"
            + " occurred_at, recorded_at) VALUES (30000, ?, 'kiosk', 'offers', 'granted', 't', ?,"
            + " ?)",
        bo,
        AT,
        AT);
    assertThat(resident.refresh().shopperIds()).contains(bo);
    assertThat(resident.refresh().shopperIds()).contains(bo); // the refresh before the last
    chain.write(
        "INSERT INTO consent_event (id, shopper_id, channel, purpose, status, source,"
            + " occurred_at, recorded_at) VALUES (40000, ?, 'kiosk', 'offers', 'granted', 't', ?,"
            + " ?)",
        bo,
        AT,
        AT);
    assertThat(resident.refresh().shopperIds()).containsExactly(bo);
    consent(cleo, "kiosk", "offers", "revoked", 35000);
    assertThat(resident.refresh().shopperIds()).contains(cleo);
    assertThat(resident.get(cleo).orElseThrow().facts().consents("kiosk"))
        .containsEntry("offers", "revoked");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void anImportThatEndedElsewhereHasEveryShopperReadAgain(Kind kind) {
    open(kind);
    long ana = chain.shopper("L-1", "Ana", "García", "es");
    ResidentShopperFacts resident = loadedAndSettled();

    long batch =
        chain.write(
            "INSERT INTO import_batch (source_name, content_sha256, mapping_name, started_at,"
                + " lines_read, lines_written, lines_skipped, status) VALUES ('shoppers.csv',"
                + " 'x', 'shoppers', ?, 0, 0, 0, 'running')",
            AT);
    // a shopper import rewrites rows in place and adds none of the rows a refresh looks for
    chain.write("UPDATE shopper SET first_name = 'Anna' WHERE id = ?", ana);
    chain.preference(ana, "tea");
    assertThat(resident.refresh().everyone()).isFalse();
    assertThat(resident.get(ana).orElseThrow().facts().profile().firstName()).contains("Ana");

    chain.write("UPDATE import_batch SET finished_at = ?, status = 'done' WHERE id = ?", AT, batch);
    assertThat(resident.refresh().everyone()).isTrue();
    assertThat(resident.get(ana).orElseThrow().facts().profile().firstName()).contains("Anna");
    assertThat(resident.get(ana).orElseThrow().facts().profile().preferredCategories())
        .containsExactly("tea");
    assertThat(resident.refresh().everyone()).as("an ended import counts once").isFalse();

    // one that starts and ends between two refreshes counts too
    chain.write(
        "INSERT INTO import_batch (source_name, content_sha256, mapping_name, started_at,"
            + " finished_at, lines_read, lines_written, lines_skipped, status) VALUES"
            + " ('shoppers.csv', 'y', 'shoppers', ?, ?, 0, 0, 0, 'done')",
        AT,
        AT);
    chain.write("UPDATE shopper SET first_name = 'Ani' WHERE id = ?", ana);
    assertThat(resident.refresh().everyone()).isTrue();
    assertThat(resident.get(ana).orElseThrow().facts().profile().firstName()).contains("Ani");
  }

  /**
   * An import holds its rows uncommitted while it runs, so its consent events can have ids below
   * what the refreshes already read past; once it ended, its shoppers are read again, not everyone.
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void aConsentImportThatEndedElsewhereHasItsShoppersReadAgainNotEveryone(Kind kind) {
    open(kind);
    long ana = chain.shopper("L-1", "Ana", "García", "es");
    long bo = chain.shopper("L-2", "Bo", "Li", "en");
    long cleo = chain.shopper("L-3", "Cleo", "Dupont", "fr");
    ResidentShopperFacts resident = loadedAndSettled(Duration.ZERO);

    long batch = runningImport("consents:tailor", Instant.now());
    // another server's consent commits meanwhile with a later id; two refreshes read past it
    consent(bo, "kiosk", "offers", "revoked", 50_000);
    assertThat(resident.refresh().shopperIds()).containsExactly(bo);
    assertThat(resident.refresh().shopperIds()).containsExactly(bo);
    assertThat(resident.refresh().shopperIds()).isEmpty();
    // the import's event took its id before that one and commits now, with the import's end
    consent(ana, "kiosk", "offers", "revoked", 45_000);
    assertThat(resident.refresh().shopperIds()).as("while the import runs").isEmpty();
    chain.write(
        "UPDATE import_batch SET finished_at = ?, status = 'imported' WHERE id = ?", AT, batch);

    ResidentShopperFacts.RefreshResult refreshed = resident.refresh();
    assertThat(refreshed.everyone()).isFalse();
    assertThat(refreshed.shopperIds()).contains(ana).doesNotContain(cleo);
    assertThat(resident.get(ana).orElseThrow().facts().consents("kiosk"))
        .containsEntry("offers", "revoked");
    assertThat(resident.refresh().shopperIds())
        .as("an ended import counts once")
        .doesNotContain(ana);
  }

  /**
   * An import through this server says where its rows begin before it writes them, so the refresh
   * after it reads its shoppers again, not everyone, though it ran seconds after the load — inside
   * the clock slack that makes another process's import read everyone.
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void anImportThroughThisServerJustAfterTheLoadHasItsShoppersReadAgainNotEveryone(Kind kind) {
    open(kind);
    long ana = chain.shopper("L-1", "Ana", "García", "es");
    long bo = chain.shopper("L-2", "Bo", "Li", "en");
    for (int i = 3; i <= 50; i++) {
      chain.shopper("L-" + i, "Name", "Surname", "en");
    }
    ResidentShopperFacts resident = loadedAndSettled(); // the real clock slack
    long loads = resident.loads();
    long read = resident.shoppersRead();

    long batch = runningImport("consents:tailor", Instant.now());
    resident.importWriting(batch); // as the importer does before its first row
    consent(ana, "kiosk", "offers", "revoked");
    // the refresh that runs on its own, between the import's commit and the caller's refresh
    chain.write(
        "UPDATE import_batch SET finished_at = ?, status = 'imported' WHERE id = ?", AT, batch);
    ResidentShopperFacts.RefreshResult refreshed = resident.refresh();

    assertThat(refreshed.everyone()).isFalse();
    assertThat(refreshed.shopperIds()).containsExactly(ana);
    assertThat(resident.loads()).as("times every shopper was read").isEqualTo(loads);
    assertThat(resident.shoppersRead() - read).as("shoppers read").isEqualTo(1);
    assertThat(resident.get(ana).orElseThrow().facts().consents("kiosk"))
        .containsEntry("offers", "revoked");
    assertThat(resident.get(bo)).isPresent();

    // another of this server's imports, whose event commits late, below ids read past since
    long second = runningImport("purchases:tailor", Instant.now());
    resident.importWriting(second);
    consent(bo, "kiosk", "offers", "revoked", 60_000);
    assertThat(resident.refresh().shopperIds()).contains(bo);
    assertThat(resident.refresh().shopperIds()).containsExactly(bo);
    assertThat(resident.refresh().shopperIds()).isEmpty();
    consent(ana, "email", "offers", "granted", 55_000);
    chain.write(
        "UPDATE import_batch SET finished_at = ?, status = 'imported' WHERE id = ?", AT, second);
    refreshed = resident.refresh();
    assertThat(refreshed.everyone()).isFalse();
    assertThat(refreshed.shopperIds()).containsExactlyInAnyOrder(ana, bo);
    assertThat(resident.get(ana).orElseThrow().facts().consents("email"))
        .containsEntry("offers", "granted");
    assertThat(resident.loads()).isEqualTo(loads);
  }

  /**
   * Another process's import records its start by its own clock: one that, by that clock, started
   * after the load but took its rows' ids before the load's marks and committed after the load read
   * past them is still read, because the marks looked for are a clock slack earlier.
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void anImportElsewhereThatEndsInsideTheClockSlackAfterTheLoadIsStillRead(Kind kind) {
    open(kind);
    long ana = chain.shopper("L-1", "Ana", "García", "es");
    long bo = chain.shopper("L-2", "Bo", "Li", "en");
    consent(ana, "kiosk", "offers", "granted", 100);
    consent(ana, "kiosk", "offers", "granted", 20_000);
    ResidentShopperFacts resident = loadedAndSettled(); // the real clock slack

    // its event took id 10,000 before the load (below its marks and their overlap), commits now
    long batch = runningImport("consents:tailor", Instant.now());
    consent(bo, "kiosk", "offers", "revoked", 10_000);
    assertThat(resident.refresh().shopperIds()).as("while the import runs").isEmpty();
    chain.write(
        "UPDATE import_batch SET finished_at = ?, status = 'imported' WHERE id = ?", AT, batch);

    ResidentShopperFacts.RefreshResult refreshed = resident.refresh();
    assertThat(refreshed.everyone() || refreshed.shopperIds().contains(bo)).isTrue();
    assertThat(resident.get(bo).orElseThrow().facts().consents("kiosk"))
        .containsEntry("offers", "revoked");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void importsOfStoresProductsAndHouseholdsHaveNobodyReadAgain(Kind kind) {
    open(kind);
    chain.shopper("L-1", "Ana", "García", "es");
    ResidentShopperFacts resident = loadedAndSettled(Duration.ZERO);
    for (String mapping : List.of("stores:tailor", "products:pos", "household-members:tailor")) {
      long batch = runningImport(mapping, Instant.now());
      chain.write(
          "UPDATE import_batch SET finished_at = ?, status = 'imported' WHERE id = ?", AT, batch);
      ResidentShopperFacts.RefreshResult refreshed = resident.refresh();
      assertThat(refreshed.everyone()).as(mapping).isFalse();
      assertThat(refreshed.shopperIds()).as(mapping).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void anImportThatStartedBeforeTheMarksKeptHasEveryShopperReadAgain(Kind kind) {
    open(kind);
    chain.shopper("L-1", "Ana", "García", "es");
    ResidentShopperFacts resident = loadedAndSettled(Duration.ZERO);
    // started before this server's first marks: where its rows begin is not known
    long batch = runningImport("purchases:tailor", Instant.now().minus(Duration.ofMinutes(1)));
    chain.write(
        "UPDATE import_batch SET finished_at = ?, status = 'imported' WHERE id = ?", AT, batch);
    assertThat(resident.refresh().everyone()).isTrue();
  }

  @Test
  void thisServersChangesAreSeenAtOnceAndARacingReadIsNotKept() {
    open(Kind.H2);
    long ana = chain.shopper("L-1", "Ana", "García", "es");
    long bo = chain.shopper("L-2", "Bo", "Li", "en");
    ResidentShopperFacts resident = new ResidentShopperFacts(database.dataSource(), 1000);
    resident.loadAll();

    long mark = resident.mark();
    ShopperFactsReader.Loaded before = reader.read(ana).orElseThrow();
    // the change commits and is announced while the read is on its way
    chain.write("UPDATE shopper SET first_name = 'Anna' WHERE id = ?", ana);
    resident.forget(ana);
    assertThat(resident.get(ana)).isEmpty();
    resident.keep(ana, before, mark);
    assertThat(resident.get(ana)).as("a read that raced with a change").isEmpty();

    // a read begun after the announcement is kept
    mark = resident.mark();
    resident.keep(ana, reader.read(ana).orElseThrow(), mark);
    assertThat(resident.get(ana).orElseThrow().facts().profile().firstName()).contains("Anna");
    // another shopper's change does not undo it
    mark = resident.mark();
    ShopperFactsReader.Loaded boRead = reader.read(bo).orElseThrow();
    resident.forget(ana);
    resident.keep(bo, boRead, mark);
    assertThat(resident.get(bo)).contains(boRead);

    // an import through this server: nobody is answered from memory until everyone is read again
    chain.write("UPDATE shopper SET first_name = 'Bob' WHERE id = ?", bo);
    resident.reloadAll();
    assertThat(resident.get(bo)).isEmpty();
    assertThat(resident.refresh().everyone()).isTrue();
    assertThat(resident.get(bo).orElseThrow().facts().profile().firstName()).contains("Bob");
  }

  @Test
  void holdsNoMoreShoppersThanTheBound() {
    open(Kind.H2);
    long ana = chain.shopper("L-1", "Ana", "García", "es");
    long bo = chain.shopper("L-2", "Bo", "Li", "en");
    long cleo = chain.shopper("L-3", "Cleo", "Dupont", "fr");
    ResidentShopperFacts resident = new ResidentShopperFacts(database.dataSource(), 2);
    resident.loadAll();

    assertThat(resident.size()).isEqualTo(2);
    assertThat(List.of(ana, bo, cleo).stream().filter(id -> resident.get(id).isPresent()))
        .hasSize(2);
    resident.forget(ana);
    resident.keep(cleo, reader.read(cleo).orElseThrow(), resident.mark());
    assertThat(resident.get(cleo)).isPresent();
    assertThat(resident.size()).isEqualTo(2);
  }

  @Test
  void theDecisionCacheAnswersFromMemoryAndSeesThisServersChangesAtOnce() {
    open(Kind.H2);
    long ana = chain.shopper("L-1", "Ana", "García", "es");
    chain.identifier(ana, "card", "6001000100");
    ShopperIndex index = new ShopperIndex(database.dataSource());
    index.refresh();
    ResidentShopperFacts resident = new ResidentShopperFacts(database.dataSource(), 1000);
    resident.loadAll();
    DecisionCache cache =
        new DecisionCache(
            database, Duration.ofHours(1), 1000, Optional.of(index), Optional.of(resident));

    // changed behind everyone's back: a cache that answers from memory does not see it
    chain.write("UPDATE shopper SET first_name = 'Anna' WHERE id = ?", ana);
    assertThat(cache.shopper("6001000100").orElseThrow().profile().firstName()).contains("Ana");
    // announced, as a change through this server is: seen at the next decision
    cache.shopperChanged(ana);
    assertThat(cache.shopper("L-1").orElseThrow().profile().firstName()).contains("Anna");
    assertThat(resident.get(ana).orElseThrow().facts().profile().firstName()).contains("Anna");

    // a change found by the refresh also drops the decided-for copy
    consent(ana, "kiosk", "offers", "revoked");
    cache.refreshResident();
    assertThat(cache.shopper("L-1").orElseThrow().consents("kiosk"))
        .containsEntry("offers", "revoked");
    assertThat(cache.shopper("nobody")).isEmpty();
    assertThat(Set.of(ana)).contains(cache.shopper("L-1").orElseThrow().shopperId());
  }

  /**
   * Every shopper loaded, and the first refresh after the load done: it reads again the rows that
   * took their ids shortly before the load (they may have committed after it).
   */
  private ResidentShopperFacts loadedAndSettled() {
    return loadedAndSettled(ResidentShopperFacts.CLOCK_SLACK);
  }

  private ResidentShopperFacts loadedAndSettled(Duration clockSlack) {
    ResidentShopperFacts resident =
        new ResidentShopperFacts(database.dataSource(), 1000, clockSlack);
    resident.loadAll();
    assertThat(resident.refresh().shopperIds()).as("the rows just before the load").isNotEmpty();
    assertThat(resident.refresh().shopperIds()).isEmpty();
    return resident;
  }

  /** An import another process runs: its batch row, not ended yet. */
  private long runningImport(String mapping, Instant startedAt) {
    return chain.write(
        "INSERT INTO import_batch (source_name, content_sha256, mapping_name, started_at,"
            + " lines_read, lines_written, lines_skipped, status) VALUES ('file.csv', 'x', ?, ?, 0,"
            + " 0, 0, 'running')",
        mapping,
        startedAt);
  }

  private void consent(long shopperId, String channel, String purpose, String status) {
    consent(shopperId, channel, purpose, status, 0);
  }

  /** A consent as another server records it: the current status and an event (id 0: the next). */
  private void consent(long shopperId, String channel, String purpose, String status, long id) {
    chain.write(
        "DELETE FROM consent WHERE shopper_id = ? AND channel = ? AND purpose = ?",
        shopperId,
        channel,
        purpose);
    chain.write(
        "INSERT INTO consent (shopper_id, channel, purpose, status, source, updated_at)"
            + " VALUES (?, ?, ?, ?, 'test', ?)",
        shopperId,
        channel,
        purpose,
        status,
        AT);
    if (id == 0) {
      chain.write(
          "INSERT INTO consent_event (shopper_id, channel, purpose, status, source, occurred_at,"
              + " recorded_at) VALUES (?, ?, ?, ?, 'test', ?, ?)",
          shopperId,
          channel,
          purpose,
          status,
          AT,
          AT);
    } else {
      chain.write(
          "INSERT INTO consent_event (id, shopper_id, channel, purpose, status, source,"
              + " occurred_at, recorded_at) VALUES (?, ?, ?, ?, ?, 'test', ?, ?)",
          id,
          shopperId,
          channel,
          purpose,
          status,
          AT,
          AT);
    }
  }

  private void redemption(long shopperId, String messageId) {
    chain.write(
        "INSERT INTO redemption (message_id, offer_id, shopper_id, store_id, redeemed_at,"
            + " basket_amount, discount_amount) VALUES (?, ?, ?, ?, ?, 10.00, 1.00)",
        messageId,
        offer,
        shopperId,
        store,
        AT);
  }
}
