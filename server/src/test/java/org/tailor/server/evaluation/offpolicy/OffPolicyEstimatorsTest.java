package org.tailor.server.evaluation.offpolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class OffPolicyEstimatorsTest {

  private static final double EPS = 1e-12;

  /**
   * Four rounds by hand: (reward, p₀, π, r̂(a), Σπr̂)
   *
   * <pre>
   *   1: (1, 0.5,  1.0, 0.4, 0.40)   w = 2
   *   2: (0, 0.5,  0.0, 0.2, 0.40)   w = 0
   *   3: (1, 0.25, 0.5, 0.3, 0.35)   w = 2
   *   4: (0, 0.25, 0.5, 0.3, 0.35)   w = 2
   * </pre>
   */
  private static final List<LoggedRound> ROUNDS =
      List.of(
          new LoggedRound(1, 0.5, 1.0, 0.4, 0.40),
          new LoggedRound(0, 0.5, 0.0, 0.2, 0.40),
          new LoggedRound(1, 0.25, 0.5, 0.3, 0.35),
          new LoggedRound(0, 0.25, 0.5, 0.3, 0.35));

  @Test
  void ipsIsTheMeanOfWeightedRewards() {
    // terms 2, 0, 2, 0: mean 1; sample variance 4/3; SE √(4/3 / 4) = 0.57735
    PolicyValueEstimate ips = OffPolicyEstimators.ips(ROUNDS);
    assertThat(ips.value()).isCloseTo(1.0, within(EPS));
    assertThat(ips.standardError()).isCloseTo(Math.sqrt(1.0 / 3), within(EPS));
    assertThat(ips.lower()).isCloseTo(1.0 - 1.959963984540054 * Math.sqrt(1.0 / 3), within(EPS));
    assertThat(ips.rounds()).isEqualTo(4);
  }

  @Test
  void selfNormalisedIpsDividesByTheSumOfWeights() {
    // Σ w r = 4, Σ w = 6: V = 2/3; delta-method SE = √(4·(1/3)² + 0 + 4·(1/3)² + 4·(2/3)²) / 6
    //                                              = √(4/9 + 4/9 + 16/9) / 6 = √(24/9) / 6
    PolicyValueEstimate snips = OffPolicyEstimators.selfNormalisedIps(ROUNDS);
    assertThat(snips.value()).isCloseTo(2.0 / 3, within(EPS));
    assertThat(snips.standardError()).isCloseTo(Math.sqrt(24.0 / 9) / 6, within(EPS));
  }

  @Test
  void directMethodAveragesTheModelledPolicyValue() {
    // (0.40 + 0.40 + 0.35 + 0.35) / 4 = 0.375
    assertThat(OffPolicyEstimators.directMethod(ROUNDS).value()).isCloseTo(0.375, within(EPS));
  }

  @Test
  void doublyRobustCorrectsTheModelWithWeightedResiduals() {
    // terms: 0.40 + 2(1 − 0.4) = 1.6; 0.40 + 0 = 0.4; 0.35 + 2(1 − 0.3) = 1.75;
    //        0.35 + 2(0 − 0.3) = −0.25; mean = 3.5 / 4 = 0.875
    PolicyValueEstimate dr = OffPolicyEstimators.doublyRobust(ROUNDS);
    assertThat(dr.value()).isCloseTo(0.875, within(EPS));
    double mean = 0.875;
    double variance =
        (Math.pow(1.6 - mean, 2)
                + Math.pow(0.4 - mean, 2)
                + Math.pow(1.75 - mean, 2)
                + Math.pow(-0.25 - mean, 2))
            / 3;
    assertThat(dr.standardError()).isCloseTo(Math.sqrt(variance / 4), within(EPS));
  }

  @Test
  void whenTheCandidateIsTheLoggingPolicyIpsIsTheLoggedMean() {
    List<LoggedRound> same =
        List.of(
            new LoggedRound(1, 0.3, 0.3, 0, 0),
            new LoggedRound(0, 0.7, 0.7, 0, 0),
            new LoggedRound(1, 0.5, 0.5, 0, 0));
    assertThat(OffPolicyEstimators.ips(same).value()).isCloseTo(2.0 / 3, within(EPS));
    assertThat(OffPolicyEstimators.selfNormalisedIps(same).value()).isCloseTo(2.0 / 3, within(EPS));
    // With a perfect-looking zero model, DR reduces to IPS.
    assertThat(OffPolicyEstimators.doublyRobust(same).value()).isCloseTo(2.0 / 3, within(EPS));
  }

  @Test
  void refusesAnEmptyLogAndImpossibleProbabilities() {
    assertThatThrownBy(() -> OffPolicyEstimators.ips(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no logged rounds");
    assertThatThrownBy(() -> new LoggedRound(1, 0, 0.5, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loggingProbability must be in (0, 1], was 0.0");
    assertThatThrownBy(() -> new LoggedRound(1, 0.5, 1.5, 0, 0))
        .hasMessageContaining("targetProbability must be in [0, 1], was 1.5");
  }

  @Test
  void snipsHasNothingToSayWhenTheCandidateNeverAgreesWithTheLog() {
    PolicyValueEstimate snips =
        OffPolicyEstimators.selfNormalisedIps(List.of(new LoggedRound(1, 0.5, 0, 0, 0)));
    assertThat(snips.value()).isNaN();
  }
}
