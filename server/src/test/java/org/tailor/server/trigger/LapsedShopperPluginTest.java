package org.tailor.server.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.plugin.host.PurchaseHistory;
import org.tailor.scoring.value.plugin.ValueLifetimeModel;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.outbox.Outbox;
import org.tailor.server.persistence.ChainFixture;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;
import org.tailor.server.plugins.ModuleBundles;
import org.tailor.server.plugins.PluginHost;
import org.tailor.server.purchase.DatabasePurchaseHistory;

/**
 * The lapsed-shopper trigger asks the value plugin's BG/NBD model, installed as a bundle in a
 * running Felix framework, through the host's {@link PluginAliveProbabilities}. With the default
 * (CDNOW) parameters: Ana bought on three days in January 2025 and never again, P(alive) &asymp;
 * 0.02; Bob bought in June 2025 and on 1 January 2026, P(alive) &asymp; 0.7; Carl bought on one day
 * only, P(alive) 1 under BG/NBD.
 */
class LapsedShopperPluginTest {

  private static final Instant NOW = Instant.parse("2026-03-14T09:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final LocalDate TODAY = LocalDate.of(2026, 3, 14);
  private static final TriggerSettings SETTINGS =
      new TriggerSettings(Map.of(TriggerKind.LAPSED, "miss-you"), List.of("email"), 3, 0.3, 60);

  @TempDir Path root;
  private Database database;
  private PluginHost host;

  @BeforeEach
  void setUp() {
    database = Database.open(TestDatabases.h2(root.resolve("db")));
    ChainFixture chain = new ChainFixture(database);
    TriggerFixture.offer(database, "miss-you", NOW.minusSeconds(86_400), NOW.plusSeconds(86_400));
    long store = chain.store("S1");
    chain.product("TEA", "Tea", "tea");
    long ana = shopper(chain, "L-ANA", "Ana", "ana@example.org");
    long bob = shopper(chain, "L-BOB", "Bob", "bob@example.org");
    long carl = shopper(chain, "L-CARL", "Carl", "carl@example.org");
    buy(chain, store, ana, "2025-01-05", "2025-01-12", "2025-01-19");
    buy(chain, store, bob, "2025-06-01", "2026-01-01");
    buy(chain, store, carl, "2025-09-01");
    host =
        new PluginHost(
            TailorSettings.of(
                Map.of(
                    "tailor.data.dir",
                    root.resolve("data").toString(),
                    "tailor.plugins.config.dir",
                    root.resolve("config").toString(),
                    "tailor.plugins.bundled",
                    "",
                    PluginHost.POLL_SETTING,
                    "50")));
    host.registerHostService(PurchaseHistory.class, new DatabasePurchaseHistory(database));
    host.start();
  }

  @AfterEach
  void tearDown() {
    host.close();
    database.close();
  }

  @Test
  void aShopperTheValuePluginThinksHasLeftGetsExactlyOneMessage() throws Exception {
    ModuleBundles.drop(ValueLifetimeModel.class, root.resolve("data/plugins"), "value.jar");
    await().atMost(Duration.ofSeconds(60)).until(() -> host.lifetimeModels().active().isPresent());
    PluginAliveProbabilities alive = new PluginAliveProbabilities(host);
    assertThat(alive.probabilityAlive("L-ANA", NOW).orElseThrow()).isLessThan(0.3);
    assertThat(alive.probabilityAlive("L-BOB", NOW).orElseThrow()).isGreaterThan(0.3);
    assertThat(alive.probabilityAlive("L-NOBODY", NOW)).isEmpty();

    TriggerRunner runner = TriggerFixture.runner(database, SETTINGS, alive, CLOCK);
    TriggerReport first = runner.run(TriggerKind.LAPSED, TODAY);
    TriggerReport again = runner.run(TriggerKind.LAPSED, TODAY);

    assertThat(first.skipped()).isEmpty();
    assertThat(first.fired()).isEqualTo(1);
    assertThat(again.fired()).isZero();
    assertThat(again.alreadyFired()).isEqualTo(1);
    Outbox outbox = new Outbox(database, CLOCK);
    assertThat(outbox.entriesOf("L-ANA"))
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.channel()).isEqualTo("email");
              assertThat(entry.purpose()).isEqualTo("offers");
            });
    assertThat(outbox.entriesOf("L-BOB")).isEmpty();
    assertThat(outbox.entriesOf("L-CARL")).isEmpty();
  }

  @Test
  void withoutTheValuePluginNobodyHasLapsed() {
    PluginAliveProbabilities alive = new PluginAliveProbabilities(host);
    assertThat(alive.model()).isEmpty();

    TriggerReport report =
        TriggerFixture.runner(database, SETTINGS, alive, CLOCK).run(TriggerKind.LAPSED, TODAY);

    assertThat(report.skipped()).hasValueSatisfying(why -> assertThat(why).contains("P(alive)"));
    assertThat(report.messages()).isZero();
    Outbox outbox = new Outbox(database, CLOCK);
    assertThat(outbox.entriesOf("L-ANA")).isEmpty();
    assertThat(outbox.entriesOf("L-BOB")).isEmpty();
  }

  private long shopper(ChainFixture chain, String loyaltyId, String name, String email) {
    long id = chain.shopper(loyaltyId, name, "Doe", "en");
    chain.identifier(id, "email", email);
    TriggerFixture.grant(database, id, "email", NOW);
    return id;
  }

  private static void buy(ChainFixture chain, long store, long shopper, String... days) {
    for (String day : days) {
      chain.purchase(
          store,
          "R-" + shopper + "-" + day,
          shopper,
          Instant.parse(day + "T10:00:00Z"),
          List.of(new ChainFixture.Line("TEA", 1, "2.50")));
    }
  }
}
