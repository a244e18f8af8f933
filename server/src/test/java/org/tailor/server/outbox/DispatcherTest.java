package org.tailor.server.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.plugin.DeliveryException;
import org.tailor.plugin.DeliveryReceipt;
import org.tailor.plugin.OfferMessage;
import org.tailor.server.permission.ChannelDelivery;
import org.tailor.server.permission.ContactRules;
import org.tailor.server.permission.PermissionGate;
import org.tailor.server.persistence.ChainFixture;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
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
  private final List<String> handed = new ArrayList<>();
  private final List<DeliveryException> failures = new ArrayList<>();
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
        (permit, message) -> {
          handed.add(message.messageId());
          if (!failures.isEmpty()) {
            throw failures.remove(0);
          }
          return new DeliveryReceipt(message.messageId(), now.get(), "gw-" + handed.size());
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
}
