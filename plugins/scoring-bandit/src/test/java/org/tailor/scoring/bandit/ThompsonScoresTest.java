package org.tailor.scoring.bandit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.CandidateScores;
import org.tailor.plugin.Decimals;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.ShopperProfile;
import org.tailor.plugin.host.PresentationEvent;
import org.tailor.plugin.host.PurchaseRecord;
import org.tailor.plugin.host.PurchasedItem;
import org.tailor.plugin.host.RedemptionEvent;
import org.tailor.plugin.host.ShownOffer;
import org.tailor.scoring.bandit.thompson.BetaPosterior;
import org.tailor.scoring.bandit.thompson.ReferenceBeta;

/**
 * Thompson scoring against its definition: each candidate's score is the reference Beta draw (as
 * first written, {@link ReferenceBeta}) from its segment's posterior as the model's public
 * accessors give it at scoring time, drawn in candidate order from the same generator state — over
 * many decisions of shoppers in many segments, between which the model learns, offers are shown for
 * the first time and candidate lists change.
 */
class ThompsonScoresTest {

  private static final Instant AT = Instant.parse("2026-03-07T10:15:30Z");
  private static final int OFFERS = 120;
  private static final int CATEGORIES = 8;

  private final SplittableRandom random = new SplittableRandom(2026);

  @Test
  void everyScoreIsTheReferenceDrawFromTheCountsAtScoringTime() {
    BanditLearner learner = new BanditLearner(BanditSettings.defaults());
    List<CandidateOffer> catalogue = new ArrayList<>();
    for (int i = 0; i < OFFERS; i++) {
      Optional<String> category =
          i % 11 == 0
              ? Optional.empty()
              : Optional.of("cat-" + i % CATEGORIES + (i % 3 == 0 ? "/sub" : ""));
      catalogue.add(
          new CandidateOffer(
              "O-" + i, category, Optional.empty(), Optional.empty(), Optional.empty()));
    }
    int shoppers = 30;
    DecisionContext[] contexts = new DecisionContext[shoppers];
    PurchaseAffinity[] affinities = new PurchaseAffinity[shoppers];
    for (int s = 0; s < shoppers; s++) {
      contexts[s] = context(s);
      affinities[s] = s % 6 == 0 ? PurchaseAffinity.EMPTY : affinity(s);
    }

    long presentations = 0;
    for (int decision = 0; decision < 600; decision++) {
      int shopper = random.nextInt(shoppers);
      // mostly the catalogue itself (its resolved arms reused), sometimes a part of it
      List<CandidateOffer> candidates =
          decision % 5 == 4
              ? catalogue.subList(
                  random.nextInt(OFFERS / 2), OFFERS / 2 + random.nextInt(OFFERS / 2))
              : catalogue;
      long seed = random.nextLong();

      ContextFeatures features = learner.features(contexts[shopper]);
      double[] expected = new double[candidates.size()];
      String[] reasons = new String[candidates.size()];
      SplittableRandom reference = new SplittableRandom(seed);
      for (int i = 0; i < candidates.size(); i++) {
        CandidateOffer candidate = candidates.get(i);
        Optional<String> category = candidate.category();
        boolean liked = features.likes(category);
        int level =
            category.isEmpty() ? PurchaseAffinity.NONE : affinities[shopper].level(category.get());
        String segment = features.segment(liked, level);
        BetaPosterior posterior =
            learner.thompson().segmentPosterior(candidate.offerCode(), segment);
        expected[i] = ReferenceBeta.beta(posterior.alpha(), posterior.beta(), reference);
        long[] all = learner.thompson().offerCounts(candidate.offerCode());
        long[] in = learner.thompson().segmentCountsOf(candidate.offerCode(), segment);
        reasons[i] =
            "Thompson draw "
                + Decimals.fixed(expected[i], 3)
                + " from Beta("
                + Decimals.fixed(posterior.alpha(), 1)
                + ", "
                + Decimals.fixed(posterior.beta(), 1)
                + "): "
                + segment
                + " redeemed "
                + in[1]
                + " of "
                + in[0]
                + ", all "
                + all[1]
                + " of "
                + all[0];
      }

      SplittableRandom ours = new SplittableRandom(seed);
      CandidateScores scores =
          learner.scores(contexts[shopper], candidates, affinities[shopper], ours);
      for (int i = 0; i < candidates.size(); i++) {
        assertThat(scores.score(i))
            .as("decision %d, candidate %s", decision, candidates.get(i).offerCode())
            .isEqualTo(expected[i]);
      }
      assertThat(ours.nextLong()).as("generators in step").isEqualTo(reference.nextLong());

      // learn before the reasons are asked for: they still name the counts drawn from
      int[] shown = {random.nextInt(candidates.size()), random.nextInt(candidates.size())};
      String id = "P-" + presentations++;
      learner.presented(
          new PresentationEvent(
              id,
              contexts[shopper],
              false,
              List.of(
                  new ShownOffer(candidates.get(shown[0]).offerCode(), 1, 0.5, "test"),
                  new ShownOffer(candidates.get(shown[1]).offerCode(), 2, 0.5, "test"))),
          affinities[shopper]);
      if (random.nextInt(4) == 0) {
        learner.redeemed(
            new RedemptionEvent(
                "M-" + id, Optional.of(id), candidates.get(shown[0]).offerCode(), AT));
      }
      int asked = shown[0];
      assertThat(scores.reason(asked)).isEqualTo(reasons[asked]);
    }
    assertThat(learner.thompson().armCount()).as("most offers shown by the end").isGreaterThan(100);
  }

  /**
   * A newcomer for every sixth shopper, else a known one of one of 4 tiers with 2 liked categories.
   */
  private DecisionContext context(int shopper) {
    if (shopper % 6 == 0) {
      return new DecisionContext(Optional.empty(), "S-01", Optional.empty(), "kiosk", AT);
    }
    return new DecisionContext(
        Optional.of(
            new ShopperProfile(
                "L-" + shopper,
                Optional.empty(),
                "en",
                Optional.empty(),
                List.of("cat-" + random.nextInt(CATEGORIES), "cat-" + random.nextInt(CATEGORIES)),
                Map.of("valueTier", String.valueOf(1 + shopper % 4)))),
        "S-01",
        Optional.of("K-1"),
        "kiosk",
        AT);
  }

  /** Recent purchases spread over a few categories, so that each level occurs. */
  private PurchaseAffinity affinity(int shopper) {
    List<PurchasedItem> lines = new ArrayList<>();
    for (int l = 0; l < 30; l++) {
      String category = "cat-" + random.nextInt(1 + shopper % CATEGORIES);
      lines.add(new PurchasedItem("SKU-" + l, category, 1, BigDecimal.ONE));
    }
    return PurchaseAffinity.of(List.of(new PurchaseRecord("R-" + shopper, "S-01", AT, lines)));
  }
}
