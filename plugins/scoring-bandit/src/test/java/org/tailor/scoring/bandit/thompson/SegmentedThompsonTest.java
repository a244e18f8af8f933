package org.tailor.scoring.bandit.thompson;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
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
  void aCandidatesCountsAreItsArmsCountsAsTheyChange() {
    SegmentedThompson thompson = new SegmentedThompson(8);
    for (int i = 0; i < 5; i++) {
      thompson.shown("coffee-10", "a");
    }
    thompson.redeemed("coffee-10", "a");
    int arm = thompson.armIfAny("coffee-10").index();
    int a = thompson.segmentNumber("a");
    long[] counts = new long[2 * SegmentedThompson.COUNTS_PER_CANDIDATE];
    Arrays.fill(counts, 99);

    thompson.countsOf(arm, a, counts, 0);
    thompson.countsOf(-1, a, counts, SegmentedThompson.COUNTS_PER_CANDIDATE);
    assertThat(counts)
        .as("offer, then segment; none for no arm")
        .containsExactly(5, 1, 5, 1, 0, 0, 0, 0);

    thompson.shown("coffee-10", "b");
    thompson.redeemed("coffee-10", "a");
    thompson.countsOf(arm, a, counts, 0);
    thompson.countsOf(arm, -1, counts, SegmentedThompson.COUNTS_PER_CANDIDATE);
    assertThat(counts).containsExactly(6, 2, 5, 2, 6, 2, 0, 0);
    thompson.countsOf(arm, thompson.segmentNumber("b"), counts, 0);
    assertThat(counts).startsWith(6, 2, 1, 0);

    // arms made after segment a's counts were: beyond them, so none there
    for (int offer = 0; offer < 40; offer++) {
      thompson.shown("o-" + offer, "c");
    }
    int last = thompson.armIfAny("o-39").index();
    thompson.countsOf(arm, thompson.segmentNumber("c"), counts, 0);
    assertThat(counts).startsWith(6, 2, 0, 0);
    thompson.countsOf(last, thompson.segmentNumber("c"), counts, 0);
    assertThat(counts).startsWith(1, 0, 1, 0);
    thompson.countsOf(last, a, counts, 0);
    assertThat(counts).startsWith(1, 0, 0, 0);
    thompson.shown("o-39", "a");
    thompson.countsOf(last, a, counts, 0);
    assertThat(counts).startsWith(2, 0, 1, 0);
  }

  @Test
  void drawsFromCountsAreTheReferenceDrawsOfTheSegmentPosteriorNumberForNumber() {
    SegmentedThompson thompson = new SegmentedThompson(10);
    SplittableRandom events = new SplittableRandom(11);
    long[][] cases = {
      {0, 0, 0, 0}, {1, 0, 1, 0}, {5, 1, 0, 0}, {40, 3, 12, 2}, {1_000, 990, 10, 10}, {7, 7, 3, 0}
    };
    long[] counts = new long[SegmentedThompson.COUNTS_PER_CANDIDATE * 200];
    for (int i = 0; i < 200; i++) {
      long[] c = i < cases.length ? cases[i] : randomCounts(events);
      System.arraycopy(c, 0, counts, SegmentedThompson.COUNTS_PER_CANDIDATE * i, c.length);
    }
    double[] draws = new double[200];
    SplittableRandom ours = new SplittableRandom(3);
    SplittableRandom reference = new SplittableRandom(3);
    SplittableRandom direct = new SplittableRandom(3);
    thompson.sample(counts, draws, ours);
    for (int i = 0; i < 200; i++) {
      int at = SegmentedThompson.COUNTS_PER_CANDIDATE * i;
      SegmentedThompson.Counts overall = new SegmentedThompson.Counts(counts[at], counts[at + 1]);
      SegmentedThompson.Counts segment =
          new SegmentedThompson.Counts(counts[at + 2], counts[at + 3]);
      BetaPosterior posterior = thompson.segmentPosterior(overall, segment);
      assertThat(draws[i])
          .as("draw %d, counts %s %s", i, overall, segment)
          .isEqualTo(ReferenceBeta.beta(posterior.alpha(), posterior.beta(), reference))
          .isEqualTo(thompson.sample(overall, segment, direct));
    }
    assertThat(ours.nextLong()).as("generators in step").isEqualTo(reference.nextLong());
  }

  /** Counts of an offer and of one of its segments, the segment's within the offer's. */
  private static long[] randomCounts(SplittableRandom random) {
    long trials = random.nextLong(10_000);
    long successes = random.nextLong(trials + 1);
    long segmentTrials = random.nextLong(trials + 1);
    long segmentSuccesses = random.nextLong(Math.min(successes, segmentTrials) + 1);
    return new long[] {trials, successes, segmentTrials, segmentSuccesses};
  }

  @Test
  void manyArmsAndSegmentsRoundTripAndLeaveOutSegmentsWithoutCounts() {
    SegmentedThompson thompson = new SegmentedThompson(4);
    for (int offer = 0; offer < 100; offer++) {
      for (int segment = 0; segment <= offer % 7; segment++) {
        thompson.shown("o-" + offer, "s" + (offer + segment) % 9);
      }
      if (offer % 3 == 0) {
        thompson.redeemed("o-" + offer, "s" + offer % 9);
      }
    }
    thompson.redeemed("never-shown");
    thompson.redeemed("o-0", "s8"); // not shown there: no success in it, and no counts

    SegmentedThompson copy = new SegmentedThompson(4);
    thompson
        .allCounts()
        .forEach((offer, keys) -> keys.forEach((k, c) -> copy.restore(offer, k, c[0], c[1])));
    assertThat(copy.armCount()).isEqualTo(101);
    assertThat(thompson.allCounts().get("o-0")).containsOnlyKeys("", "/s0");
    assertThat(thompson.allCounts().get("o-1")).containsOnlyKeys("", "/s1", "/s2");
    assertThat(thompson.allCounts().get("never-shown")).containsOnlyKeys("");
    for (int offer = 0; offer < 100; offer++) {
      assertThat(copy.offerCounts("o-" + offer))
          .isEqualTo(thompson.offerCounts("o-" + offer))
          .containsExactly(offer % 7 + 1, offer % 3 == 0 ? 1 : 0);
      for (int segment = 0; segment < 9; segment++) {
        assertThat(copy.segmentCountsOf("o-" + offer, "s" + segment))
            .isEqualTo(thompson.segmentCountsOf("o-" + offer, "s" + segment));
      }
    }
    assertThat(copy.segmentCountsOf("o-99", "s0")).containsExactly(1, 1);
  }
}
