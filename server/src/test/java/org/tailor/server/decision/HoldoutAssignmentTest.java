package org.tailor.server.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class HoldoutAssignmentTest {

  @Test
  void theSameShopperIsAlwaysOnTheSameSideOfTheSameCampaign() {
    for (int i = 0; i < 1000; i++) {
      String shopper = "L-" + i;
      boolean first = HoldoutAssignment.isHeldOut("spring", shopper, new BigDecimal("0.1"));
      assertThat(HoldoutAssignment.isHeldOut("spring", shopper, new BigDecimal("0.1")))
          .isEqualTo(first);
    }
  }

  @Test
  void theHeldOutShareMatchesTheCampaignsShareAndCampaignsDrawIndependently() {
    int n = 100_000;
    int spring = 0;
    int both = 0;
    for (int i = 0; i < n; i++) {
      String shopper = "L-" + i;
      boolean inSpring = HoldoutAssignment.isHeldOut("spring", shopper, new BigDecimal("0.2"));
      boolean inSummer = HoldoutAssignment.isHeldOut("summer", shopper, new BigDecimal("0.5"));
      spring += inSpring ? 1 : 0;
      both += inSpring && inSummer ? 1 : 0;
    }
    // SHA-256 draws are fixed: these are facts about ids L-0..L-99999, within 5 standard errors
    assertThat(spring / (double) n).isCloseTo(0.2, within(5 * Math.sqrt(0.2 * 0.8 / n)));
    assertThat(both / (double) n).isCloseTo(0.1, within(5 * Math.sqrt(0.1 * 0.9 / n)));
  }

  @Test
  void noShareHoldsOutNobodyAndAFullShareEverybody() {
    assertThat(HoldoutAssignment.isHeldOut("c", "L-1", BigDecimal.ZERO)).isFalse();
    assertThat(HoldoutAssignment.isHeldOut("c", "L-1", BigDecimal.ONE)).isTrue();
  }
}
