package org.tailor.scoring.bandit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tailor.scoring.bandit.BanditLearnerTest.ANA;
import static org.tailor.scoring.bandit.BanditLearnerTest.NEWCOMER;
import static org.tailor.scoring.bandit.BanditLearnerTest.anasHistory;
import static org.tailor.scoring.bandit.BanditLearnerTest.redeemed;
import static org.tailor.scoring.bandit.BanditLearnerTest.shown;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tailor.plugin.CandidateOffer;

class RememberedPresentationsTest {

  private static void add(
      RememberedPresentations store, String id, String situation, int[] active, String... codes) {
    int[] numbers = new int[codes.length];
    byte[] states = new byte[codes.length];
    for (int i = 0; i < codes.length; i++) {
      numbers[i] = store.offerNumber(codes[i]);
      states[i] = RememberedPresentations.state(i % 4, i % 2 == 0, false);
    }
    store.add(id, situation, active, active.length, numbers, states, codes.length);
  }

  private static void assertHolds(
      RememberedPresentations store, String id, String situation, int[] active, String... codes) {
    int slot = store.find(id);
    assertThat(slot).as(id).isNotNegative();
    assertThat(store.situation(slot)).isEqualTo(situation);
    assertThat(store.active(slot)).containsExactly(active);
    assertThat(store.shownCount(slot)).isEqualTo(codes.length);
    for (int i = 0; i < codes.length; i++) {
      assertThat(store.offer(slot, i)).isEqualTo(codes[i]);
      assertThat(store.level(slot, i)).isEqualTo(i % 4);
      assertThat(store.liked(slot, i)).isEqualTo(i % 2 == 0);
    }
  }

  @Test
  void aFeatureTooLargeForItsByteIsRefusedBeforeAnythingIsEvictedOrWritten() {
    RememberedPresentations store = new RememberedPresentations(2);
    add(store, "1", "newcomer", new int[] {0, 3}, "a");
    add(store, "2", "newcomer", new int[] {0, 5}, "b");

    assertThatThrownBy(() -> add(store, "3", "newcomer", new int[] {0, 97}, "c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("feature index 97 outside 0..96");

    assertThat(store.size()).isEqualTo(2);
    assertThat(store.find("3")).isEqualTo(-1);
    assertHolds(store, "1", "newcomer", new int[] {0, 3}, "a");
    assertHolds(store, "2", "newcomer", new int[] {0, 5}, "b");
  }

  @Test
  void stridesGrowKeepingWhatEachPresentationHeld() {
    RememberedPresentations store = new RememberedPresentations(500);
    add(store, "1", "newcomer", new int[] {0, 3}, "a");
    add(store, "p2", "known/tier-1", new int[] {0, 5, 12}, "b", "c");
    for (int i = 3; i < 200; i++) { // past the first slots allocated, so these grow too
      add(store, String.valueOf(i), "newcomer", new int[] {0, 1}, "a", "d");
    }
    int[] wideFeatures = {0, 3, 12, 14, 22, 26, 27, 33, 40, 50, 60, 96};
    String[] sevenOffers = {"a", "b", "c", "d", "e", "f", "g"};
    add(store, "wide", "known/tier-3", wideFeatures, sevenOffers);
    assertThat(store.shape()[0]).isEqualTo(7);
    assertThat(store.shape()[1]).isEqualTo(12);
    assertHolds(store, "1", "newcomer", new int[] {0, 3}, "a");
    assertHolds(store, "p2", "known/tier-1", new int[] {0, 5, 12}, "b", "c");
    assertHolds(store, "150", "newcomer", new int[] {0, 1}, "a", "d");
    assertHolds(store, "wide", "known/tier-3", wideFeatures, sevenOffers);
    add(store, "after", "newcomer", new int[] {7}, "h");
    assertHolds(store, "after", "newcomer", new int[] {7}, "h");
    assertHolds(store, "1", "newcomer", new int[] {0, 3}, "a");
  }

  @Test
  void aSlotTakenAgainHoldsOnlyItsNewPresentation() {
    RememberedPresentations store = new RememberedPresentations(2);
    add(store, "1", "known/tier-1", new int[] {0, 3, 12}, "a", "b", "c");
    int slot = store.find("1");
    assertThat(store.redeem(slot, 1)).isTrue();
    add(store, "2", "newcomer", new int[] {0}, "d");
    add(store, "3", "newcomer", new int[] {1}, "e"); // into the slot of "1"
    assertThat(store.find("3")).isEqualTo(slot);
    assertThat(store.find("1")).isEqualTo(-1);
    assertHolds(store, "3", "newcomer", new int[] {1}, "e");
    assertThat(store.redeem(slot, 0)).as("not redeemed yet").isTrue();
    assertThat(store.indexOf(slot, "b")).isEqualTo(-1);
  }

  /**
   * Presentations of alternating contexts and offers, most of them evicted: a redemption of one
   * still remembered is credited to its offer in the segment it was shown in, once; one evicted, or
   * of an offer not shown in that presentation ("7" and "007" are not the same), only to the
   * offer's overall count.
   */
  @Test
  void aRedemptionIsCreditedToItsOffersSegmentAfterManyEvictions() {
    BanditSettings settings =
        new BanditSettings(
            BanditSettings.Algorithm.THOMPSON, 1, 10, 50, ZoneId.of("UTC"), "valueTier", true, 50);
    BanditLearner learner = new BanditLearner(settings);
    PurchaseAffinity history = anasHistory();
    learner.scores(
        ANA,
        List.of(
            candidate("coffee-10", "coffee"),
            candidate("bags-3", "household"),
            candidate("tea-5", "tea")),
        history,
        new SplittableRandom(1));
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 5_000; i++) {
      String id = i % 5 == 0 ? "p" + i : String.valueOf(i);
      if (i % 2 == 0) {
        learner.presented(shown(id, ANA, "bags-3", "coffee-10"), history);
      } else {
        int extra = random.nextInt(6); // wider and narrower presentations
        String[] offers = new String[1 + extra];
        offers[0] = "tea-5";
        for (int e = 0; e < extra; e++) {
          offers[1 + e] = "x-" + random.nextInt(100);
        }
        learner.presented(shown(id, NEWCOMER, offers));
      }
    }
    learner.presented(shown("7", NEWCOMER, "tea-5"));
    learner.presented(shown("007", ANA, "coffee-10"), history);
    assertThat(learner.rememberedPresentations()).hasSize(50);

    String liked = "known/tier-3/liked/affinity-high";
    long[] before = learner.thompson().segmentCountsOf("coffee-10", liked);
    assertThat(learner.redeemed(redeemed("m1", "4998", "coffee-10"))).isTrue();
    assertThat(learner.thompson().segmentCountsOf("coffee-10", liked))
        .containsExactly(before[0], before[1] + 1);
    assertThat(learner.redeemed(redeemed("m2", "4998", "coffee-10"))).as("once").isFalse();
    assertThat(learner.rememberedPresentations().get("4998").redeemed())
        .containsExactly("coffee-10");

    long[] newcomer = learner.thompson().segmentCountsOf("tea-5", "newcomer");
    assertThat(learner.redeemed(redeemed("m3", "p4955", "tea-5"))).isTrue();
    assertThat(learner.thompson().segmentCountsOf("tea-5", "newcomer"))
        .containsExactly(newcomer[0], newcomer[1] + 1);

    // evicted: only the offer's own count
    long[] offer = learner.thompson().offerCounts("coffee-10");
    long[] segment = learner.thompson().segmentCountsOf("coffee-10", liked);
    assertThat(learner.redeemed(redeemed("m4", "4000", "coffee-10"))).isTrue();
    assertThat(learner.thompson().offerCounts("coffee-10")).containsExactly(offer[0], offer[1] + 1);
    assertThat(learner.thompson().segmentCountsOf("coffee-10", liked)).containsExactly(segment);

    // "7" showed tea-5 to a newcomer, "007" coffee-10 to Ana
    assertThat(learner.redeemed(redeemed("m5", "007", "coffee-10"))).isTrue();
    assertThat(learner.thompson().segmentCountsOf("coffee-10", liked))
        .containsExactly(segment[0], segment[1] + 1);
    long[] tea = learner.thompson().segmentCountsOf("tea-5", "newcomer");
    assertThat(learner.redeemed(redeemed("m6", "007", "tea-5"))).isTrue();
    assertThat(learner.thompson().segmentCountsOf("tea-5", "newcomer")).containsExactly(tea);
    assertThat(learner.redeemed(redeemed("m7", "7", "tea-5"))).isTrue();
    assertThat(learner.thompson().segmentCountsOf("tea-5", "newcomer"))
        .containsExactly(tea[0], tea[1] + 1);
  }

  @Test
  void redemptionMessageIdsAreForgottenOldestFirst() {
    BanditSettings settings =
        new BanditSettings(
            BanditSettings.Algorithm.THOMPSON, 1, 10, 3, ZoneId.of("UTC"), "valueTier", true, 50);
    BanditLearner learner = new BanditLearner(settings);
    for (int i = 1; i <= 4; i++) {
      assertThat(learner.redeemed(redeemed("m" + i, null, "tea-5"))).isTrue();
    }
    assertThat(learner.redeemed(redeemed("m2", null, "tea-5"))).as("remembered").isFalse();
    assertThat(learner.redeemed(redeemed("m1", null, "tea-5"))).as("forgotten").isTrue();
  }

  private static CandidateOffer candidate(String code, String category) {
    return new CandidateOffer(
        code, Optional.of(category), Optional.empty(), Optional.empty(), Optional.empty());
  }
}
