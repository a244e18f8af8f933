package org.tailor.scoring.bandit.linucb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinUcbArmTest {

  private static final double EPS = 1e-12;

  @Test
  void updatesAandBAndTheBoundByHand() {
    // d = 2, x = (1, 1) shown once and redeemed:
    // A = I + x xᵀ = [[2, 1], [1, 2]], A⁻¹ = (1/3)[[2, −1], [−1, 2]], b = (1, 1),
    // θ = A⁻¹ b = (1/3, 1/3), θᵀx = 2/3, xᵀA⁻¹x = 2/3, UCB(α = 1) = 2/3 + √(2/3).
    LinUcbArm arm = new LinUcbArm(2);
    int[] x = {0, 1};
    arm.shown(x);
    arm.rewarded(x);
    assertThat(arm.a()).containsExactly(2, 1, 1, 2);
    double[] inverse = arm.aInverse();
    assertThat(inverse[0]).isCloseTo(2.0 / 3, within(EPS));
    assertThat(inverse[1]).isCloseTo(-1.0 / 3, within(EPS));
    assertThat(inverse[2]).isCloseTo(-1.0 / 3, within(EPS));
    assertThat(inverse[3]).isCloseTo(2.0 / 3, within(EPS));
    assertThat(arm.b()).containsExactly(1, 1);
    assertThat(arm.theta()[0]).isCloseTo(1.0 / 3, within(EPS));
    assertThat(arm.expectedReward(x)).isCloseTo(2.0 / 3, within(EPS));
    assertThat(arm.width(x)).isCloseTo(Math.sqrt(2.0 / 3), within(EPS));
    assertThat(arm.upperConfidenceBound(x, 1.0))
        .isCloseTo(2.0 / 3 + Math.sqrt(2.0 / 3), within(EPS));
    // x' = (1, 0): θᵀx' = 1/3, x'ᵀA⁻¹x' = 2/3; with α = 0.5: 1/3 + 0.5·√(2/3).
    assertThat(arm.upperConfidenceBound(new int[] {0}, 0.5))
        .isCloseTo(1.0 / 3 + 0.5 * Math.sqrt(2.0 / 3), within(EPS));
  }

  @Test
  void aLateRedemptionGivesTheSameModelAsARewardOnTheSpot() {
    // Two presentations, the first redeemed only after the second was shown.
    LinUcbArm late = new LinUcbArm(3);
    late.shown(new int[] {0, 2});
    late.shown(new int[] {0, 1});
    late.rewarded(new int[] {0, 2});
    LinUcbArm onTheSpot = new LinUcbArm(3);
    onTheSpot.shown(new int[] {0, 2});
    onTheSpot.rewarded(new int[] {0, 2});
    onTheSpot.shown(new int[] {0, 1});
    assertThat(late.a()).containsExactly(onTheSpot.a());
    assertThat(late.b()).containsExactly(onTheSpot.b());
    assertThat(late.theta()).containsExactly(onTheSpot.theta(), within(EPS));
  }

  @Test
  void shermanMorrisonKeepsTheInverseOfA() {
    int d = 6;
    LinUcbArm arm = new LinUcbArm(d);
    SplittableRandom random = new SplittableRandom(3);
    for (int n = 0; n < 500; n++) {
      int first = random.nextInt(d);
      int second = (first + 1 + random.nextInt(d - 1)) % d;
      arm.shown(new int[] {first, second});
    }
    double[] product = multiply(arm.a(), arm.aInverse(), d);
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        assertThat(product[i * d + j]).isCloseTo(i == j ? 1 : 0, within(1e-9));
      }
    }
    // The inverse from the saved A (Cholesky) agrees with the updated one.
    LinUcbArm restored = LinUcbArm.of(d, arm.a(), arm.b());
    assertThat(restored.aInverse()).containsExactly(arm.aInverse(), within(1e-9));
  }

  @Test
  void refusesFeaturesOutsideTheSpaceOrRepeated() {
    LinUcbArm arm = new LinUcbArm(2);
    assertThatThrownBy(() -> arm.shown(new int[] {2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("feature index 2 outside 0..1");
    assertThatThrownBy(() -> arm.rewarded(new int[] {1, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("given twice");
  }

  @Test
  void disjointArmsLearnSeparatelyAndAnUnseenArmExploresMost() {
    DisjointLinUcb bandit = new DisjointLinUcb(2, 1.0);
    int[] x = {0, 1};
    // Never shown: θ = 0, width √(xᵀ I x) = √2.
    assertThat(bandit.upperConfidenceBound("a", x)).isCloseTo(Math.sqrt(2), within(EPS));
    bandit.shown("a", x);
    bandit.rewarded("a", x);
    assertThat(bandit.upperConfidenceBound("a", x))
        .isCloseTo(2.0 / 3 + Math.sqrt(2.0 / 3), within(EPS));
    assertThat(bandit.expectedReward("b", x)).isZero();
    assertThat(bandit.armOf("b")).isEmpty();
  }

  private static double[] multiply(double[] p, double[] q, int d) {
    double[] r = new double[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double sum = 0;
        for (int k = 0; k < d; k++) {
          sum += p[i * d + k] * q[k * d + j];
        }
        r[i * d + j] = sum;
      }
    }
    return r;
  }

  @Test
  void anArmShownLaterReadsAsOneUpdatedAtOnce() {
    LinUcbArm now = new LinUcbArm(6);
    LinUcbArm later = new LinUcbArm(6);
    int[][] contexts = {{0, 2}, {1, 2, 5}, {0, 3}, {0, 2}, {4}, {1, 2, 5}};
    for (int round = 0; round < 20; round++) {
      int[] x = contexts[round % contexts.length];
      now.shown(x);
      later.shownLater(x);
      if (round % 4 == 1) {
        now.rewarded(x);
        later.rewarded(x);
      }
    }
    assertThat(later.a()).containsExactly(now.a());
    assertThat(later.b()).containsExactly(now.b());
    double[] expected = now.aInverse();
    double[] actual = later.aInverse();
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).isCloseTo(expected[i], within(1e-12));
    }
    for (int[] x : contexts) {
      assertThat(later.upperConfidenceBound(x, 0.5))
          .isCloseTo(now.upperConfidenceBound(x, 0.5), within(1e-12));
    }
    // once read, it is up to date again and the next presentations keep it so
    later.shown(contexts[1]);
    now.shown(contexts[1]);
    assertThat(later.expectedReward(contexts[1]))
        .isCloseTo(now.expectedReward(contexts[1]), within(1e-12));
    assertThat(later.width(contexts[1])).isGreaterThan(0);
  }
}
