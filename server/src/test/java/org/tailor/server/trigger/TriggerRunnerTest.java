package org.tailor.server.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.outbox.Outbox;
import org.tailor.server.outbox.OutboxEntry;
import org.tailor.server.persistence.ChainFixture;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import org.tailor.server.persistence.TestDatabases;

class TriggerRunnerTest {

  private static final Instant NOW = Instant.parse("2026-03-14T09:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final TriggerSettings SETTINGS =
      new TriggerSettings(
          Map.of(
              TriggerKind.BIRTHDAY, "bday-5",
              TriggerKind.FIRST_PURCHASE, "bday-5",
              TriggerKind.LAPSED, "bday-5"),
          List.of("email", "sms"),
          3,
          0.3,
          60);

  @TempDir Path root;
  private Database database;
  private DatabaseSettings databaseSettings;
  private ChainFixture chain;
  private long ana;
  private long bob;

  /** The database the test runs on: embedded H2 here, MariaDB in a subclass. */
  DatabaseSettings databaseSettings() {
    return TestDatabases.h2(root.resolve("db"));
  }

  @BeforeEach
  void setUp() {
    databaseSettings = databaseSettings();
    database = Database.open(databaseSettings);
    chain = new ChainFixture(database);
    TriggerFixture.offer(
        database, "bday-5", NOW.minusSeconds(86_400), NOW.plusSeconds(30 * 86_400));
    // both born on 14 March (the fixture's birthday)
    ana = chain.shopper("L-ANA", "Ana", "García", "es");
    chain.identifier(ana, "email", "ana@example.org");
    chain.identifier(ana, "phone", "+34600111222");
    TriggerFixture.grant(database, ana, "email", NOW);
    TriggerFixture.grant(database, ana, "sms", NOW);
    bob = chain.shopper("L-BOB", "Bob", "Smith", "en");
    chain.identifier(bob, "phone", "+447700900123");
    TriggerFixture.grant(database, bob, "email", NOW); // but no email address
  }

  @AfterEach
  void tearDown() {
    database.close();
    TestDatabases.drop(databaseSettings);
  }

  @Test
  void aBirthdayFiresOnceThroughEveryChannelTheShopperPermits() {
    TriggerRunner runner =
        TriggerFixture.runner(database, SETTINGS, AliveProbabilities.NONE, CLOCK);
    TriggerReport first = runner.run(TriggerKind.BIRTHDAY, LocalDate.of(2026, 3, 14));

    assertThat(first.candidates()).isEqualTo(2);
    assertThat(first.fired()).isEqualTo(1);
    assertThat(first.noChannel())
        .isEqualTo(1); // Bob: email granted but no address, sms not granted
    assertThat(first.messages()).isEqualTo(2);
    List<OutboxEntry> messages = new Outbox(database, CLOCK).entriesOf("L-ANA");
    assertThat(messages).extracting(OutboxEntry::channel).containsExactlyInAnyOrder("email", "sms");

    TriggerReport again = runner.run(TriggerKind.BIRTHDAY, LocalDate.of(2026, 3, 14));
    assertThat(again.fired()).isZero();
    assertThat(again.alreadyFired()).isEqualTo(1);
    assertThat(new Outbox(database, CLOCK).entriesOf("L-ANA")).hasSize(2);
    assertThat(messages.get(0).messageId())
        .isIn(
            TriggerRunner.messageId("birthday:L-ANA:2026", "email"),
            TriggerRunner.messageId("birthday:L-ANA:2026", "sms"));
  }

  @Test
  void aRunOfSeveralBatchesFiresEachShopperOnceAndTheNextFindsThemDone() {
    int many = TriggerRunner.BATCH * 2 + 7;
    for (int i = 0; i < many; i++) {
      long id = chain.shopper("L-" + i, "Name" + i, "Test", i % 2 == 0 ? "es" : "en");
      chain.identifier(id, "phone", "+3460000" + String.format("%04d", i));
      TriggerFixture.grant(database, id, "sms", NOW);
    }
    TriggerRunner runner =
        TriggerFixture.runner(database, SETTINGS, AliveProbabilities.NONE, CLOCK);
    List<String> fired = new java.util.ArrayList<>();
    TriggerReport first = runner.run(TriggerKind.BIRTHDAY, LocalDate.of(2026, 3, 14), fired::add);

    assertThat(first.candidates()).isEqualTo(many + 2);
    assertThat(first.fired()).isEqualTo(many + 1); // and Ana; Bob has no channel
    assertThat(first.messages()).isEqualTo(many + 2); // Ana by email and sms
    assertThat(fired).hasSize(many + 1).doesNotHaveDuplicates().contains("birthday:L-0:2026");
    assertThat(chain.count("SELECT COUNT(*) FROM outbox_message")).isEqualTo(many + 2);
    assertThat(new Outbox(database, CLOCK).entriesOf("L-" + (many - 1)))
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.channel()).isEqualTo("sms");
              assertThat(entry.messageId())
                  .isEqualTo(TriggerRunner.messageId("birthday:L-" + (many - 1) + ":2026", "sms"));
            });

    TriggerReport again = runner.run(TriggerKind.BIRTHDAY, LocalDate.of(2026, 3, 14));
    assertThat(again.fired()).isZero();
    assertThat(again.alreadyFired()).isEqualTo(many + 1);
    assertThat(chain.count("SELECT COUNT(*) FROM outbox_message")).isEqualTo(many + 2);
  }

  @Test
  void aHouseholdMembersBirthdayGreetsTheShopperAboutThem() {
    chain.householdMember(ana, "Leo", "child"); // born 1 June
    TriggerRunner runner =
        TriggerFixture.runner(database, SETTINGS, AliveProbabilities.NONE, CLOCK);
    TriggerReport report = runner.run(TriggerKind.BIRTHDAY, LocalDate.of(2026, 6, 1));
    assertThat(report.fired()).isEqualTo(1);
    String body =
        database.read(
            session ->
                org.tailor.server.persistence.Jdbc.on(
                    session,
                    c ->
                        org.tailor.server.persistence.Jdbc.first(
                                c,
                                "SELECT body FROM outbox_message WHERE channel = 'sms'",
                                r -> r.getString(1))
                            .orElseThrow()));
    assertThat(body).contains("Hola, Ana:", "Leo cumple años pronto", "Un regalo");
  }

  @Test
  void aFirstPurchaseIsFollowedUpOnceAfterTheDelay() {
    long store = chain.store("S1");
    chain.product("TEA", "Tea", "tea");
    chain.purchase(
        store,
        "R-1",
        ana,
        Instant.parse("2026-03-11T10:00:00Z"),
        List.of(new ChainFixture.Line("TEA", 1, "2.50")));
    TriggerRunner runner =
        TriggerFixture.runner(database, SETTINGS, AliveProbabilities.NONE, CLOCK);
    assertThat(runner.run(TriggerKind.FIRST_PURCHASE, LocalDate.of(2026, 3, 13)).candidates())
        .isZero();
    assertThat(runner.run(TriggerKind.FIRST_PURCHASE, LocalDate.of(2026, 3, 14)).fired())
        .isEqualTo(1);
    assertThat(runner.run(TriggerKind.FIRST_PURCHASE, LocalDate.of(2026, 3, 15)).alreadyFired())
        .isEqualTo(1);
  }

  @Test
  void lapsedShoppersNeedALifetimeValueModel() {
    long store = chain.store("S1");
    chain.product("TEA", "Tea", "tea");
    chain.purchase(
        store,
        "R-1",
        ana,
        Instant.parse("2025-10-01T10:00:00Z"),
        List.of(new ChainFixture.Line("TEA", 1, "2.50")));
    assertThat(
            TriggerFixture.runner(database, SETTINGS, AliveProbabilities.NONE, CLOCK)
                .run(TriggerKind.LAPSED, LocalDate.of(2026, 3, 14))
                .skipped())
        .hasValueSatisfying(why -> assertThat(why).contains("P(alive)"));

    AliveProbabilities model =
        (loyaltyId, at) ->
            loyaltyId.equals("L-ANA") ? OptionalDouble.of(0.1) : OptionalDouble.empty();
    TriggerReport report =
        TriggerFixture.runner(database, SETTINGS, model, CLOCK)
            .run(TriggerKind.LAPSED, LocalDate.of(2026, 3, 14));
    assertThat(report.fired()).isEqualTo(1);
    assertThat(new Outbox(database, CLOCK).entriesOf("L-ANA")).hasSize(2);
  }

  @Test
  void aTriggerWithoutAnOfferDoesNotRun() {
    TriggerReport report =
        TriggerFixture.runner(
                database,
                new TriggerSettings(Map.of(), List.of("sms"), 3, 0.3, 60),
                AliveProbabilities.NONE,
                CLOCK)
            .run(TriggerKind.BIRTHDAY, LocalDate.of(2026, 3, 14));
    assertThat(report.skipped()).hasValueSatisfying(why -> assertThat(why).contains("offer"));
  }
}
