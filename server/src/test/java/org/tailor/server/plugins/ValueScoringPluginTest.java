package org.tailor.server.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import aQute.bnd.osgi.Jar;
import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.OfferScore;
import org.tailor.plugin.ShopperProfile;
import org.tailor.plugin.host.PurchaseHistory;
import org.tailor.plugin.host.PurchaseRecord;
import org.tailor.plugin.host.PurchasedItem;
import org.tailor.scoring.value.plugin.ValueScoringPlugin;
import org.tailor.server.config.TailorSettings;

/**
 * The real {@code scoring-value} bundle, as Maven built it, dropped into a running plugin host
 * (Felix, SCR, ConfigAdmin, Metatype, FileInstall) and scoring offers from a purchase history.
 */
class ValueScoringPluginTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

  private static final List<CandidateOffer> OFFERS =
      List.of(percentOff("five", 5), percentOff("ten", 10), percentOff("twenty", 20));

  @TempDir Path root;

  private PluginHost host;
  private Path plugins;
  private Path pluginConfig;

  /** Ana buys 50.00 every week for a year; Bo bought ten days running a year ago, then stopped. */
  static final class TwoHistories implements PurchaseHistory {
    @Override
    public List<PurchaseRecord> recentPurchases(String loyaltyId, int limit) {
      List<PurchaseRecord> purchases = new ArrayList<>();
      LocalDate start = LocalDate.of(2024, 3, 1);
      if (loyaltyId.equals("ana")) {
        for (int week = 0; week < 52; week++) {
          purchases.add(receipt("A" + week, start.plusWeeks(week), "50.00"));
        }
      } else if (loyaltyId.equals("bo")) {
        for (int day = 0; day < 10; day++) {
          purchases.add(receipt("B" + day, start.plusDays(day), "20.00"));
        }
      }
      purchases.sort(Comparator.comparing(PurchaseRecord::purchasedAt).reversed());
      return purchases.subList(0, Math.min(limit, purchases.size()));
    }

    private static PurchaseRecord receipt(String number, LocalDate day, String amount) {
      return new PurchaseRecord(
          number,
          "S-01",
          day.atTime(11, 0).toInstant(ZoneOffset.UTC),
          List.of(new PurchasedItem("sku-1", "grocery/coffee", 1, new BigDecimal(amount))));
    }
  }

  @BeforeEach
  void startHost() {
    plugins = root.resolve("data/plugins");
    pluginConfig = root.resolve("config/plugins");
    host =
        new PluginHost(
            TailorSettings.of(
                Map.of(
                    "tailor.data.dir",
                    root.resolve("data").toString(),
                    "tailor.plugins.dir",
                    plugins.toString(),
                    "tailor.plugins.config.dir",
                    pluginConfig.toString(),
                    PluginHost.POLL_SETTING,
                    "50",
                    // only the jar this test drops: the value plugin also ships inside the server,
                    // and the dropped jar would update that one under the test's feet
                    BundledPlugins.SETTING,
                    "")));
    host.registerHostService(PurchaseHistory.class, new TwoHistories());
    host.start();
  }

  @AfterEach
  void stopHost() {
    host.close();
  }

  private static CandidateOffer percentOff(String code, int percent) {
    return new CandidateOffer(
        code,
        Optional.of("coffee"),
        Optional.of(BigDecimal.valueOf(percent)),
        Optional.empty(),
        Optional.empty());
  }

  private static DecisionContext contextOf(Optional<String> loyaltyId) {
    return new DecisionContext(
        loyaltyId.map(
            id ->
                new ShopperProfile(
                    id, Optional.empty(), "es", Optional.empty(), List.of(), Map.of())),
        "S-01",
        Optional.of("K-1"),
        "kiosk",
        NOW);
  }

  private Map<String, OfferScore> valueScores(Optional<String> loyaltyId) {
    return host.scoringPlugins().scoreAll(contextOf(loyaltyId), OFFERS).answers().stream()
        .filter(answer -> answer.pluginId().equals("value"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no answer from the value plugin"))
        .scores()
        .stream()
        .collect(Collectors.toMap(OfferScore::offerCode, score -> score));
  }

  /** The jar the scoring-value module built (or its classes folder, jarred with bnd). */
  private Path builtBundle() throws Exception {
    File location =
        new File(
            ValueScoringPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path staged = root.resolve("staging/org.tailor.scoring.value.jar");
    Files.createDirectories(staged.getParent());
    if (location.isFile()) {
      return Files.copy(location.toPath(), staged);
    }
    try (Jar jar = new Jar(location)) {
      jar.write(staged.toFile());
    }
    return staged;
  }

  @Test
  void scoresDiscountDepthByTheShoppersValueTier() throws Exception {
    TestBundles.drop(builtBundle(), plugins, "org.tailor.scoring.value.jar");
    await().atMost(PATIENCE).until(() -> host.scoringPlugins().ids().contains("value"));

    // Ana, a weekly big-basket shopper, is most valuable: a shallow 5 % discount suits her best.
    Map<String, OfferScore> ana = valueScores(Optional.of("ana"));
    assertThat(ana.get("five").score()).isEqualTo(1.0);
    assertThat(ana.get("five").score()).isGreaterThan(ana.get("ten").score());
    assertThat(ana.get("ten").score()).isGreaterThan(ana.get("twenty").score());
    assertThat(ana.get("five").reason()).startsWith("most valuable: lifetime value ");

    // Bo stopped buying a year ago after a burst of purchases: at risk, the deepest discount.
    Map<String, OfferScore> bo = valueScores(Optional.of("bo"));
    assertThat(bo.get("twenty").score()).isEqualTo(1.0);
    assertThat(bo.get("twenty").score()).isGreaterThan(bo.get("five").score());
    assertThat(bo.get("twenty").reason()).startsWith("at risk: ");

    // An unidentified shopper is a newcomer: 10 % by default.
    Map<String, OfferScore> newcomer = valueScores(Optional.empty());
    assertThat(newcomer.get("ten").score()).isEqualTo(1.0);
    assertThat(newcomer.get("ten").reason()).startsWith("newcomer: ");

    PluginStatus status =
        host.status().stream()
            .filter(s -> s.symbolicName().equals("org.tailor.scoring.value"))
            .findFirst()
            .orElseThrow();
    assertThat(status.state()).isEqualTo(PluginState.ACTIVE);
    assertThat(status.scoringPlugins()).containsExactly("value");
    assertThat(status.settings())
        .singleElement()
        .satisfies(
            settings -> {
              assertThat(settings.pid()).isEqualTo("org.tailor.scoring.value");
              assertThat(settings.settings())
                  .extracting(setting -> setting.id())
                  .contains("bgnbd.r", "gammagamma.gamma", "target.most.valuable");
            });
  }

  @Test
  void aCfgFileWithFittedParametersAndTargetsReconfiguresThePlugin() throws Exception {
    TestBundles.drop(builtBundle(), plugins, "org.tailor.scoring.value.jar");
    await().atMost(PATIENCE).until(() -> host.scoringPlugins().ids().contains("value"));
    assertThat(valueScores(Optional.of("ana")).get("five").score()).isEqualTo(1.0);

    // The lines "tailor clv fit" prints, plus a policy change: most valuable shoppers get 20 %.
    Files.createDirectories(pluginConfig);
    Files.writeString(
        pluginConfig.resolve("org.tailor.scoring.value.cfg"),
        "bgnbd.r = 0.2425945\nbgnbd.alpha = 4.4136019\nbgnbd.a = 0.7929199\n"
            + "bgnbd.b = 2.4258881\ntarget.most.valuable = 20\n");

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              Map<String, OfferScore> ana = valueScores(Optional.of("ana"));
              assertThat(ana.get("twenty").score()).isEqualTo(1.0);
              assertThat(ana.get("five").score()).isLessThan(1.0);
            });
  }
}
