package org.tailor.server.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.channel.email.EmailChannel;
import org.tailor.channel.receipt.ReceiptChannel;
import org.tailor.channel.webhook.WebhookChannel;
import org.tailor.plugin.Printout;
import org.tailor.plugin.host.MessageLinks;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.outbox.DeliveryStatus;
import org.tailor.server.outbox.Dispatcher;
import org.tailor.server.outbox.Outbox;
import org.tailor.server.outbox.OutgoingMessage;
import org.tailor.server.outbox.RetryPolicy;
import org.tailor.server.permission.ContactRules;
import org.tailor.server.permission.EmailOptIn;
import org.tailor.server.permission.PermissionGate;
import org.tailor.server.persistence.ChainFixture;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import org.tailor.server.persistence.TestDatabases;
import org.tailor.server.shopper.ConsentChange;
import org.tailor.server.shopper.RfmCutPointRefresher;
import org.tailor.server.shopper.ShopperService;
import org.tailor.server.validation.NotFoundException;

/**
 * The project's channel bundles installed in a running Felix framework, configured from config
 * files, delivering through the host's permission gate and outbox: email to GreenMail (a real SMTP
 * server), the webhook to a real HTTP server, the receipt coupon printed.
 */
class ChannelBundlesTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP);

  @TempDir Path root;
  private PluginHost host;
  private Database database;
  private HttpServer gateway;
  private final List<String> posted = new CopyOnWriteArrayList<>();
  private Outbox outbox;
  private Dispatcher dispatcher;
  private DatabaseSettings databaseSettings;

  /** The database the test runs on: embedded H2 here, MariaDB in a subclass. */
  DatabaseSettings databaseSettings() {
    return TestDatabases.h2(root.resolve("db"));
  }

  @BeforeEach
  void start() throws Exception {
    gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    gateway.createContext(
        "/sms",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            posted.add(
                exchange.getRequestHeaders().getFirst("Tailor-Signature")
                    + " "
                    + new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
          exchange.sendResponseHeaders(202, -1);
          exchange.close();
        });
    gateway.start();

    Path config = root.resolve("config");
    Files.createDirectories(config);
    Files.writeString(
        config.resolve("tailor.channel.email.cfg"),
        "smtp.host = 127.0.0.1\nsmtp.port = "
            + SMTP.getSmtp().getPort()
            + "\nfrom = offers@shop.example\n");
    Files.writeString(
        config.resolve("tailor.channel.webhook.cfg"),
        "channel = sms\nurl = http://127.0.0.1:"
            + gateway.getAddress().getPort()
            + "/sms\nsecret = s3cret\nbackoff.ms = 1\n");
    Files.writeString(
        config.resolve("tailor.channel.receipt.cfg"), "width = 32\nheader = Tailor\n");

    host =
        new PluginHost(
            TailorSettings.of(
                Map.of(
                    "tailor.data.dir",
                    root.resolve("data").toString(),
                    "tailor.plugins.config.dir",
                    config.toString(),
                    // the channel bundles under test are the modules', dropped below
                    "tailor.plugins.bundled",
                    "",
                    PluginHost.POLL_SETTING,
                    "50")));
    host.registerHostService(
        MessageLinks.class,
        (loyaltyId, channel, purpose) ->
            URI.create("https://offers.example.org/links/unsubscribe?token=" + loyaltyId));
    host.start();
    Path plugins = root.resolve("data/plugins");
    ModuleBundles.drop(EmailChannel.class, plugins, "channel-email.jar");
    ModuleBundles.drop(WebhookChannel.class, plugins, "channel-webhook.jar");
    ModuleBundles.drop(ReceiptChannel.class, plugins, "channel-receipt.jar");
    await()
        .atMost(PATIENCE)
        .until(
            () -> host.channelPlugins().channels().containsAll(List.of("email", "sms", "receipt")));

    databaseSettings = databaseSettings();
    database = Database.open(databaseSettings);
    ChainFixture chain = new ChainFixture(database);
    chain.shopper("L-1", "Ana", "García", "es");
    ShopperService shoppers =
        new ShopperService(database, new RfmCutPointRefresher(database, CLOCK), CLOCK);
    for (String channel : List.of("email", "sms", "receipt")) {
      shoppers.recordConsent("L-1", new ConsentChange(channel, "offers", "granted", "test", NOW));
    }
    EmailOptIn optIn = new EmailOptIn(database, shoppers, Duration.ofDays(3), CLOCK);
    optIn.confirm(optIn.request("L-1", "ana@example.org").token());
    outbox = new Outbox(database, CLOCK);
    dispatcher =
        new Dispatcher(
            database,
            new PermissionGate(ContactRules.none(), ZoneId.of("UTC")),
            host.channelPlugins(),
            new RetryPolicy(3, Duration.ofSeconds(30), 4.0, Duration.ofHours(1)),
            CLOCK);
  }

  @AfterEach
  void stop() {
    if (host != null) {
      host.close();
    }
    if (database != null) {
      database.close();
      TestDatabases.drop(databaseSettings);
    }
    gateway.stop(0);
  }

  private static OutgoingMessage message(String id, String channel, String address) {
    return new OutgoingMessage(
        id,
        "L-1",
        channel,
        "offers",
        address,
        "Un regalo para ti",
        "Hola Ana, 5,00 € de descuento.",
        List.of(),
        "test");
  }

  @Test
  void theEmailBundleDeliversToAnSmtpServerWithUnsubscribeHeaders() throws Exception {
    outbox.enqueue(message("m-email", "email", "ana@example.org"));
    dispatcher.dispatchAllDue();

    assertThat(outbox.entry("m-email").orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);
    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(received[0].getSubject()).isEqualTo("Un regalo para ti");
    assertThat(received[0].getHeader("List-Unsubscribe"))
        .containsExactly("<https://offers.example.org/links/unsubscribe?token=L-1>");
    assertThat(received[0].getHeader("List-Unsubscribe-Post"))
        .containsExactly("List-Unsubscribe=One-Click");
  }

  @Test
  void theWebhookBundlePostsSignedJson() {
    outbox.enqueue(message("m-sms", "sms", "+34600111222"));
    dispatcher.dispatchAllDue();

    assertThat(outbox.entry("m-sms").orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(posted)
        .singleElement()
        .satisfies(
            request -> {
              assertThat(request).startsWith("t=").contains(",v1=", "\"messageId\":\"m-sms\"");
            });
  }

  @Test
  void theReceiptBundlePrintsACouponThroughTheGate() {
    outbox.enqueue(message("coupon-1", "receipt", "till-1"));
    Printout printout = dispatcher.printNow("coupon-1").orElseThrow();

    assertThat(printout.barcodeValue()).isEqualTo("coupon-1");
    assertThat(printout.text()).contains("Un regalo para ti", "Hola Ana, 5,00 € de descuento.");
    assertThat(HexFormat.of().formatHex(printout.escPos()))
        .startsWith("1b401b7410")
        .endsWith("1d564200");
    assertThat(outbox.entry("coupon-1").orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);
  }

  @Test
  void aCouponWrittenAndPrintedInOneTransactionIsStoredOnceAndAnUnknownShopperLeavesNothing() {
    Printout printout =
        dispatcher.enqueueAndPrint(message("coupon-2", "receipt", "till-1")).orElseThrow();

    assertThat(printout.barcodeValue()).isEqualTo("coupon-2");
    assertThat(outbox.entry("coupon-2").orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);
    // the same message again: not written twice, not printed twice
    assertThat(dispatcher.enqueueAndPrint(message("coupon-2", "receipt", "till-1"))).isEmpty();
    assertThat(outbox.entriesOf("L-1"))
        .filteredOn(entry -> entry.messageId().equals("coupon-2"))
        .hasSize(1);

    OutgoingMessage stranger =
        new OutgoingMessage(
            "coupon-3",
            "no-such-card",
            "receipt",
            "offers",
            "till-1",
            "Un regalo para ti",
            "Hola",
            List.of(),
            "test");
    assertThatThrownBy(() -> dispatcher.enqueueAndPrint(stranger))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no-such-card");
    assertThat(outbox.entry("coupon-3")).isEmpty();
  }

  /**
   * Four tills print coupons for the same shopper at once, each written and printed in one
   * transaction: every one is printed and stored once, none fails on a lock (the outbox insert's
   * foreign-key check and the gate's lock of the shopper must not deadlock).
   */
  @Test
  void couponsForOneShopperAtFourTillsAtOnceAreAllPrinted() throws Exception {
    int tills = 4;
    int each = 15;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(tills);
    try {
      List<java.util.concurrent.Future<Integer>> printed = new java.util.ArrayList<>();
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      for (int t = 0; t < tills; t++) {
        int till = t;
        printed.add(
            pool.submit(
                () -> {
                  start.await();
                  int n = 0;
                  for (int i = 0; i < each; i++) {
                    String id = "coupon-t" + till + "-" + i;
                    if (dispatcher
                        .enqueueAndPrint(message(id, "receipt", "till-" + till))
                        .isPresent()) {
                      n++;
                    }
                  }
                  return n;
                }));
      }
      start.countDown();
      int total = 0;
      for (java.util.concurrent.Future<Integer> count : printed) {
        total += count.get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      }
      assertThat(total).isEqualTo(tills * each);
    } finally {
      pool.shutdownNow();
    }
    assertThat(outbox.entriesOf("L-1"))
        .filteredOn(entry -> entry.messageId().startsWith("coupon-t"))
        .hasSize(tills * each)
        .allSatisfy(entry -> assertThat(entry.status()).isEqualTo(DeliveryStatus.DELIVERED));
  }

  @Test
  void withoutConsentNoBundleIsHandedAnything() {
    new ShopperService(database, new RfmCutPointRefresher(database, CLOCK), CLOCK)
        .recordConsent(
            "L-1", new ConsentChange("sms", "offers", "revoked", "test", NOW.plusSeconds(1)));
    outbox.enqueue(message("m-sms-2", "sms", "+34600111222"));
    dispatcher.dispatchAllDue();
    assertThat(outbox.entry("m-sms-2").orElseThrow().status()).isEqualTo(DeliveryStatus.BLOCKED);
    assertThat(posted).isEmpty();
  }
}
