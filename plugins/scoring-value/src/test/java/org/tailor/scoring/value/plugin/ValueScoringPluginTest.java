package org.tailor.scoring.value.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.CandidateScores;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.ShopperProfile;
import org.tailor.plugin.host.PurchaseRecord;
import org.tailor.plugin.host.PurchasedItem;
import org.tailor.scoring.value.lifetime.BgNbdModel;
import org.tailor.scoring.value.lifetime.CalibrationSummaries;
import org.tailor.scoring.value.lifetime.CustomerSummary;
import org.tailor.scoring.value.lifetime.GammaGammaModel;
import org.tailor.scoring.value.lifetime.LifetimeValue;
import org.tailor.scoring.value.tier.ShopperValue;
import org.tailor.scoring.value.tier.ValueTier;
import org.tailor.scoring.value.tier.ValueTierPolicy;

class ValueScoringPluginTest {

  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

  /** The settings' defaults, as ConfigAdmin gives them without a configuration file. */
  private static final ValueSettings DEFAULTS =
      (ValueSettings)
          Proxy.newProxyInstance(
              ValueSettings.class.getClassLoader(),
              new Class<?>[] {ValueSettings.class},
              (proxy, method, args) -> method.getDefaultValue());

  private static final List<CandidateOffer> CANDIDATES =
      List.of(
          new CandidateOffer(
              "p10",
              Optional.of("tea"),
              Optional.of(new BigDecimal("10")),
              Optional.empty(),
              Optional.empty()),
          new CandidateOffer(
              "a5",
              Optional.of("cake"),
              Optional.empty(),
              Optional.of(new BigDecimal("5.00")),
              Optional.empty()),
          new CandidateOffer(
              "none", Optional.of("coffee"), Optional.empty(), Optional.empty(), Optional.empty()));

  private static List<PurchaseRecord> purchases(int... daysAgo) {
    List<PurchaseRecord> records = new ArrayList<>();
    for (int i = 0; i < daysAgo.length; i++) {
      records.add(
          new PurchaseRecord(
              "r" + i,
              "S1",
              NOW.minusSeconds(86_400L * daysAgo[i]),
              List.of(new PurchasedItem("sku", "tea", 1, new BigDecimal(12 + 3 * i + ".40")))));
    }
    return records;
  }

  private static final Map<String, List<PurchaseRecord>> HISTORY =
      Map.of(
          "twin-1", purchases(200, 150, 90, 30, 7),
          "twin-2", purchases(200, 150, 90, 30, 7),
          "lapsed", purchases(400, 380),
          "once", purchases(20));

  private final ValueScoringPlugin plugin =
      new ValueScoringPlugin(
          (loyaltyId, limit) -> HISTORY.getOrDefault(loyaltyId, List.of()), DEFAULTS);

  private static DecisionContext context(String loyaltyId) {
    return new DecisionContext(
        Optional.of(
            new ShopperProfile(
                loyaltyId, Optional.empty(), "en", Optional.empty(), List.of(), Map.of())),
        "S1",
        Optional.empty(),
        "kiosk",
        NOW);
  }

  /**
   * The shopper's value as the models of the default settings give it, computed here without the
   * plugin's remembered values.
   */
  private static ShopperValue valueOf(String loyaltyId) {
    CalibrationSummaries calibration = new CalibrationSummaries();
    LocalDate today = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
    for (PurchaseRecord purchase : HISTORY.getOrDefault(loyaltyId, List.of())) {
      calibration.add(
          loyaltyId,
          LocalDate.ofInstant(purchase.purchasedAt(), ZoneOffset.UTC),
          purchase.lines().get(0).amount().doubleValue());
    }
    List<CustomerSummary> summaries = calibration.summarise(today);
    boolean hasHistory = !summaries.isEmpty();
    CustomerSummary summary =
        hasHistory ? summaries.get(0) : CustomerSummary.oneTimeBuyer(loyaltyId, 0);
    Map<ValueTier, Double> targets = new EnumMap<>(ValueTier.class);
    targets.put(ValueTier.MOST_VALUABLE, DEFAULTS.target_most_valuable());
    targets.put(ValueTier.MOST_GROWABLE, DEFAULTS.target_most_growable());
    targets.put(ValueTier.AT_RISK, DEFAULTS.target_at_risk());
    targets.put(ValueTier.STEADY, DEFAULTS.target_steady());
    targets.put(ValueTier.BELOW_ZERO, DEFAULTS.target_below_zero());
    targets.put(ValueTier.NEWCOMER, DEFAULTS.target_newcomer());
    return new ValueTierPolicy(
            DEFAULTS.most_valuable_from(),
            DEFAULTS.growable_from(),
            DEFAULTS.at_risk_below(),
            targets)
        .assess(
            summary,
            hasHistory,
            new BgNbdModel(
                DEFAULTS.bgnbd_r(), DEFAULTS.bgnbd_alpha(), DEFAULTS.bgnbd_a(), DEFAULTS.bgnbd_b()),
            new GammaGammaModel(
                DEFAULTS.gammagamma_p(), DEFAULTS.gammagamma_q(), DEFAULTS.gammagamma_gamma()),
            new LifetimeValue(
                DEFAULTS.horizon_weeks(),
                DEFAULTS.discount_rate(),
                DEFAULTS.margin_share(),
                DEFAULTS.cost_per_purchase()));
  }

  /** The first words of every reason, as the plugin wrote them with String.format. */
  private static String formatted(ShopperValue value) {
    return String.format(
        Locale.ROOT,
        "%s: lifetime value %.2f over %d weeks, P(alive) %.2f; discount ",
        value.tier().name().toLowerCase(Locale.ROOT).replace('_', ' '),
        value.lifetimeValue(),
        DEFAULTS.horizon_weeks(),
        value.probabilityAlive());
  }

  @Test
  void scoresAndReasonsAreThoseOfTheModelsForComputedAndRememberedValues() {
    for (String shopper : List.of("twin-1", "twin-2", "lapsed", "once", "newcomer", "twin-1")) {
      ShopperValue value = valueOf(shopper);
      double target = targetOf(value.tier());
      CandidateScores scores = plugin.scores(context(shopper), CANDIDATES);

      double[] depths = {10, Math.min(100, 100 * 5.00 / value.expectedSpendPerPurchase()), 0};
      for (int i = 0; i < depths.length; i++) {
        assertThat(scores.score(i))
            .as("%s, candidate %d", shopper, i)
            .isEqualTo(Math.max(0, 1 - Math.abs(depths[i] - target) / DEFAULTS.tolerance_points()));
        assertThat(scores.reason(i))
            .as("%s, candidate %d", shopper, i)
            .isEqualTo(
                formatted(value)
                    + String.format(Locale.ROOT, "%.0f", depths[i])
                    + "% vs "
                    + String.format(Locale.ROOT, "%.0f", target)
                    + "% for the tier");
      }
    }
  }

  private static double targetOf(ValueTier tier) {
    return switch (tier) {
      case MOST_VALUABLE -> DEFAULTS.target_most_valuable();
      case MOST_GROWABLE -> DEFAULTS.target_most_growable();
      case AT_RISK -> DEFAULTS.target_at_risk();
      case STEADY -> DEFAULTS.target_steady();
      case BELOW_ZERO -> DEFAULTS.target_below_zero();
      case NEWCOMER -> DEFAULTS.target_newcomer();
    };
  }
}
