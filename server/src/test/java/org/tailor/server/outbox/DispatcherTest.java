package org.tailor.server.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.plugin.DeliveryException;
import org.tailor.plugin.DeliveryReceipt;
import org.tailor.plugin.OfferMessage;
import org.tailor.plugin.Printout;
import org.tailor.plugin.ShopperProfile;
import org.tailor.server.permission.ChannelDelivery;
import org.tailor.server.permission.ContactRules;
import org.tailor.server.permission.DeliveryPermit;
import org.tailor.server.permission.FrequencyCap;
import org.tailor.server.permission.PermissionGate;
import org.tailor.server.persistence.ChainFixture;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import org.tailor.server.persistence.Jdbc;
import org.tailor.server.persistence.TestDatabases;
import org.tailor.server.shopper.ConsentChange;
import org.tailor.server.shopper.RfmCutPointRefresher;
import org.tailor.server.shopper.ShopperService;

/** The outbox and dispatcher on a real database, with a channel that fails as told. */
class DispatcherTest {

  private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

  @TempDir Path root;
  private Database database;
  private DatabaseSettings databaseSettings;
  private final AtomicReference<Instant> now = new AtomicReference<>(START);
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };
  private final List<String> handed = new CopyOnWriteArrayList<>();
  private final List<DeliveryException> failures = new CopyOnWriteArrayList<>();
  private final Map<String, RuntimeException> crashes = new ConcurrentHashMap<>();
  private final List<OfferMessage> printed = new CopyOnWriteArrayList<>();
  private Outbox outbox;
  private Dispatcher dispatcher;

  /** The database the test runs on: embedded H2 here, MariaDB in a subclass. */
  DatabaseSettings databaseSettings() {
    return TestDatabases.h2(root.resolve("db"));
  }

  @BeforeEach
  void setUp() {
    databaseSettings = databaseSettings();
    database = Database.open(databaseSettings);
    new ChainFixture(database).shopper("L-1", "Ana", "García", "es");
    new ShopperService(database, new RfmCutPointRefresher(database, clock), clock)
        .recordConsent("L-1", new ConsentChange("sms", "offers", "granted", "test", START));
    ChannelDelivery channel =
        new ChannelDelivery() {
          @Override
          public DeliveryReceipt deliver(DeliveryPermit permit, OfferMessage message)
              throws DeliveryException {
            handed.add(message.messageId());
            RuntimeException crash = crashes.remove(message.messageId());
            if (crash != null) {
              throw crash;
            }
            if (!failures.isEmpty()) {
              throw failures.remove(0);
            }
            return new DeliveryReceipt(message.messageId(), now.get(), "gw-" + handed.size());
          }

          @Override
          public Printout print(DeliveryPermit permit, OfferMessage message) {
            printed.add(message);
            return new Printout(
                message.messageId(), message.body(), message.messageId(), new byte[0]);
          }
        };
    outbox = new Outbox(database, clock);
    dispatcher =
        new Dispatcher(
            database,
            new PermissionGate(ContactRules.none(), ZoneId.of("UTC")),
            channel,
            new RetryPolicy(3, Duration.ofSeconds(30), 4.0, Duration.ofHours(1)),
            clock);
  }

  @AfterEach
  void tearDown() {
    database.close();
    TestDatabases.drop(databaseSettings);
  }

  private static OutgoingMessage sms(String id) {
    return new OutgoingMessage(
        id, "L-1", "sms", "offers", "+34600111222", "", "Hola Ana", List.of(), "test");
  }

  @Test
  void aMessageIsWrittenOnceAndDeliveredOnce() {
    assertThat(outbox.enqueue(sms("m-1"))).isTrue();
    assertThat(outbox.enqueue(sms("m-1"))).isFalse();

    assertThat(dispatcher.dispatchAllDue().delivered()).isEqualTo(1);
    assertThat(dispatcher.dispatchAllDue().handled()).isZero();
    assertThat(dispatcher.dispatch("m-1").handled()).isZero();

    assertThat(handed).containsExactly("m-1");
    OutboxEntry entry = outbox.entry("m-1").orElseThrow();
    assertThat(entry.status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(entry.externalReference()).contains("gw-1");
    assertThat(entry.attempts()).isEqualTo(1);
  }

  @Test
  void manyMessagesAreWrittenAtOnceEachIdOnce() {
    assertThat(outbox.enqueue(sms("m-10"))).isTrue();
    List<OutgoingMessage> batch = new ArrayList<>();
    batch.add(sms("m-10")); // already there
    for (int i = 11; i < 11 + 600; i++) { // more than one IN list
      batch.add(sms("m-" + i));
    }
    batch.add(sms("m-11")); // twice in the list
    batch.add(
        new OutgoingMessage(
            "m-rest", " L-1 ", "sms", "offers", "+34600111222", "", "Hola", List.of(), "test"));

    assertThat(outbox.enqueueAll(batch)).isEqualTo(601);
    assertThat(outbox.enqueueAll(batch)).isZero();

    assertThat(outbox.entriesOf("L-1")).hasSize(602);
    assertThat(outbox.entry("m-610").orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(dispatcher.dispatchAllDue().delivered()).isEqualTo(602);
    assertThat(handed).hasSize(602).doesNotHaveDuplicates();
  }

  @Test
  void manyMessagesWithAnUnknownShopperWriteNone() {
    List<OutgoingMessage> batch =
        List.of(
            sms("m-20"),
            new OutgoingMessage(
                "m-21", "L-NOBODY", "sms", "offers", "+34600999999", "", "Hola", List.of(), "t"));

    assertThatThrownBy(() -> outbox.enqueueAll(batch)).hasMessageContaining("L-NOBODY");
    assertThat(outbox.entry("m-20")).isEmpty();
  }

  @Test
  void aRetryableFailureIsTriedAgainAfterAGrowingBackOff() {
    outbox.enqueue(sms("m-2"));
    failures.add(new DeliveryException("gateway busy", true, null));
    failures.add(new DeliveryException("gateway busy", true, null));

    assertThat(dispatcher.dispatchAllDue().retried()).isEqualTo(1);
    OutboxEntry first = outbox.entry("m-2").orElseThrow();
    assertThat(first.status()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(first.nextAttemptAt()).isEqualTo(START.plusSeconds(30));
    assertThat(first.lastError()).contains("gateway busy");

    assertThat(dispatcher.dispatchAllDue().handled()).isZero(); // not due yet
    now.set(START.plusSeconds(30));
    assertThat(dispatcher.dispatchAllDue().retried()).isEqualTo(1);
    assertThat(outbox.entry("m-2").orElseThrow().nextAttemptAt())
        .isEqualTo(START.plusSeconds(30 + 120));

    now.set(START.plusSeconds(150));
    assertThat(dispatcher.dispatchAllDue().delivered()).isEqualTo(1);
    assertThat(handed).containsExactly("m-2", "m-2", "m-2");
  }

  @Test
  void tooManyFailuresOrAPermanentOneMakeADeadLetter() {
    outbox.enqueue(sms("m-3"));
    outbox.enqueue(sms("m-4"));
    for (int i = 0; i < 3; i++) {
      failures.add(new DeliveryException("gateway down", true, null));
    }
    failures.add(new DeliveryException("number unknown", false, null));
    for (int i = 0; i < 3; i++) {
      dispatcher.dispatch("m-3");
      now.set(now.get().plus(Duration.ofHours(1)));
    }
    dispatcher.dispatch("m-4");

    assertThat(outbox.entry("m-3").orElseThrow().status()).isEqualTo(DeliveryStatus.DEAD);
    assertThat(outbox.entry("m-3").orElseThrow().attempts()).isEqualTo(3);
    assertThat(outbox.entry("m-4").orElseThrow().status()).isEqualTo(DeliveryStatus.DEAD);
    assertThat(outbox.deadLetters(10))
        .extracting(OutboxEntry::messageId)
        .containsExactlyInAnyOrder("m-3", "m-4");
  }

  @Test
  void aMessageWithoutConsentIsBlockedAndNeverHandedOver() {
    outbox.enqueue(
        new OutgoingMessage(
            "m-5", "L-1", "email", "offers", "ana@example.org", "Hi", "Hola", List.of(), "test"));
    assertThat(dispatcher.dispatchAllDue().blocked()).isEqualTo(1);
    assertThat(handed).isEmpty();
    assertThat(outbox.entry("m-5").orElseThrow().lastError()).contains("NO_CONSENT");
  }

  @Test
  void theChannelSeesTheShopperAndTheRenderedText() {
    List<OfferMessage> seen = new ArrayList<>();
    Dispatcher recording =
        new Dispatcher(
            database,
            new PermissionGate(ContactRules.none(), ZoneId.of("UTC")),
            (permit, message) -> {
              seen.add(message);
              return new DeliveryReceipt(message.messageId(), now.get(), "");
            },
            new RetryPolicy(3, Duration.ofSeconds(30), 4.0, Duration.ofHours(1)),
            clock);
    outbox.enqueue(sms("m-6"));
    recording.dispatchAllDue();
    assertThat(seen)
        .singleElement()
        .satisfies(
            message -> {
              assertThat(message.shopper().firstName()).contains("Ana");
              assertThat(message.body()).isEqualTo("Hola Ana");
              assertThat(message.address()).isEqualTo("+34600111222");
            });
  }

  @Test
  void dispatchersRunningAtOnceHandEachMessageOverOnce() throws Exception {
    int messages = 3 * Dispatcher.BATCH + 7;
    for (int i = 0; i < messages; i++) {
      outbox.enqueue(sms("p-" + i));
    }
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try {
      List<Future<DispatchSummary>> passes = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        passes.add(threads.submit(dispatcher::dispatchAllDue));
      }
      int delivered = 0;
      for (Future<DispatchSummary> pass : passes) {
        delivered += pass.get().delivered();
      }
      assertThat(delivered).isEqualTo(messages);
    } finally {
      threads.shutdownNow();
    }
    assertThat(handed).hasSize(messages).doesNotHaveDuplicates();
    assertThat(outbox.entriesOf("L-1"))
        .hasSize(messages)
        .allSatisfy(entry -> assertThat(entry.status()).isEqualTo(DeliveryStatus.DELIVERED));
  }

  @Test
  void aChannelThatThrowsKeepsTheDeliveriesBeforeItAndLeavesTheRestPending() {
    for (int i = 0; i < 5; i++) {
      outbox.enqueue(sms("c-" + i));
    }
    crashes.put("c-2", new IllegalStateException("plugin bug"));

    assertThatThrownBy(() -> dispatcher.dispatchDue(10)).hasMessage("plugin bug");
    assertThat(handed).containsExactly("c-0", "c-1", "c-2");
    assertThat(outbox.entry("c-0").orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(outbox.entry("c-1").orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);
    for (String pending : List.of("c-2", "c-3", "c-4")) {
      OutboxEntry entry = outbox.entry(pending).orElseThrow();
      assertThat(entry.status()).isEqualTo(DeliveryStatus.PENDING);
      assertThat(entry.attempts()).isZero();
    }

    assertThat(dispatcher.dispatchAllDue().delivered()).isEqualTo(3);
    assertThat(handed).containsExactly("c-0", "c-1", "c-2", "c-2", "c-3", "c-4");
  }

  @Test
  void aFrequencyCapCountsTheDeliveriesOfTheSameBatch() {
    Dispatcher capped =
        new Dispatcher(
            database,
            new PermissionGate(
                new ContactRules(
                    Optional.empty(), List.of(new FrequencyCap("sms", Duration.ofDays(1), 2))),
                ZoneId.of("UTC")),
            (permit, message) -> {
              handed.add(message.messageId());
              return new DeliveryReceipt(message.messageId(), now.get(), "");
            },
            new RetryPolicy(3, Duration.ofSeconds(30), 4.0, Duration.ofHours(1)),
            clock);
    for (int i = 0; i < 4; i++) {
      outbox.enqueue(sms("f-" + i));
    }

    DispatchSummary pass = capped.dispatchDue(10);

    assertThat(pass.delivered()).isEqualTo(2);
    assertThat(pass.deferred()).isEqualTo(2);
    assertThat(handed).containsExactly("f-0", "f-1");
    OutboxEntry deferred = outbox.entry("f-2").orElseThrow();
    assertThat(deferred.status()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(deferred.lastError()).contains("FREQUENCY_CAP");
    assertThat(deferred.nextAttemptAt()).isEqualTo(START.plus(Duration.ofDays(1)));
  }

  private OutgoingMessage coupon(String id, String address, String subject) {
    return new OutgoingMessage(
        id, "L-1", "receipt", "offers", address, subject, "Hola Ana", List.of("SPRING"), "test");
  }

  private void grantReceipt() {
    new ShopperService(database, new RfmCutPointRefresher(database, clock), clock)
        .recordConsent("L-1", new ConsentChange("receipt", "offers", "granted", "test", START));
  }

  /** The coupon is not read back after it is written: the channel must see it as it was stored. */
  @Test
  void aCouponWrittenAndPrintedInOneTransactionIsHandedOverAsStored() {
    grantReceipt();
    OutgoingMessage coupon = coupon("coupon-1", "till-1", "S".repeat(600));

    assertThat(dispatcher.enqueueAndPrint(coupon)).isPresent();
    assertThat(dispatcher.enqueueAndPrint(coupon)).isEmpty();

    String stored =
        database.read(
            session ->
                Jdbc.on(
                    session,
                    c ->
                        Jdbc.first(
                                c,
                                "SELECT subject FROM outbox_message WHERE message_id = ?",
                                row -> row.getString(1),
                                "coupon-1")
                            .orElseThrow()));
    assertThat(printed).singleElement().extracting(OfferMessage::subject).isEqualTo(stored);
    assertThat(stored).hasSize(500).endsWith("…");
    assertThat(printed.get(0).shopper().loyaltyId()).isEqualTo("L-1");
    OutboxEntry entry = outbox.entry("coupon-1").orElseThrow();
    assertThat(entry.status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(entry.attempts()).isEqualTo(1);
    assertThat(entry.nextAttemptAt()).isEqualTo(START);
  }

  /**
   * A coupon whose row the database refuses (an address longer than its column) fails after the
   * shopper was locked: nothing of it stays, the lock goes with the rollback (a consent change gets
   * through) and the next coupon on the pool's connections prints.
   */
  @Test
  void aCouponThatCannotBeWrittenLeavesNothingAndTheNextOnePrints() {
    grantReceipt();

    assertThatThrownBy(() -> dispatcher.enqueueAndPrint(coupon("coupon-bad", "t".repeat(300), "")))
        .isInstanceOf(IllegalStateException.class);

    assertThat(outbox.entry("coupon-bad")).isEmpty();
    new ShopperService(database, new RfmCutPointRefresher(database, clock), clock)
        .recordConsent("L-1", new ConsentChange("sms", "offers", "revoked", "test", START));
    for (int i = 0; i < 5; i++) {
      assertThat(dispatcher.enqueueAndPrint(coupon("coupon-" + i, "till-1", ""))).isPresent();
    }
    assertThat(printed).hasSize(5);
  }

  /**
   * A till's coupon comes with the profile its decision was made with: the channel is handed that
   * one, not one read again; a profile of another shopper is refused before anything is written.
   */
  @Test
  void aCouponPrintsWithTheProfileItsDecisionHadAndRefusesAnotherShoppers() {
    grantReceipt();
    ShopperProfile decided =
        new ShopperProfile(
            "L-1", Optional.of("Anita"), "es", Optional.empty(), List.of("tea"), Map.of());

    assertThat(dispatcher.enqueueAndPrint(coupon("coupon-1", "till-1", ""), decided)).isPresent();
    assertThat(printed).singleElement().extracting(OfferMessage::shopper).isEqualTo(decided);

    ShopperProfile stranger =
        new ShopperProfile("L-2", Optional.empty(), "es", Optional.empty(), List.of(), Map.of());
    assertThatThrownBy(() -> dispatcher.enqueueAndPrint(coupon("coupon-2", "till-1", ""), stranger))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("L-2")
        .hasMessageContaining("coupon-2");
    assertThat(outbox.entry("coupon-2")).isEmpty();
  }
}
