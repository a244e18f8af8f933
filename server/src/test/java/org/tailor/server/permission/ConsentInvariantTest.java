package org.tailor.server.permission;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.tailor.plugin.DeliveryException;
import org.tailor.plugin.DeliveryReceipt;
import org.tailor.plugin.OfferMessage;
import org.tailor.server.outbox.DeliveryStatus;
import org.tailor.server.outbox.Dispatcher;
import org.tailor.server.outbox.Outbox;
import org.tailor.server.outbox.OutgoingMessage;
import org.tailor.server.outbox.RetryPolicy;
import org.tailor.server.persistence.ChainFixture;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;
import org.tailor.server.shopper.ConsentChange;
import org.tailor.server.shopper.RfmCutPointRefresher;
import org.tailor.server.shopper.ShopperService;

/**
 * The consent invariant, property-based: whatever grants, withdrawals, do-not-contact entries and
 * sends happen in whatever order — and with withdrawals racing sends on other threads — no message
 * reaches a channel unless the shopper's grant for that channel and purpose is current at the
 * moment of delivery. The channel below checks the committed consent itself, on its own database
 * connection, every time it is handed a message.
 */
class ConsentInvariantTest {

  private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final List<String> CHANNELS = List.of("sms", "push", "email");

  private static Path root;
  private static Database database;
  private static ChainFixture chain;
  private static ShopperService shoppers;
  private static Outbox outbox;
  private static CheckingChannel channel;
  private static Dispatcher dispatcher;
  private static final AtomicInteger RUN = new AtomicInteger();

  @BeforeContainer
  static void open() throws Exception {
    root = Files.createTempDirectory("consent-invariant");
    database = Database.open(TestDatabases.h2(root.resolve("db")));
    chain = new ChainFixture(database);
    shoppers = new ShopperService(database, new RfmCutPointRefresher(database, CLOCK), CLOCK);
    outbox = new Outbox(database, CLOCK);
    channel = new CheckingChannel(database);
    dispatcher =
        new Dispatcher(
            database,
            new PermissionGate(ContactRules.none(), ZoneId.of("UTC")),
            channel,
            new RetryPolicy(
                3, java.time.Duration.ofSeconds(1), 2.0, java.time.Duration.ofMinutes(1)),
            CLOCK);
  }

  @AfterContainer
  static void close() {
    database.close();
  }

  /** One step of a shopper's story. */
  sealed interface Step {}

  record Grant(int shopper, String channel) implements Step {}

  record Revoke(int shopper, String channel) implements Step {}

  record DoNotContact(int shopper) implements Step {}

  record Send(int shopper, String channel) implements Step {}

  record Dispatch() implements Step {}

  @Provide
  Arbitrary<List<Step>> stories() {
    Arbitrary<Integer> shopper = Arbitraries.integers().between(0, 2);
    Arbitrary<String> channelName = Arbitraries.of(CHANNELS);
    Arbitrary<Step> step =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, Combinators.combine(shopper, channelName).as(Grant::new)),
            net.jqwik.api.Tuple.of(2, Combinators.combine(shopper, channelName).as(Revoke::new)),
            net.jqwik.api.Tuple.of(1, shopper.map(DoNotContact::new)),
            net.jqwik.api.Tuple.of(4, Combinators.combine(shopper, channelName).as(Send::new)),
            net.jqwik.api.Tuple.of(2, Arbitraries.just(new Dispatch())));
    return step.list().ofMinSize(1).ofMaxSize(25);
  }

  @Property(tries = 40)
  void noMessageIsDeliveredWithoutACurrentGrant(@ForAll("stories") List<Step> story) {
    int run = RUN.incrementAndGet();
    List<String> loyaltyIds = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String loyaltyId = "P" + run + "-" + i;
      chain.shopper(loyaltyId, "Shopper", "Test", "en");
      loyaltyIds.add(loyaltyId);
    }
    // The model: what is granted and blocked now, and which messages wait.
    Set<String> granted = new HashSet<>();
    Set<Integer> blocked = new HashSet<>();
    Map<String, String> waiting = new HashMap<>(); // message id -> shopper/channel
    Set<String> expectedDelivered = new HashSet<>();
    int sent = 0;
    for (Step step : story) {
      if (step instanceof Grant g) {
        consent(loyaltyIds.get(g.shopper()), g.channel(), "granted");
        granted.add(g.shopper() + "/" + g.channel());
      } else if (step instanceof Revoke r) {
        consent(loyaltyIds.get(r.shopper()), r.channel(), "revoked");
        granted.remove(r.shopper() + "/" + r.channel());
      } else if (step instanceof DoNotContact d) {
        new DoNotContactList(database, CLOCK)
            .addShopper(loyaltyIds.get(d.shopper()), "complaint", "test");
        blocked.add(d.shopper());
      } else if (step instanceof Send s) {
        String id = "msg-" + run + "-" + sent++;
        outbox.enqueue(
            new OutgoingMessage(
                id,
                loyaltyIds.get(s.shopper()),
                s.channel(),
                "offers",
                s.channel().equals("email") ? "p" + run + "@example.org" : "+3460000" + run,
                "",
                "Hello",
                List.of(),
                "test"));
        waiting.put(id, s.shopper() + "/" + s.channel());
      } else {
        dispatcher.dispatchAllDue();
        expectDelivered(waiting, granted, blocked, expectedDelivered);
        waiting.clear();
      }
    }
    dispatcher.dispatchAllDue();
    expectDelivered(waiting, granted, blocked, expectedDelivered);

    assertThat(channel.violations).isEmpty();
    Set<String> delivered = new HashSet<>();
    for (String loyaltyId : loyaltyIds) {
      outbox.entriesOf(loyaltyId).stream()
          .filter(entry -> entry.status() == DeliveryStatus.DELIVERED)
          .forEach(entry -> delivered.add(entry.messageId()));
      assertThat(outbox.entriesOf(loyaltyId))
          .allSatisfy(entry -> assertThat(entry.status()).isNotEqualTo(DeliveryStatus.PENDING));
    }
    assertThat(delivered).isEqualTo(expectedDelivered);
    assertThat(channel.deliveredIds()).containsAll(delivered);
  }

  @Property(tries = 8)
  void aWithdrawalRacingTheSendsStopsEveryLaterDelivery(
      @ForAll @IntRange(min = 1, max = 8) int withdrawAfter,
      @ForAll @Size(min = 10, max = 10) List<@IntRange(min = 0, max = 1) Integer> channels)
      throws Exception {
    int run = RUN.incrementAndGet();
    String loyaltyId = "R" + run;
    chain.shopper(loyaltyId, "Racer", "Test", "en");
    consent(loyaltyId, "sms", "granted");
    consent(loyaltyId, "push", "granted");
    for (int i = 0; i < channels.size(); i++) {
      String name = channels.get(i) == 0 ? "sms" : "push";
      outbox.enqueue(
          new OutgoingMessage(
              "race-" + run + "-" + i,
              loyaltyId,
              name,
              "offers",
              "+34" + run,
              "",
              "Hi",
              List.of(),
              "test"));
    }
    CountDownLatch reached = channel.signalAfter(loyaltyId, withdrawAfter);
    Thread sender = new Thread(dispatcher::dispatchAllDue, "sender");
    sender.start();
    Thread withdrawer =
        new Thread(
            () -> {
              try {
                reached.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              consent(loyaltyId, "sms", "revoked");
              consent(loyaltyId, "push", "revoked");
            },
            "withdrawer");
    withdrawer.start();
    sender.join();
    withdrawer.join();
    dispatcher.dispatchAllDue();

    assertThat(channel.violations).isEmpty();
    long delivered =
        outbox.entriesOf(loyaltyId).stream()
            .filter(entry -> entry.status() == DeliveryStatus.DELIVERED)
            .count();
    assertThat(delivered).isGreaterThanOrEqualTo(Math.min(withdrawAfter, channels.size()));
    assertThat(outbox.entriesOf(loyaltyId))
        .allSatisfy(
            entry ->
                assertThat(entry.status()).isIn(DeliveryStatus.DELIVERED, DeliveryStatus.BLOCKED));
  }

  /**
   * Messages waiting at a dispatch go out iff granted, not blocked and not to an unconfirmed email.
   */
  private static void expectDelivered(
      Map<String, String> waiting,
      Set<String> granted,
      Set<Integer> blocked,
      Set<String> expectedDelivered) {
    for (Map.Entry<String, String> message : waiting.entrySet()) {
      String key = message.getValue();
      int shopper = Integer.parseInt(key.substring(0, key.indexOf('/')));
      if (granted.contains(key) && !blocked.contains(shopper) && !key.endsWith("/email")) {
        expectedDelivered.add(message.getKey());
      }
    }
  }

  private static void consent(String loyaltyId, String channelName, String status) {
    shoppers.recordConsent(
        loyaltyId, new ConsentChange(channelName, "offers", status, "test", Instant.now()));
  }

  /**
   * A channel that, when handed a message, reads the committed consent and do-not-contact list on a
   * connection of its own and records a violation if the grant is not current.
   */
  static final class CheckingChannel implements ChannelDelivery {

    final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final Map<String, CountDownLatch> latches = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Database database;

    CheckingChannel(Database database) {
      this.database = database;
    }

    CountDownLatch signalAfter(String loyaltyId, int deliveries) {
      CountDownLatch latch = new CountDownLatch(1);
      latches.put(loyaltyId, latch);
      counts.put(loyaltyId, new AtomicInteger(deliveries));
      return latch;
    }

    List<String> deliveredIds() {
      return List.copyOf(delivered);
    }

    @Override
    public DeliveryReceipt deliver(DeliveryPermit permit, OfferMessage message)
        throws DeliveryException {
      String loyaltyId = message.shopper().loyaltyId();
      Optional<String> status;
      long doNotContact;
      try (Connection c = database.dataSource().getConnection()) {
        status =
            query(
                c,
                "SELECT c.status FROM consent c JOIN shopper s ON s.id = c.shopper_id"
                    + " WHERE s.loyalty_id = ? AND c.channel = ? AND c.purpose = ?",
                loyaltyId,
                permit.channel(),
                message.purpose());
        doNotContact =
            Long.parseLong(
                query(
                        c,
                        "SELECT COUNT(*) FROM do_not_contact d JOIN shopper s ON s.id = d.shopper_id"
                            + " WHERE s.loyalty_id = ?",
                        loyaltyId)
                    .orElse("0"));
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      if (!status.filter("granted"::equals).isPresent() || doNotContact > 0) {
        violations.add(message.messageId() + " delivered with consent " + status);
      }
      delivered.add(message.messageId());
      AtomicInteger left = counts.get(loyaltyId);
      if (left != null && left.decrementAndGet() == 0) {
        latches.get(loyaltyId).countDown();
      }
      return new DeliveryReceipt(message.messageId(), Instant.now(), "ok");
    }

    private static Optional<String> query(Connection c, String sql, String... args)
        throws SQLException {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        for (int i = 0; i < args.length; i++) {
          s.setString(i + 1, args[i]);
        }
        try (ResultSet rows = s.executeQuery()) {
          return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
        }
      }
    }
  }
}
