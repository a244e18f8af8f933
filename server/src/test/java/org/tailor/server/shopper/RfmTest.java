package org.tailor.server.shopper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.tailor.server.purchase.PurchaseTotals;

class RfmTest {

  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  /** Bounds of a population whose quintiles end at 2, 4, 6 and 8 purchases, 20…80 €, 9…3 days. */
  static final RfmCutPoints CUTS =
      new RfmCutPoints(
          NOW,
          10,
          List.of(daysAgo(9), daysAgo(7), daysAgo(5), daysAgo(3)),
          List.of(2L, 4L, 6L, 8L),
          List.of(money("20"), money("40"), money("60"), money("80")));

  static Instant daysAgo(long days) {
    return NOW.minus(days, ChronoUnit.DAYS);
  }

  static BigDecimal money(String amount) {
    return new BigDecimal(amount);
  }

  @Test
  void scoresEachMeasureByTheQuintileItFallsIn() {
    assertThat(CUTS.frequencyScore(1)).isEqualTo(1);
    assertThat(CUTS.frequencyScore(2)).isEqualTo(1);
    assertThat(CUTS.frequencyScore(3)).isEqualTo(2);
    assertThat(CUTS.frequencyScore(8)).isEqualTo(4);
    assertThat(CUTS.frequencyScore(9)).isEqualTo(5);
    assertThat(CUTS.monetaryScore(money("60.00"))).isEqualTo(3);
    assertThat(CUTS.monetaryScore(money("60.01"))).isEqualTo(4);
    assertThat(CUTS.monetaryScore(money("-5"))).isEqualTo(1);
    assertThat(CUTS.recencyScore(daysAgo(30))).isEqualTo(1);
    assertThat(CUTS.recencyScore(daysAgo(1))).isEqualTo(5);
    assertThat(CUTS.recencyScore(daysAgo(6))).isEqualTo(3);
  }

  @Test
  void tiedShoppersShareTheLowestQuintileTheySpan() {
    // Most shoppers bought once: quintiles 1 to 3 all end at 1.
    RfmCutPoints mostlyOnce =
        new RfmCutPoints(NOW, 100, List.of(), List.of(1L, 1L, 1L, 2L), List.of());

    assertThat(mostlyOnce.frequencyScore(1)).isEqualTo(1);
    assertThat(mostlyOnce.frequencyScore(2)).isEqualTo(4);
    assertThat(mostlyOnce.frequencyScore(3)).isEqualTo(5);
  }

  @Test
  void scoresEveryoneOneBeforeThePopulationIsMeasured() {
    assertThat(RfmCutPoints.NONE.frequencyScore(1000)).isEqualTo(1);
    assertThat(RfmCutPoints.NONE.monetaryScore(money("1000000"))).isEqualTo(1);
    assertThat(RfmCutPoints.NONE.recencyScore(NOW)).isEqualTo(1);
  }

  @Test
  void buildsRfmFromPurchaseTotals() {
    PurchaseTotals totals = new PurchaseTotals(Optional.of(daysAgo(4)), 5, money("75.50"));

    assertThat(Rfm.of(totals, CUTS, NOW))
        .contains(new Rfm(daysAgo(4), 4, 5, money("75.50"), 4, 3, 4));
  }

  @Test
  void hasNoRfmForShopperWhoBoughtNothing() {
    assertThat(Rfm.of(new PurchaseTotals(Optional.empty(), 0, BigDecimal.ZERO), CUTS, NOW))
        .isEmpty();
    // Only returns: nothing bought.
    assertThat(Rfm.of(new PurchaseTotals(Optional.empty(), 0, money("-12.00")), CUTS, NOW))
        .isEmpty();
  }

  @Test
  void refusesBoundsOutOfOrderOrTooMany() {
    assertThatThrownBy(() -> new RfmCutPoints(NOW, 1, List.of(), List.of(3L, 2L), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("purchaseCountBounds");
    assertThatThrownBy(
            () -> new RfmCutPoints(NOW, 1, List.of(), List.of(1L, 2L, 3L, 4L, 5L), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property
  void scoreIsBetweenOneAndFiveAndNeverFallsAsTheValueRises(
      @ForAll @LongRange(min = 0, max = 20) long purchases) {
    int score = CUTS.frequencyScore(purchases);
    assertThat(score).isBetween(1, 5);
    assertThat(CUTS.frequencyScore(purchases + 1)).isGreaterThanOrEqualTo(score);
  }
}
