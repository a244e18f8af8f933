package org.tailor.scoring.value.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tailor.scoring.value.lifetime.BgNbdModel;
import org.tailor.scoring.value.lifetime.CustomerSummary;
import org.tailor.scoring.value.lifetime.GammaGammaModel;
import org.tailor.scoring.value.lifetime.LifetimeValue;

class ValueTierPolicyTest {

  private static final BgNbdModel PURCHASES = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
  private static final GammaGammaModel SPEND = new GammaGammaModel(6.25, 3.74, 15.44);
  private static final LifetimeValue ONE_YEAR = new LifetimeValue(52, 0.10, 0.30, 0);

  private static Map<ValueTier, Double> targets() {
    Map<ValueTier, Double> targets = new EnumMap<>(ValueTier.class);
    targets.put(ValueTier.MOST_VALUABLE, 5.0);
    targets.put(ValueTier.MOST_GROWABLE, 15.0);
    targets.put(ValueTier.AT_RISK, 20.0);
    targets.put(ValueTier.STEADY, 10.0);
    targets.put(ValueTier.BELOW_ZERO, 0.0);
    targets.put(ValueTier.NEWCOMER, 10.0);
    return targets;
  }

  private static final ValueTierPolicy POLICY = new ValueTierPolicy(100, 0.5, 0.3, targets());

  private static ValueTier tierOf(CustomerSummary shopper, boolean hasHistory) {
    return POLICY.assess(shopper, hasHistory, PURCHASES, SPEND, ONE_YEAR).tier();
  }

  @Test
  void eachTierHasItsShopper() {
    assertThat(tierOf(CustomerSummary.oneTimeBuyer("new", 0), false)).isEqualTo(ValueTier.NEWCOMER);
    assertThat(tierOf(new CustomerSummary("weekly", 52, 52, 52, 50), true))
        .isEqualTo(ValueTier.MOST_VALUABLE);
    assertThat(tierOf(new CustomerSummary("lapsed", 9, 1.3, 52, 20), true))
        .isEqualTo(ValueTier.AT_RISK);
    assertThat(tierOf(new CustomerSummary("small", 3, 10, 11, 8), true))
        .isEqualTo(ValueTier.MOST_GROWABLE);
    assertThat(tierOf(new CustomerSummary("returns", 4, 10, 12, -30), true))
        .isEqualTo(ValueTier.BELOW_ZERO);
    assertThat(tierOf(new CustomerSummary("big-baskets", 2, 10, 12, 60), true))
        .isEqualTo(ValueTier.STEADY);
  }

  @Test
  void aShopperSeenOnceWithoutRepeatPurchaseIsNotANewcomer() {
    ShopperValue once =
        POLICY.assess(CustomerSummary.oneTimeBuyer("once", 3), true, PURCHASES, SPEND, ONE_YEAR);
    assertThat(once.tier()).isNotEqualTo(ValueTier.NEWCOMER);
    assertThat(once.probabilityAlive()).isEqualTo(1.0);
    assertThat(once.expectedSpendPerPurchase()).isEqualTo(SPEND.populationMeanSpend());
  }

  @Test
  void aMissingOrOutOfRangeTargetIsNamed() {
    Map<ValueTier, Double> missing = targets();
    missing.remove(ValueTier.AT_RISK);
    assertThatThrownBy(() -> new ValueTierPolicy(100, 0.5, 0.3, missing))
        .hasMessage(
            "targetDiscountPercent.AT_RISK: \"null\" is not valid; expected a percentage from 0 to"
                + " 100.");
    assertThatThrownBy(() -> new ValueTierPolicy(100, 1.5, 0.3, targets()))
        .hasMessageContaining("growableFrom: \"1.5\"");
  }
}
