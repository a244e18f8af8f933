package org.tailor.scoring.bandit.thompson;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SegmentedThompsonTest {

  @Test
  void segmentPriorIsTheOffersRateSpreadOverThePriorStrength() {
    SegmentedThompson thompson = new SegmentedThompson(8);
    // coffee-10: shown 10 times, 4 of them to segment "a"; redeemed twice, both in "a".
    for (int i = 0; i < 6; i++) {
      thompson.shown("coffee-10", "b");
    }
    for (int i = 0; i < 4; i++) {
      thompson.shown("coffee-10", "a");
    }
    thompson.redeemed("coffee-10", "a");
    thompson.redeemed("coffee-10", "a");

    // Offer: Beta(1 + 2, 1 + 8) = Beta(3, 9), mean 0.25.
    assertThat(thompson.offerPosterior("coffee-10")).isEqualTo(new BetaPosterior(3, 9));
    // Segment a: prior Beta(1 + 8·0.25, 1 + 8·0.75) = Beta(3, 7); + 2 of 4 = Beta(5, 9).
    assertThat(thompson.segmentPosterior("coffee-10", "a")).isEqualTo(new BetaPosterior(5, 9));
    // Segment b: prior Beta(3, 7); + 0 of 6 = Beta(3, 13).
    assertThat(thompson.segmentPosterior("coffee-10", "b")).isEqualTo(new BetaPosterior(3, 13));
    // A segment never seen: the prior alone.
    assertThat(thompson.segmentPosterior("coffee-10", "c")).isEqualTo(new BetaPosterior(3, 7));
  }

  @Test
  void anOfferNeverShownHasTheUniformPrior() {
    SegmentedThompson thompson = new SegmentedThompson(10);
    assertThat(thompson.offerPosterior("new")).isEqualTo(new BetaPosterior(1, 1));
    // prior strength 10 at rate 0.5: Beta(6, 6)
    assertThat(thompson.segmentPosterior("new", "a")).isEqualTo(new BetaPosterior(6, 6));
  }

  @Test
  void aRedemptionWithoutAPresentationIsNotCounted() {
    SegmentedThompson thompson = new SegmentedThompson(10);
    thompson.shown("tea-5", "a");
    thompson.redeemed("tea-5", "a");
    thompson.redeemed("tea-5", "a");
    thompson.redeemed("tea-5");
    assertThat(thompson.offerCounts("tea-5")).containsExactly(1, 1);
    assertThat(thompson.segmentCountsOf("tea-5", "a")).containsExactly(1, 1);
  }

  @Test
  void countsRoundTripThroughAllCountsAndRestore() {
    SegmentedThompson thompson = new SegmentedThompson(4);
    thompson.shown("x", "s1");
    thompson.shown("x", "s2");
    thompson.redeemed("x", "s2");
    SegmentedThompson copy = new SegmentedThompson(4);
    thompson
        .allCounts()
        .forEach((offer, keys) -> keys.forEach((k, c) -> copy.restore(offer, k, c[0], c[1])));
    assertThat(copy.offerCounts("x")).containsExactly(2, 1);
    assertThat(copy.segmentCountsOf("x", "s2")).containsExactly(1, 1);
    assertThat(copy.segmentCountsOf("x", "s1")).containsExactly(1, 0);
  }

  @Test
  void aPreparedDrawIsTheDrawFromItsCountsAndFollowsTheirChanges() {
    SegmentedThompson thompson = new SegmentedThompson(8);
    for (int i = 0; i < 5; i++) {
      thompson.shown("coffee-10", "a");
    }
    thompson.redeemed("coffee-10", "a");
    SegmentedThompson.Arm arm = thompson.armIfAny("coffee-10");
    int a = thompson.segmentNumber("a");

    SegmentedThompson.Draw draw = thompson.draw(arm, a);
    assertThat(draw.overall()).isEqualTo(new SegmentedThompson.Counts(5, 1));
    assertThat(draw.segment()).isEqualTo(new SegmentedThompson.Counts(5, 1));
    SplittableRandom prepared = new SplittableRandom(3);
    SplittableRandom direct = new SplittableRandom(3);
    for (int i = 0; i < 100; i++) {
      assertThat(draw.sample(prepared))
          .isEqualTo(thompson.sample(draw.overall(), draw.segment(), direct));
    }
    assertThat(thompson.draw(arm, a)).as("kept while the counts stay").isSameAs(draw);

    thompson.shown("coffee-10", "b");
    SegmentedThompson.Draw afterB = thompson.draw(arm, a);
    assertThat(afterB).isNotSameAs(draw);
    assertThat(afterB.overall()).isEqualTo(new SegmentedThompson.Counts(6, 1));
    assertThat(afterB.segment()).isEqualTo(new SegmentedThompson.Counts(5, 1));
    thompson.redeemed("coffee-10", "a");
    assertThat(thompson.draw(arm, a).segment()).isEqualTo(new SegmentedThompson.Counts(5, 2));
    assertThat(thompson.draw(arm, -1).segment()).isEqualTo(SegmentedThompson.Counts.NONE);
    assertThat(thompson.draw(arm, thompson.segmentNumber("b")).segment())
        .isEqualTo(new SegmentedThompson.Counts(1, 0));
    assertThat(thompson.draw(null, a).overall()).isEqualTo(SegmentedThompson.Counts.NONE);
  }
}
