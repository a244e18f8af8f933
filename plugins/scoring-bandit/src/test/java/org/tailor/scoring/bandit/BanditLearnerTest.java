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
    assertThat(features.segment(false, PurchaseAffinity.NONE))
        .isEqualTo("known/tier-3/other/affinity-none");
    assertThat(features.segment(true, PurchaseAffinity.HIGH))
        .isEqualTo("known/tier-3/liked/affinity-high");
    assertThat(features.active(true, PurchaseAffinity.MID)).endsWith(97, 100).hasSize(11);
    assertThat(features.active(false, PurchaseAffinity.LOW))
        .endsWith(99)
        .doesNotContain(97, 98, 100, 101)
        .hasSize(10);
    // In Tokyo (UTC+9) it is 19 h: block 4, index 5.
    assertThat(ContextFeatures.of(NEWCOMER, ZoneId.of("Asia/Tokyo"), "valueTier").active())
        .contains(1 + 19 / 4)
        .doesNotContain(26);
    assertThat(
            ContextFeatures.of(NEWCOMER, ZoneId.of("UTC"), "valueTier")
                .segment(false, PurchaseAffinity.NONE))
        .isEqualTo("newcomer");
  }

  @Test
  void aRedemptionMovesOneTrialToSuccessInItsSegment() {
    BanditLearner learner = new BanditLearner(BanditSettings.defaults());
    assertThat(learner.presented(shown("p1", ANA, "coffee-10", "tea-5"))).isTrue();
    assertThat(learner.presented(shown("p2", ANA, "coffee-10"))).isTrue();
    assertThat(learner.redeemed(redeemed("m1", "p1", "coffee-10"))).isTrue();

    // the offers were never scored: category unknown, so not liked and at affinity level none
    String segment = "known/tier-3/other/affinity-none";
    assertThat(learner.thompson().offerCounts("coffee-10")).containsExactly(2, 1);
    assertThat(learner.thompson().segmentCountsOf("coffee-10", segment)).containsExactly(2, 1);
    assertThat(learner.thompson().offerCounts("tea-5")).containsExactly(1, 0);
    // Offer Beta(2, 2), mean ½; segment prior Beta(1 + 10·½, 1 + 10·½) + 1 of 2 = Beta(7, 7).
    assertThat(learner.thompson().segmentPosterior("coffee-10", segment))
        .isEqualTo(new BetaPosterior(7, 7));
    // LinUCB: the coffee arm saw x twice and was rewarded once: b = x.
    int[] x = learner.features(ANA).active(false, PurchaseAffinity.NONE);
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
    assertThat(ana.likes(Optional.of("coffeehouse"))).isFalse(); // a longer name, not below
    assertThat(ana.likes(Optional.of("coffee-beans"))).isFalse();
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
    ContextFeatures beans = ContextFeatures.of(likesBeans, ZoneId.of("UTC"), "valueTier");
    assertThat(beans.likes(Optional.of("drinks/coffee/arabica"))).isTrue();
    assertThat(beans.likes(Optional.of("drink"))).isFalse();
    assertThat(beans.likes(Optional.of("drinks/coffeehouse"))).isFalse();
    assertThat(beans.likes(Optional.of("drinks/tea"))).isFalse();
    assertThat(
            ContextFeatures.of(NEWCOMER, ZoneId.of("UTC"), "valueTier")
                .likes(Optional.of("coffee")))
        .isFalse();
  }

  @Test
  void theLatestScorersCategoryStandsThoughDecisionsReuseTheirResolvedCandidates()
      throws InterruptedException {
    BanditLearner learner = new BanditLearner(BanditSettings.defaults());
    List<CandidateOffer> latest = List.of(candidate("x-1", "coffee"), candidate("y-1", "tea"));
    List<CandidateOffer> older = List.of(candidate("x-1", "juice"), candidate("y-1", "tea"));
    learner.scores(ANA, latest, new SplittableRandom(1));
    assertThat(learner.offerCategories()).containsEntry("x-1", "coffee");
    learner.presented(shown("p-1", ANA, "x-1")); // an arm now, with its category as a hint
    learner.scores(ANA, latest, new SplittableRandom(2));
    // a decision on another thread still scoring the catalogue before x-1 moved to coffee (Ana
    // likes coffee and tea, not juice)
    Thread stale = new Thread(() -> learner.scores(ANA, older, new SplittableRandom(3)));
    stale.start();
    stale.join();
    assertThat(learner.offerCategories()).containsEntry("x-1", "juice");
    // the same candidate instances as this thread's last decision: resolved again from memory
    learner.scores(ANA, latest, new SplittableRandom(4));
    assertThat(learner.offerCategories()).containsEntry("x-1", "coffee");
    assertThat(learner.presented(shown("p-2", ANA, "x-1"))).isTrue();
    assertThat(learner.rememberedPresentations().get("p-2").liked()).containsExactly("x-1");
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

    assertThat(learner.thompson().segmentCountsOf("coffee-10", "known/tier-3/liked/affinity-none"))
        .containsExactly(1, 1);
    assertThat(learner.thompson().segmentCountsOf("juice-5", "known/tier-3/other/affinity-none"))
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
    assertThat(arm.dimension()).isEqualTo(102);
    assertThat(arm.b()[97]).isZero();
    assertThat(arm.a()[97 * 102 + 97]).isEqualTo(1.0);
    assertThat(arm.a()[101 * 102 + 101]).isEqualTo(1.0);
    assertThat(restored.migration()).hasValueSatisfying(m -> assertThat(m).contains("version 1"));
    assertThat(arm.expectedReward(x))
        .isCloseTo(
            org.tailor.scoring.bandit.linucb.LinUcbArm.of(d, a, b).expectedReward(x),
            within(1e-12));
    assertThat(restored.thompson().offerCounts("coffee-10")).containsExactly(2, 1);
    assertThat(restored.thompson().allCounts().get("coffee-10")).containsOnlyKeys("");
    // The remembered presentation still takes its redemption, outside the liked segment.
    assertThat(restored.redeemed(redeemed("m1", "p9", "coffee-10"))).isFalse();
    assertThat(restored.redeemed(redeemed("m2", "p9", "coffee-10"))).isTrue();
    assertThat(restored.thompson().allCounts().get("coffee-10")).containsOnlyKeys("");
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
            BanditSettings.Algorithm.THOMPSON, 1, 10, 2, ZoneId.of("UTC"), "valueTier", true, 50);
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
    int[] x = restored.features(NEWCOMER).active(false, PurchaseAffinity.NONE);
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

  /** Ana's last purchases: 20 lines, 4 of coffee (20 %, high), 2 of tea (10 %, mid). */
  static PurchaseAffinity anasHistory() {
    List<org.tailor.plugin.host.PurchasedItem> lines = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String category = i < 4 ? "coffee/beans" : i < 6 ? "tea" : "bakery";
      lines.add(
          new org.tailor.plugin.host.PurchasedItem(
              "sku-" + i, category, 1, java.math.BigDecimal.ONE));
    }
    return PurchaseAffinity.of(
        List.of(
            new org.tailor.plugin.host.PurchaseRecord("L-1001", "S-01", SATURDAY_10_15, lines)));
  }

  static CandidateOffer candidate(String code, String category) {
    return new CandidateOffer(
        code, Optional.of(category), Optional.empty(), Optional.empty(), Optional.empty());
  }

  @Test
  void aKnownShoppersRedemptionLandsInTheSegmentOfTheAffinityLevelItWasShownAt() {
    BanditLearner learner = new BanditLearner(BanditSettings.defaults());
    PurchaseAffinity history = anasHistory();
    List<CandidateOffer> offers =
        List.of(candidate("coffee-10", "coffee"), candidate("juice-5", "juice"));
    learner.scores(ANA, offers, history, new SplittableRandom(1));
    assertThat(learner.presented(shown("p1", ANA, "coffee-10", "juice-5"), history)).isTrue();
    // Before the redemption arrives the shopper buys other things: a decision now would see
    // another level, but the redemption is credited where its presentation's trial was.
    learner.scores(ANA, offers, PurchaseAffinity.EMPTY, new SplittableRandom(2));
    assertThat(learner.redeemed(redeemed("m1", "p1", "coffee-10"))).isTrue();

    String high = "known/tier-3/liked/affinity-high"; // Ana declared coffee; 4 of 20 lines
    assertThat(learner.thompson().segmentCountsOf("coffee-10", high)).containsExactly(1, 1);
    assertThat(learner.thompson().segmentCountsOf("coffee-10", "known/tier-3/liked/affinity-none"))
        .containsExactly(0, 0);
    assertThat(learner.thompson().segmentCountsOf("juice-5", "known/tier-3/other/affinity-none"))
        .containsExactly(1, 0);
    // Offer Beta(1 + 1, 1 + 0), mean 2/3; segment prior Beta(1 + 10·2/3, 1 + 10·1/3) + 1 of 1.
    BetaPosterior posterior = learner.thompson().segmentPosterior("coffee-10", high);
    assertThat(posterior.alpha()).isCloseTo(1 + 20.0 / 3 + 1, within(1e-12));
    assertThat(posterior.beta()).isCloseTo(1 + 10.0 / 3, within(1e-12));
    // LinUCB: coffee learned with "liked" (97) and "high" (98 + 3), juice with "none" (98).
    double[] coffee = learner.linUcb().armOf("coffee-10").orElseThrow().b();
    assertThat(coffee[97]).isEqualTo(1.0);
    assertThat(coffee[101]).isEqualTo(1.0);
    assertThat(coffee[98] + coffee[99] + coffee[100]).isZero();
    double[] juiceA = learner.linUcb().armOf("juice-5").orElseThrow().a();
    assertThat(juiceA[98 * 102 + 98]).isEqualTo(2.0); // I + x xᵀ
    assertThat(juiceA[101 * 102 + 101]).isEqualTo(1.0);

    // Scoring reads the segment of the shopper's level: with the history, the high segment.
    assertThat(learner.scores(ANA, offers, history, new SplittableRandom(3)).reason(0))
        .endsWith(high + " redeemed 1 of 1, all 1 of 1");
    assertThat(
            learner.scores(ANA, offers, PurchaseAffinity.EMPTY, new SplittableRandom(3)).reason(0))
        .endsWith("known/tier-3/liked/affinity-none redeemed 0 of 0, all 1 of 1");
  }

  @Test
  void aNewcomerHasNoLevelAndAKnownShopperWithoutHistoryLevelNone() {
    BanditLearner learner = new BanditLearner(BanditSettings.defaults());
    List<CandidateOffer> offers = List.of(candidate("tea-5", "tea"));
    learner.scores(NEWCOMER, offers, new SplittableRandom(1));
    learner.presented(shown("p1", NEWCOMER, "tea-5"));
    learner.presented(shown("p2", ANA, "tea-5"), PurchaseAffinity.EMPTY);
    learner.presented(shown("p3", ANA, "tea-5"), anasHistory()); // 2 of 20 lines: mid

    assertThat(learner.thompson().allCounts().get("tea-5"))
        .containsOnlyKeys(
            "",
            "/newcomer",
            "/known/tier-3/liked/affinity-none",
            "/known/tier-3/liked/affinity-mid");
    double[] a = learner.linUcb().armOf("tea-5").orElseThrow().a();
    assertThat(a[98 * 102 + 98]).isEqualTo(3.0); // newcomer and no history: level none
    assertThat(a[100 * 102 + 100]).isEqualTo(2.0); // mid once
  }

  /**
   * A remembered presentation keeps, per offer shown (each once, in the order shown), whether the
   * shopper likes its category, their affinity level to it and whether it was redeemed; the
   * situation's features made again from what is kept give the segment the trial was counted in.
   */
  @Test
  void aRememberedPresentationKeepsEachOffersLikingLevelAndRedemption() {
    BanditLearner learner = new BanditLearner(BanditSettings.defaults());
    PurchaseAffinity history = anasHistory();
    learner.scores(
        ANA,
        List.of(candidate("coffee-10", "coffee"), candidate("bags-3", "household")),
        history,
        new SplittableRandom(1));
    learner.presented(shown("p1", ANA, "bags-3", "coffee-10", "bags-3"), history);

    BanditLearner.RememberedPresentation kept = learner.rememberedPresentations().get("p1");
    assertThat(kept.shown()).containsExactly("bags-3", "coffee-10");
    assertThat(kept.liked()).containsExactly("coffee-10");
    assertThat(kept.levels())
        .containsExactly(
            Map.entry("bags-3", PurchaseAffinity.NONE),
            Map.entry("coffee-10", PurchaseAffinity.HIGH));
    assertThat(kept.redeemed()).isEmpty();
    assertThat(kept.features().segment(true, PurchaseAffinity.HIGH))
        .isEqualTo("known/tier-3/liked/affinity-high");

    assertThat(learner.redeemed(redeemed("m1", "p1", "coffee-10"))).isTrue();
    assertThat(learner.redeemed(redeemed("m2", "p1", "coffee-10"))).as("once").isFalse();
    assertThat(kept.redeemed()).containsExactly("coffee-10");
    assertThat(kept.liked()).as("unchanged").containsExactly("coffee-10");
    assertThat(learner.thompson().segmentCountsOf("coffee-10", "known/tier-3/liked/affinity-high"))
        .containsExactly(1, 1);
    assertThat(learner.redeemed(redeemed("m3", "p1", "bags-3"))).isTrue();
    assertThat(kept.redeemed()).containsExactly("bags-3", "coffee-10");
  }

  @Test
  void theLevelsOfRememberedPresentationsSurviveASnapshot() {
    BanditLearner learner = new BanditLearner(BanditSettings.defaults());
    PurchaseAffinity history = anasHistory();
    learner.scores(
        ANA, List.of(candidate("coffee-10", "coffee")), history, new SplittableRandom(1));
    learner.presented(shown("p1", ANA, "coffee-10"), history);

    BanditLearner restored = BanditLearner.restore(learner.snapshot(), BanditSettings.defaults());
    assertThat(restored.migration()).isEmpty();
    assertThat(restored.snapshot()).isEqualTo(learner.snapshot());
    assertThat(restored.rememberedPresentations().get("p1").levels())
        .containsExactly(Map.entry("coffee-10", PurchaseAffinity.HIGH));
    restored.redeemed(redeemed("m1", "p1", "coffee-10"));
    assertThat(restored.thompson().segmentCountsOf("coffee-10", "known/tier-3/liked/affinity-high"))
        .containsExactly(1, 1);
    assertThat(restored.linUcb().armOf("coffee-10").orElseThrow().b()[101]).isEqualTo(1.0);
  }

  @Test
  void migratesAVersionTwoSnapshotKeepingLinUcbExactlyAndDroppingKnownSegments()
      throws java.io.IOException {
    int d = 98;
    int[] x = {0, 3, 12, 26, 97}; // a known shopper, the offer in a declared category
    double[] a = new double[d * d];
    for (int i = 0; i < d; i++) {
      a[i * d + i] = 1;
    }
    for (int i : x) {
      for (int j : x) {
        a[i * d + j] += 1; // shown once, not yet redeemed
      }
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
      out.writeInt(BanditSnapshot.MAGIC);
      out.writeInt(2);
      out.writeInt(d);
      out.writeInt(1); // offers
      out.writeUTF("coffee-10");
      out.writeInt(3);
      out.writeUTF("");
      out.writeLong(5);
      out.writeLong(1);
      out.writeUTF("/known/tier-3/liked");
      out.writeLong(1);
      out.writeLong(0);
      out.writeUTF("/newcomer");
      out.writeLong(4);
      out.writeLong(1);
      out.writeInt(1); // arms
      out.writeUTF("coffee-10");
      for (double v : a) {
        out.writeDouble(v);
      }
      for (int i = 0; i < d; i++) {
        out.writeDouble(0);
      }
      out.writeInt(1); // presentations
      out.writeUTF("p9");
      out.writeUTF("known/tier-3");
      out.writeInt(4);
      for (int i = 0; i < 4; i++) {
        out.writeInt(x[i]);
      }
      out.writeInt(1);
      out.writeUTF("coffee-10"); // shown
      out.writeInt(1);
      out.writeUTF("coffee-10"); // liked
      out.writeInt(0); // redeemed
      out.writeInt(0); // redemptions
      out.writeInt(1); // categories
      out.writeUTF("coffee-10");
      out.writeUTF("coffee");
    }

    BanditLearner restored = BanditLearner.restore(bytes.toByteArray(), BanditSettings.defaults());

    assertThat(restored.migration())
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("snapshot version 2 migrated to 3")
                    .contains("1 known-shopper segment counts dropped"));
    assertThat(restored.thompson().allCounts().get("coffee-10")).containsOnlyKeys("", "/newcomer");
    assertThat(restored.thompson().segmentCountsOf("coffee-10", "newcomer")).containsExactly(4, 1);
    var arm = restored.linUcb().armOf("coffee-10").orElseThrow();
    assertThat(arm.dimension()).isEqualTo(102);
    for (int i = 98; i < 102; i++) {
      assertThat(arm.a()[i * 102 + i]).isEqualTo(1.0);
      assertThat(arm.a()[i * 102 + 97]).isZero();
    }
    // The presentation remembered by version 2 takes its redemption with the features its trial
    // was learned with (no level): b = x, and the offer's own count.
    assertThat(restored.redeemed(redeemed("m1", "p9", "coffee-10"))).isTrue();
    double[] b = restored.linUcb().armOf("coffee-10").orElseThrow().b();
    for (int i = 0; i < 102; i++) {
      assertThat(b[i]).as("b[%d]", i).isEqualTo(java.util.Arrays.binarySearch(x, i) >= 0 ? 1 : 0);
    }
    assertThat(restored.thompson().offerCounts("coffee-10")).containsExactly(5, 2);
    // and it is saved as version 3 from now on
    BanditLearner again = BanditLearner.restore(restored.snapshot(), BanditSettings.defaults());
    assertThat(again.migration()).isEmpty();
    assertThat(again.snapshot()).isEqualTo(restored.snapshot());
  }
}
