package org.tailor.server.coupon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.channel.receipt.ReceiptChannel;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.decision.DecisionCache;
import org.tailor.server.decision.DecisionPipeline;
import org.tailor.server.decision.DecisionSettings;
import org.tailor.server.offer.OfferCatalogueCache;
import org.tailor.server.offer.OfferDetails;
import org.tailor.server.offer.OfferService;
import org.tailor.server.offer.OfferText;
import org.tailor.server.outbox.DeliveryStatus;
import org.tailor.server.outbox.Dispatcher;
import org.tailor.server.outbox.Outbox;
import org.tailor.server.outbox.RetryPolicy;
import org.tailor.server.permission.ContactRules;
import org.tailor.server.permission.PermissionGate;
import org.tailor.server.permission.QuietHours;
import org.tailor.server.persistence.ChainFixture;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;
import org.tailor.server.plugins.ModuleBundles;
import org.tailor.server.plugins.PluginHost;
import org.tailor.server.shopper.ConsentChange;
import org.tailor.server.shopper.RfmCutPointRefresher;
import org.tailor.server.shopper.ShopperService;
import org.tailor.server.store.StoreDetails;
import org.tailor.server.store.StoreService;
import org.tailor.server.store.TerminalDetails;
import org.tailor.server.validation.InvalidInputException;
import org.tailor.server.validation.NotFoundException;

/**
 * The till asks at checkout and gets a coupon printed by the receipt bundle in a running Felix
 * framework, through the decision pipeline, the outbox and the permission gate.
 */
class TillCouponsTest {

  private static final Instant NOW = Instant.parse("2026-03-02T22:30:00Z"); // night in Madrid
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final CouponRequest CHECKOUT =
      new CouponRequest(
          "6001000100", "0042-000123", List.of(new BasketLine("TEA-1", 2, new BigDecimal("5.80"))));

  @TempDir Path root;
  private Database database;
  private PluginHost host;
  private ShopperService shoppers;
  private Outbox outbox;
  private TillCoupons coupons;

  @BeforeEach
  void setUp() throws Exception {
    database = Database.open(TestDatabases.h2(root.resolve("db")));
    StoreService stores = new StoreService(database, CLOCK);
    stores.createStore(
        new StoreDetails("S1", "High Street", Optional.empty(), Optional.empty(), "Europe/Madrid"));
    stores.createTerminal("S1", new TerminalDetails("T1", "till", "Till 1"));
    stores.createTerminal("S1", new TerminalDetails("K1", "kiosk", "Kiosk"));
    ChainFixture chain = new ChainFixture(database);
    long ana = chain.shopper("L-1", "Ana", "García", "es");
    chain.identifier(ana, "card", "6001000100");
    shoppers = new ShopperService(database, new RfmCutPointRefresher(database, CLOCK), CLOCK);
    new OfferService(database, CLOCK)
        .createOffer(
            new OfferDetails(
                "tea-10",
                "tea-10",
                "percent_off",
                Optional.of(new BigDecimal("10")),
                Optional.empty(),
                Optional.of("tea"),
                Optional.empty(),
                NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(30)),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "active",
                Map.of(
                    "en", new OfferText("10% off tea", "This week."),
                    "es", new OfferText("10 % en té", "Esta semana.")),
                List.of(),
                List.of()));

    java.nio.file.Files.createDirectories(root.resolve("config"));
    java.nio.file.Files.writeString(
        root.resolve("config/tailor.channel.receipt.cfg"), "width = 42\nheader = Tailor\n");
    host =
        new PluginHost(
            TailorSettings.of(
                Map.of(
                    "tailor.data.dir",
                    root.resolve("data").toString(),
                    "tailor.plugins.config.dir",
                    root.resolve("config").toString(),
                    // the receipt bundle under test is the module's, dropped below
                    "tailor.plugins.bundled",
                    "scoring-rules,scoring-value,scoring-history,scoring-bandit",
                    PluginHost.POLL_SETTING,
                    "50")));
    host.start();
    ModuleBundles.drop(ReceiptChannel.class, root.resolve("data/plugins"), "receipt.jar");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> host.channelPlugins().channels().contains("receipt"));

    outbox = new Outbox(database, CLOCK);
    // quiet hours hold now in Madrid, but not for a shopper standing at the till
    Dispatcher dispatcher =
        new Dispatcher(
            database,
            new PermissionGate(
                new ContactRules(Optional.of(QuietHours.parse("21:00-08:00")), List.of()),
                ZoneId.of("UTC")),
            host.channelPlugins(),
            new RetryPolicy(3, Duration.ofSeconds(30), 4.0, Duration.ofHours(1)),
            CLOCK);
    PluginHost plugins = host;
    coupons =
        new TillCoupons(
            new DecisionCache(database, Duration.ZERO, 1),
            new DecisionPipeline(
                database,
                new OfferCatalogueCache(database, CLOCK, Duration.ofSeconds(10)),
                plugins::scoringPlugins,
                DecisionSettings.defaults(),
                () -> new SplittableRandom(7)),
            dispatcher,
            CLOCK);
  }

  @AfterEach
  void tearDown() {
    host.close();
    database.close();
  }

  @Test
  void aShopperWhoAllowsReceiptCouponsGetsOnePrinted() {
    shoppers.recordConsent(
        "6001000100", new ConsentChange("receipt", "offers", "granted", "till", NOW));

    TillCoupon coupon = coupons.atCheckout("T1", CHECKOUT).orElseThrow();

    assertThat(coupon.offerCode()).isEqualTo("tea-10");
    assertThat(coupon.barcode()).isEqualTo(coupon.messageId()).startsWith("coupon-");
    assertThat(coupon.text()).contains("10 % en té", "Esta semana.", coupon.barcode());
    byte[] escPos = Base64.getDecoder().decode(coupon.escPos());
    assertThat(HexFormat.of().formatHex(escPos)).startsWith("1b401b7410").endsWith("1d564200");
    assertThat(outbox.entry(coupon.messageId()).orElseThrow().status())
        .isEqualTo(DeliveryStatus.DELIVERED);
  }

  @Test
  void aTillThatTakesPdfGetsTheCouponOnAReceiptWidePage() throws Exception {
    shoppers.recordConsent(
        "6001000100", new ConsentChange("receipt", "offers", "granted", "till", NOW));

    byte[] pdf = coupons.pdfAtCheckout("T1", CHECKOUT).orElseThrow();

    try (org.apache.pdfbox.pdmodel.PDDocument document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
      assertThat(document.getPage(0).getMediaBox().getWidth())
          .isCloseTo(CouponPdf.PAGE_WIDTH, org.assertj.core.data.Offset.offset(0.01f));
      String text = new org.apache.pdfbox.text.PDFTextStripper().getText(document);
      assertThat(text).contains("10 % en té", "Esta semana.");
      String barcode =
          outbox.entriesOf("L-1").stream()
              .filter(entry -> entry.status() == DeliveryStatus.DELIVERED)
              .findFirst()
              .orElseThrow()
              .messageId();
      assertThat(barcode).startsWith("coupon-");
      assertThat(text).contains(barcode);
    }
  }

  @Test
  void withoutAGrantNothingIsPrintedAndTheCouponIsBlocked() {
    assertThat(coupons.atCheckout("T1", CHECKOUT)).isEmpty();
    assertThat(outbox.entriesOf("L-1"))
        .singleElement()
        .satisfies(entry -> assertThat(entry.status()).isEqualTo(DeliveryStatus.BLOCKED));
  }

  @Test
  void anAnonymousShopperGetsNoCoupon() {
    assertThat(coupons.atCheckout("T1", new CouponRequest("unknown-card", "R-2", List.of())))
        .isEmpty();
  }

  @Test
  void badInputNamesTheField() {
    assertThatThrownBy(
            () ->
                coupons.atCheckout(
                    "T1",
                    new CouponRequest(
                        "6001000100", "R-3", List.of(new BasketLine("TEA-1", 0, BigDecimal.ONE)))))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.field()).isEqualTo("basket[0].quantity"));
    assertThatThrownBy(() -> coupons.atCheckout("K1", CHECKOUT))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("terminal"));
    assertThatThrownBy(() -> coupons.atCheckout("NO-SUCH-TILL", CHECKOUT))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("NO-SUCH-TILL");
  }
}
