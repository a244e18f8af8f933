package org.tailor.scoring.bandit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.Decimals;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.OfferScore;
import org.tailor.plugin.ShopperProfile;
import org.tailor.plugin.host.PresentationEvent;
import org.tailor.plugin.host.RedemptionEvent;
import org.tailor.plugin.host.ShownOffer;
import org.tailor.scoring.bandit.thompson.BetaPosterior;

class BanditLearnerTest {

  private static final Instant SATURDAY_10_15 = Instant.parse("2025-03-01T10:15:30Z");

  static final DecisionContext ANA =
      new DecisionContext(
          Optional.of(
              new ShopperProfile(
                  "L-1001",
                  Optional.of("Ana"),
                  "es",
                  Optional.empty(),
                  List.of("tea", "coffee"),
                  Map.of("valueTier", "3"))),
          "S-01",
          Optional.of("K-1"),
          "kiosk",
          SATURDAY_10_15);

  static final DecisionContext NEWCOMER =
      new DecisionContext(Optional.empty(), "S-01", Optional.empty(), "kiosk", SATURDAY_10_15);

  static PresentationEvent shown(String id, DecisionContext context, String... offers) {
    List<ShownOffer> shown =
        java.util.stream.IntStream.range(0, offers.length)
            .mapToObj(i -> new ShownOffer(offers[i], i + 1, 0.5, "test"))
            .toList();
    return new PresentationEvent(id, context, false, shown);
  }

  static RedemptionEvent redeemed(String messageId, String presentationId, String offer) {
    return new RedemptionEvent(
        messageId, Optional.ofNullable(presentationId), offer, SATURDAY_10_15.plusSeconds(60));
  }

  static CandidateOffer candidate(String code) {
    return new CandidateOffer(
        code, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  @Test
  void featuresOfAKnownShopperOnASaturdayMorning() {
    ContextFeatures features = ContextFeatures.of(ANA, ZoneId.of("UTC"), "valueTier");
    int store = 14 + Math.floorMod("S-01".hashCode(), 8);
    int channel = 22 + Math.floorMod("kiosk".hashCode(), 4);
    int tier = 27 + Math.floorMod("3".hashCode(), 6);
    int tea = 33 + Math.floorMod("tea".hashCode(), 64);
    int coffee = 33 + Math.floorMod("coffee".hashCode(), 64);
    // bias, 10 h → block 2 (index 1 + 2), Saturday → 7 + 5, store, channel, known, tier, categories
    assertThat(features.active())
        .containsExactlyInAnyOrder(0, 3, 12, store, channel, 26, tier, tea, coffee)
        .isSorted();
    assertThat(features.segment(false)).isEqualTo("known/tier-3/other");
    assertThat(features.segment(true)).isEqualTo("known/tier-3/liked");
    assertThat(features.active(true)).endsWith(97).hasSize(10);
    // In Tokyo (UTC+9) it is 19 h: block 4, index 5.
    assertThat(ContextFeatures.of(NEWCOMER, ZoneId.of("Asia/Tokyo"), "valueTier").active())
        .contains(1 + 19 / 4)
        .doesNotContain(26);
    assertThat(ContextFeatures.of(NEWCOMER, ZoneId.of("UTC"), "valueTier").segment(false))
        .isEqualTo("newcomer");
  }

  @Test
  void aRedemptionMovesOneTrialToSuccessInItsSegment() {
    BanditLearner learner = new BanditLearner(BanditSettings.defaults());
    assertThat(learner.presented(shown("p1", ANA, "coffee-10", "tea-5"))).isTrue();
    assertThat(learner.presented(shown("p2", ANA, "coffee-10"))).isTrue();
    assertThat(learner.redeemed(redeemed("m1", "p1", "coffee-10"))).isTrue();

    String segment = "known/tier-3/other"; // the offers were never scored: category unknown
    assertThat(learner.thompson().offerCounts("coffee-10")).containsExactly(2, 1);
    assertThat(learner.thompson().segmentCountsOf("coffee-10", segment)).containsExactly(2, 1);
    assertThat(learner.thompson().offerCounts("tea-5")).containsExactly(1, 0);
    // Offer Beta(2, 2), mean ½; segment prior Beta(1 + 10·½, 1 + 10·½) + 1 of 2 = Beta(7, 7).
    assertThat(learner.thompson().segmentPosterior("coffee-10", segment))
        .isEqualTo(new BetaPosterior(7, 7));
    // LinUCB: the coffee arm saw x twice and was rewarded once: b = x.
    int[] x = learner.features(ANA).active();
    double[] b = learner.linUcb().armOf("coffee-10").orElseThrow().b();
    for (int i : x) {
      assertThat(b[i]).isEqualTo(1.0);
    }
    assertThat(java.util.Arrays.stream(b).sum()).isEqualTo(x.length);
  }

  @Test
  void anOfferInADeclaredCategoryIsLikedAlongTheCategoryPath() {
    ContextFeatures ana = ContextFeatures.of(ANA, ZoneId.of("UTC"), "valueTier");
    assertThat(ana.likes(Optional.of("Coffee"))).isTrue();
    assertThat(ana.likes(Optional.of("coffee/beans"))).isTrue(); // below a declared category
    assertThat(ana.likes(Optional.of("juice"))).isFalse();
    assertThat(ana.likes(Optional.of("coff"))).isFalse();
    assertThat(ana.likes(Optional.empty())).isFalse();
    DecisionContext likesBeans =
        new DecisionContext(
            Optional.of(
                new ShopperProfile(
                    "L-2",
                    Optional.empty(),
                    "en",
                    Optional.empty(),
                    List.of("drinks/coffee"),
                    Map.of())),
            "S-01",
            Optional.empty(),
            "kiosk",
            SATURDAY_10_15);
    // An offer on the whole of "drinks" covers the declared "drinks/coffee".
    assertThat(
            ContextFeatures.of(likesBeans, ZoneId.of("UTC"), "valueTier")
                .likes(Optional.of("drinks")))
        .isTrue();
    assertThat(
            ContextFeatures.of(NEWCOMER, ZoneId.of("UTC"), "valueTier")
                .likes(Optional.of("coffee")))
        .isFalse();
  }

  @Test
  void aScoredOfferInALikedCategoryLearnsInTheLikedSegmentAndFeature() {
    BanditLearner learner = new BanditLearner(BanditSettings.defaults());
    CandidateOffer coffee =
        new CandidateOffer(
            "coffee-10",
            Optional.of("coffee"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    CandidateOffer juice =
        new CandidateOffer(
            "juice-5", Optional.of("juice"), Optional.empty(), Optional.empty(), Optional.empty());
    learner.score(ANA, List.of(coffee, juice), new SplittableRandom(1));
    learner.presented(shown("p1", ANA, "coffee-10", "juice-5"));
    learner.redeemed(redeemed("m1", "p1", "coffee-10"));
    learner.redeemed(redeemed("m2", "p1", "juice-5"));

    assertThat(learner.thompson().segmentCountsOf("coffee-10", "known/tier-3/liked"))
        .containsExactly(1, 1);
    assertThat(learner.thompson().segmentCountsOf("juice-5", "known/tier-3/other"))
        .containsExactly(1, 1);
    assertThat(learner.linUcb().armOf("coffee-10").orElseThrow().b()[97]).isEqualTo(1.0);
    assertThat(learner.linUcb().armOf("juice-5").orElseThrow().b()[97]).isEqualTo(0.0);
    // The categories learned from scoring survive a restart.
    BanditLearner restored = BanditLearner.restore(learner.snapshot(), BanditSettings.defaults());
    assertThat(restored.offerCategories()).containsEntry("coffee-10", "coffee");
    assertThat(restored.snapshot()).isEqualTo(learner.snapshot());
  }

  @Test
  void readsAVersionOneSnapshotExactly() throws java.io.IOException {
    int d = 97;
    int[] x = {0, 3, 12, 26};
    double[] a = new double[d * d];
    for (int i = 0; i < d; i++) {
      a[i * d + i] = 1;
    }
    double[] b = new double[d];
    for (int i : x) {
      b[i] = 1;
      for (int j : x) {
        a[i * d + j] += 2; // shown twice, redeemed once
      }
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
      out.writeInt(BanditSnapshot.MAGIC);
      out.writeInt(1);
      out.writeInt(d);
      out.writeInt(1); // offers
      out.writeUTF("coffee-10");
      out.writeInt(2);
      out.writeUTF("");
      out.writeLong(2);
      out.writeLong(1);
      out.writeUTF("/known/tier-3/likes-coffee");
      out.writeLong(2);
      out.writeLong(1);
      out.writeInt(1); // arms
      out.writeUTF("coffee-10");
      for (double v : a) {
        out.writeDouble(v);
      }
      for (double v : b) {
        out.writeDouble(v);
      }
      out.writeInt(1); // presentations
      out.writeUTF("p9");
      out.writeUTF("known/tier-3/likes-coffee");
      out.writeInt(x.length);
      for (int i : x) {
        out.writeInt(i);
      }
      out.writeInt(1);
      out.writeUTF("coffee-10");
      out.writeInt(0); // redeemed
      out.writeInt(1); // redemptions
      out.writeUTF("m1");
    }

    BanditLearner restored = BanditLearner.restore(bytes.toByteArray(), BanditSettings.defaults());

    var arm = restored.linUcb().armOf("coffee-10").orElseThrow();
    assertThat(arm.dimension()).isEqualTo(98);
    assertThat(arm.b()[97]).isZero();
    assertThat(arm.a()[97 * 98 + 97]).isEqualTo(1.0);
    assertThat(arm.expectedReward(x))
        .isCloseTo(
            org.tailor.scoring.bandit.linucb.LinUcbArm.of(d, a, b).expectedReward(x),
            within(1e-12));
    assertThat(restored.thompson().offerCounts("coffee-10")).containsExactly(2, 1);
    assertThat(restored.thompson().allCounts().get("coffee-10")).containsOnlyKeys("");
    // The remembered presentation still takes its redemption, outside the liked segment.
    assertThat(restored.redeemed(redeemed("m1", "p9", "coffee-10"))).isFalse();
    assertThat(restored.redeemed(redeemed("m2", "p9", "coffee-10"))).isTrue();
    assertThat(restored.thompson().segmentCountsOf("coffee-10", "known/tier-3/other"))
        .containsExactly(0, 0);
    assertThat(restored.thompson().offerCounts("coffee-10")).containsExactly(2, 2);
  }

  @Test
  void repeatedEventsChangeNothing() {
    BanditLearner learner = new BanditLearner(BanditSettings.defaults());
    learner.presented(shown("p1", ANA, "coffee-10"));
    learner.redeemed(redeemed("m1", "p1", "coffee-10"));
    long changes = learner.changes();
    byte[] before = learner.snapshot();

    assertThat(learner.presented(shown("p1", ANA, "coffee-10"))).isFalse();
    assertThat(learner.redeemed(redeemed("m1", "p1", "coffee-10"))).isFalse();
    // Another message for an offer of the same presentation already redeemed: one Bernoulli trial.
    assertThat(learner.redeemed(redeemed("m2", "p1", "coffee-10"))).isFalse();

    assertThat(learner.thompson().offerCounts("coffee-10")).containsExactly(1, 1);
    assertThat(learner.changes()).isEqualTo(changes);
    assertThat(learner.linUcb().armOf("coffee-10").orElseThrow().b())
        .containsExactly(
            BanditLearner.restore(before, BanditSettings.defaults())
                .linUcb()
                .armOf("coffee-10")
                .orElseThrow()
                .b());
  }

  @Test
  void aRedemptionOfAnUnknownPresentationTeachesOnlyTheOffersRate() {
    BanditLearner learner = new BanditLearner(BanditSettings.defaults());
    learner.presented(shown("p1", NEWCOMER, "tea-5"));
    learner.redeemed(redeemed("m1", null, "tea-5"));
    assertThat(learner.thompson().offerCounts("tea-5")).containsExactly(1, 1);
    assertThat(learner.thompson().segmentCountsOf("tea-5", "newcomer")).containsExactly(1, 0);
    assertThat(learner.linUcb().armOf("tea-5").orElseThrow().b()).containsOnly(0.0);
  }

  @Test
  void forgetsTheOldestPresentationsBeyondTheLimit() {
    BanditSettings settings =
        new BanditSettings(
            BanditSettings.Algorithm.THOMPSON, 1, 10, 2, ZoneId.of("UTC"), "valueTier");
    BanditLearner learner = new BanditLearner(settings);
    learner.presented(shown("p1", ANA, "a"));
    learner.presented(shown("p2", ANA, "a"));
    learner.presented(shown("p3", ANA, "a"));
    assertThat(learner.rememberedPresentations()).containsOnlyKeys("p2", "p3");
  }

  @Test
  void snapshotRestoresEverythingLearned() {
    BanditLearner learner = new BanditLearner(BanditSettings.defaults());
    learner.presented(shown("p1", ANA, "coffee-10", "tea-5"));
    learner.presented(shown("p2", NEWCOMER, "tea-5"));
    learner.redeemed(redeemed("m1", "p2", "tea-5"));

    BanditLearner restored =
        BanditLearner.restore(
            learner.snapshot(),
            BanditSettings.defaults().withAlgorithm(BanditSettings.Algorithm.LINUCB));

    assertThat(restored.snapshot()).isEqualTo(learner.snapshot());
    assertThat(restored.thompson().segmentCountsOf("tea-5", "newcomer")).containsExactly(1, 1);
    // A repeat after the restart is still recognised.
    assertThat(restored.redeemed(redeemed("m1", "p2", "tea-5"))).isFalse();
    assertThat(restored.presented(shown("p1", ANA, "coffee-10"))).isFalse();
    // And LinUCB scores from the restored arms: tea-5 for a newcomer: θᵀx + α·width.
    List<OfferScore> scores =
        restored.score(NEWCOMER, List.of(candidate("tea-5")), new SplittableRandom(1));
    int[] x = restored.features(NEWCOMER).active();
    double expected =
        restored
            .linUcb()
            .armOf("tea-5")
            .orElseThrow()
            .upperConfidenceBound(x, restored.settings().linUcbAlpha());
    assertThat(scores.get(0).score()).isCloseTo(expected, within(1e-12));
    assertThat(scores.get(0).reason()).startsWith("LinUCB");
  }

  @Test
  void refusesASnapshotThatIsNotOne() {
    assertThatThrownBy(
            () -> BanditLearner.restore(new byte[] {1, 2, 3, 4, 5}, BanditSettings.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a bandit snapshot");
    byte[] truncated =
        java.util.Arrays.copyOf(new BanditLearner(BanditSettings.defaults()).snapshot(), 14);
    assertThatThrownBy(() -> BanditLearner.restore(truncated, BanditSettings.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void thompsonFavoursTheOfferThatIsRedeemed() {
    BanditLearner learner = new BanditLearner(BanditSettings.defaults());
    for (int i = 0; i < 200; i++) {
      learner.presented(shown("p" + i, ANA, "good", "bad"));
      if (i % 2 == 0) {
        learner.redeemed(redeemed("m" + i, "p" + i, "good"));
      }
    }
    SplittableRandom random = new SplittableRandom(5);
    int goodWins = 0;
    for (int n = 0; n < 100; n++) {
      List<OfferScore> scores =
          learner.score(ANA, List.of(candidate("good"), candidate("bad")), random);
      if (scores.get(0).score() > scores.get(1).score()) {
        goodWins++;
      }
    }
    // Beta(~101, ~101) against Beta(~1, ~201): the good offer wins every draw in practice.
    assertThat(goodWins).isEqualTo(100);
  }

  @Test
  void aThompsonReasonNamesTheCountsItsDrawWasMadeFromThoughMoreWasLearnedSince() {
    BanditLearner learner = new BanditLearner(BanditSettings.defaults());
    learner.presented(shown("p1", NEWCOMER, "tea-5"));
    BetaPosterior before = learner.thompson().segmentPosterior("tea-5", "newcomer");

    org.tailor.plugin.CandidateScores scores =
        learner.scores(NEWCOMER, List.of(candidate("tea-5")), new SplittableRandom(3));
    learner.presented(shown("p2", NEWCOMER, "tea-5"));

    // the draw is one from the posterior of that moment, drawn as BetaPosterior draws
    assertThat(scores.score(0)).isEqualTo(before.sample(new SplittableRandom(3)));
    // and its reason, asked for after a second presentation was learned, still names the first
    assertThat(scores.reason(0))
        .isEqualTo(
            "Thompson draw "
                + Decimals.fixed(scores.score(0), 3)
                + " from Beta(4.3, 8.7): newcomer redeemed 0 of 1, all 0 of 1");
    assertThat(
            learner
                .scores(NEWCOMER, List.of(candidate("tea-5")), new SplittableRandom(3))
                .reason(0))
        .endsWith("newcomer redeemed 0 of 2, all 0 of 2");
  }
}
