package org.tailor.scoring.value.lifetime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ParetoNbdModelTest {

  @Test
  void logLikelihoodMatchesTheHandComputedValueWhenAlphaEqualsBeta() {
    // r = s = alpha = beta = 1, x = 0, T = 1: the 2F1 argument is 0, so
    // L = 1/((1+1)(1+1)) + s/(r+s) * (1/1^2 - 1/2^2) = 1/4 + 3/8 = 5/8.
    ParetoNbdModel ones = new ParetoNbdModel(1, 1, 1, 1);
    assertThat(ones.logLikelihood(0, 0, 1)).isCloseTo(Math.log(5.0 / 8), within(1e-12));
  }

  @Test
  void bothBranchesOfTheHypergeometricFormAgreeWhereTheyMeet() {
    // alpha >= beta and alpha < beta use different 2F1 forms; at alpha = beta they must agree, and
    // the likelihood must be continuous through it.
    for (int x : new int[] {0, 1, 7}) {
      double tx = x == 0 ? 0 : 20;
      double atEqual = new ParetoNbdModel(0.55, 10, 0.6, 10).logLikelihood(x, tx, 39);
      double above = new ParetoNbdModel(0.55, 10 + 1e-7, 0.6, 10).logLikelihood(x, tx, 39);
      double below = new ParetoNbdModel(0.55, 10 - 1e-7, 0.6, 10).logLikelihood(x, tx, 39);
      assertThat(above).isCloseTo(atEqual, within(1e-6));
      assertThat(below).isCloseTo(atEqual, within(1e-6));
    }
  }

  @Test
  void likelihoodIsAProbabilityForFarApartScales() {
    // alpha much larger than beta, and the reverse: the 2F1 arguments approach 1 but stay below.
    ParetoNbdModel manyBuyers = new ParetoNbdModel(0.5, 200, 0.6, 0.5);
    ParetoNbdModel fewBuyers = new ParetoNbdModel(0.5, 0.5, 0.6, 200);
    for (ParetoNbdModel model : new ParetoNbdModel[] {manyBuyers, fewBuyers}) {
      double sumOverCounts = 0;
      // Summing P(x, t_x in [0, T]) over x would need an integral over t_x; the x = 0 term alone
      // is a probability and must lie in (0, 1].
      sumOverCounts += Math.exp(model.logLikelihood(0, 0, 39));
      assertThat(sumOverCounts).isGreaterThan(0).isLessThanOrEqualTo(1);
      assertThat(model.logLikelihood(5, 30, 39)).isFinite();
    }
  }

  @Test
  void shopperWithNoRepeatPurchaseIsLessLikelyAliveTheLongerAgo() {
    ParetoNbdModel model = new ParetoNbdModel(0.553, 10.58, 0.606, 11.656);
    double recent = model.probabilityAlive(CustomerSummary.oneTimeBuyer("a", 2));
    double longAgo = model.probabilityAlive(CustomerSummary.oneTimeBuyer("b", 60));
    assertThat(recent).isGreaterThan(longAgo);
    assertThat(longAgo).isBetween(0.0, 1.0);
    assertThat(model.probabilityAlive(CustomerSummary.oneTimeBuyer("c", 0))).isEqualTo(1.0);
  }

  @Test
  void hypergeometricSeriesMatchesClosedForms() {
    // 2F1(1, 1; 2; z) = -ln(1 - z) / z and 2F1(a, b; b; z) = (1 - z)^-a.
    for (double z : new double[] {0.0001, 0.3, 0.9, 0.99}) {
      assertThat(Hypergeometric.gauss2F1(1, 1, 2, z))
          .isCloseTo(-Math.log1p(-z) / z, within(1e-10 * Math.abs(Math.log1p(-z) / z)));
      assertThat(Hypergeometric.gauss2F1(2.5, 3, 3, z))
          .isCloseTo(Math.pow(1 - z, -2.5), within(1e-9 * Math.pow(1 - z, -2.5)));
    }
    assertThat(Hypergeometric.gauss2F1(3, 4, 5, 0)).isEqualTo(1.0);
  }
}
