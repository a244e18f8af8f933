package org.tailor.server.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.tailor.server.offer.ActiveOffer;

class OfferRankingTest {

  private static ActiveOffer offer(String code, String category) {
    return new ActiveOffer(
        code.hashCode(),
        code,
        Optional.of(category),
        Optional.empty(),
        Optional.empty(),
        Instant.parse("2030-01-01T00:00:00Z"),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        BigDecimal.ZERO,
        Map.of(),
        Optional.empty());
  }

  private static final ScoredOffers FOUR =
      new ScoredOffers(
          List.of(offer("a", "tea"), offer("b", "tea"), offer("c", "coffee"), offer("d", "cake")),
          new double[] {3.0, 2.0, 1.0, 0.5},
          index -> index == 3 ? "" : "liked " + "abc".charAt(index));

  @Test
  void withoutExplorationTheBestOfANewCategoryComesFirstAndEveryProbabilityIsOne() {
    List<RankedOffer> ranked = new OfferRanking(0.0).rank(FOUR, 4, new SplittableRandom(1));

    assertThat(ranked).extracting(r -> r.offer().code()).containsExactly("a", "c", "d", "b");
    assertThat(ranked).allSatisfy(r -> assertThat(r.probability()).isEqualTo(1.0));
    assertThat(ranked).extracting(RankedOffer::rank).containsExactly(1, 2, 3, 4);
    assertThat(ranked)
        .extracting(RankedOffer::explanation)
        .containsExactly(
            "score 3.000; liked a",
            "score 1.000; liked c",
            "score 0.500; no plugin scored it",
            "score 2.000; liked b");
  }

  @Test
  void aRankingAfterALargerOneOnTheSameThreadRanksAsTheFirstOfTheThread() {
    // the thread's working arrays: six offers all placed, higher scores beyond the fourth
    ScoredOffers six =
        new ScoredOffers(
            List.of(
                offer("a", "tea"),
                offer("b", "tea"),
                offer("c", "tea"),
                offer("d", "tea"),
                offer("e", "tea"),
                offer("f", "tea")),
            new double[] {1, 1, 1, 1, 9, 9},
            index -> "");
    assertThat(new OfferRanking(0.5).rank(six, 6, new SplittableRandom(7))).hasSize(6);

    List<RankedOffer> ranked = new OfferRanking(0.0).rank(FOUR, 4, new SplittableRandom(1));

    assertThat(ranked).extracting(r -> r.offer().code()).containsExactly("a", "c", "d", "b");
  }

  @Test
  void reasonsAreAskedForOnlyForTheOffersPlaced() {
    List<Integer> asked = new java.util.ArrayList<>();
    ScoredOffers offers =
        new ScoredOffers(
            FOUR.offers(),
            FOUR.scores(),
            index -> {
              asked.add(index);
              return "reason " + index;
            });

    List<RankedOffer> ranked = new OfferRanking(0.0).rank(offers, 2, new SplittableRandom(1));

    assertThat(ranked).extracting(r -> r.offer().code()).containsExactly("a", "c");
    assertThat(asked).containsExactly(0, 2);
  }

  @Test
  void theFirstSlotsLoggedProbabilityIsHowOftenEachOfferReallyLandsThere() {
    OfferRanking ranking = new OfferRanking(0.2);
    SplittableRandom random = new SplittableRandom(42);
    Map<String, Integer> counts = new HashMap<>();
    Map<String, Double> logged = new HashMap<>();
    int draws = 40_000;
    for (int i = 0; i < draws; i++) {
      RankedOffer first = ranking.rank(FOUR, 1, random).get(0);
      counts.merge(first.offer().code(), 1, Integer::sum);
      logged.put(first.offer().code(), first.probability());
    }
    // best: 0.8 + 0.2/4 = 0.85; the others 0.2/4 = 0.05
    assertThat(logged.get("a")).isCloseTo(0.85, within(1e-12));
    assertThat(logged.get("d")).isCloseTo(0.05, within(1e-12));
    for (String code : List.of("a", "b", "c", "d")) {
      // 4.5 standard errors of a proportion at n = 40,000: deterministic with the fixed seed
      double p = logged.get(code);
      double sd = Math.sqrt(p * (1 - p) / draws);
      assertThat(counts.get(code) / (double) draws).isCloseTo(p, within(4.5 * sd));
    }
  }

  @Test
  void explorationIsMarkedInTheExplanation() {
    OfferRanking ranking = new OfferRanking(0.99);
    List<RankedOffer> ranked = ranking.rank(FOUR, 4, new SplittableRandom(3));

    assertThat(ranked).anySatisfy(r -> assertThat(r.explanation()).startsWith("exploration"));
    assertThat(ranked)
        .allSatisfy(
            r -> assertThat(r.explored()).isEqualTo(r.explanation().startsWith("exploration")));
  }

  @Property(tries = 300)
  void everyLoggedProbabilityIsInZeroToOneAndNoOfferIsShownTwice(
      @ForAll @DoubleRange(min = 0.0, max = 0.99) double exploration,
      @ForAll @IntRange(min = 1, max = 6) int slots,
      @ForAll long seed) {
    List<RankedOffer> ranked =
        new OfferRanking(exploration).rank(FOUR, slots, new SplittableRandom(seed));

    assertThat(ranked).hasSize(Math.min(slots, FOUR.size()));
    assertThat(ranked).extracting(r -> r.offer().code()).doesNotHaveDuplicates();
    assertThat(ranked)
        .allSatisfy(r -> assertThat(r.probability()).isGreaterThan(0.0).isLessThanOrEqualTo(1.0));
  }

  /**
   * The same offers, in the same order, with the same probabilities and explanations as the ranking
   * before it marked shown categories once per slot ({@link #rankedAsBefore}), for random offers
   * with many ties, offers without a category, and exploration.
   */
  @Test
  void ranksAsTheRankingComparingEveryShownCategoryDid() {
    SplittableRandom random = new SplittableRandom(99);
    for (int round = 0; round < 3_000; round++) {
      int n = random.nextInt(1, 40);
      List<ActiveOffer> offers = new java.util.ArrayList<>();
      double[] scores = new double[n];
      for (int i = 0; i < n; i++) {
        String code = "o" + random.nextInt(1000) + "-" + i;
        // new String: equal categories need not be the same instance
        offers.add(
            random.nextInt(5) == 0
                ? withoutCategory(code)
                : offer(code, new String("c" + random.nextInt(6))));
        scores[i] = random.nextInt(4) * 0.5;
      }
      ScoredOffers scored = new ScoredOffers(offers, scores, index -> "r" + index);
      double exploration = random.nextBoolean() ? 0.0 : random.nextDouble(0.0, 0.9);
      int slots = random.nextInt(1, 8);
      long seed = random.nextLong();

      List<RankedOffer> ranked =
          new OfferRanking(exploration).rank(scored, slots, new SplittableRandom(seed));

      assertThat(ranked)
          .isEqualTo(rankedAsBefore(scored, slots, exploration, new SplittableRandom(seed)));
    }
  }

  /**
   * Offers whose codes ascend, said to be in code order, are ranked as when the ranking compares
   * the codes of equal scores itself: the same offers, probabilities and explanations.
   */
  @Test
  void offersInCodeOrderRankAsWhenTheirCodesAreCompared() {
    SplittableRandom random = new SplittableRandom(7);
    for (int round = 0; round < 3_000; round++) {
      int n = random.nextInt(1, 60);
      java.util.TreeSet<String> codes = new java.util.TreeSet<>();
      while (codes.size() < n) {
        codes.add("o" + random.nextInt(10_000));
      }
      List<ActiveOffer> offers = new java.util.ArrayList<>();
      for (String code : codes) {
        offers.add(
            random.nextInt(5) == 0
                ? withoutCategory(code)
                : offer(code, new String("c" + random.nextInt(6))));
      }
      double[] scores = new double[n];
      for (int i = 0; i < n; i++) {
        scores[i] = random.nextInt(3) * 0.5; // many ties
      }
      double exploration = random.nextBoolean() ? 0.0 : random.nextDouble(0.0, 0.9);
      int slots = random.nextInt(1, 8);
      long seed = random.nextLong();
      OfferRanking ranking = new OfferRanking(exploration);

      List<RankedOffer> inOrder =
          ranking.rank(
              new ScoredOffers(offers, scores, index -> "r" + index, true),
              slots,
              new SplittableRandom(seed));

      assertThat(inOrder)
          .isEqualTo(
              ranking.rank(
                  new ScoredOffers(offers, scores, index -> "r" + index, false),
                  slots,
                  new SplittableRandom(seed)));
    }
  }

  /** The scores' order keys order them as Double.compare does, the special values included. */
  @Test
  void orderKeysCompareAsDoubleCompare() {
    double[] special = {
      0.0,
      -0.0,
      Double.NaN,
      Double.longBitsToDouble(0x7ff0000000000123L), // another NaN
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.MIN_VALUE,
      -Double.MIN_VALUE,
      Double.MAX_VALUE,
      -Double.MAX_VALUE,
      Double.MIN_NORMAL,
      1.0,
      -1.0,
      0.5,
      -0.5
    };
    SplittableRandom random = new SplittableRandom(5);
    double[] values = new double[special.length + 500];
    System.arraycopy(special, 0, values, 0, special.length);
    for (int i = special.length; i < values.length; i++) {
      values[i] =
          random.nextBoolean()
              ? Double.longBitsToDouble(random.nextLong())
              : (random.nextInt(7) - 3) * 0.25;
    }
    for (double a : values) {
      for (double b : values) {
        assertThat(Long.signum(Long.compare(OfferRanking.orderKey(a), OfferRanking.orderKey(b))))
            .as("%s vs %s", a, b)
            .isEqualTo(Integer.signum(Double.compare(a, b)));
      }
    }
  }

  private static ActiveOffer withoutCategory(String code) {
    ActiveOffer offer = offer(code, "x");
    return new ActiveOffer(
        offer.id(),
        code,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        offer.validUntil(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        BigDecimal.ZERO,
        Map.of(),
        Optional.empty());
  }

  /** The ranking as it was: every offer's category compared with every category shown. */
  private static List<RankedOffer> rankedAsBefore(
      ScoredOffers scored, int slots, double exploration, SplittableRandom random) {
    List<ActiveOffer> remaining = new java.util.ArrayList<>(scored.offers());
    List<Integer> positions = new java.util.ArrayList<>();
    for (int i = 0; i < remaining.size(); i++) {
      positions.add(i);
    }
    List<String> shown = new java.util.ArrayList<>();
    List<RankedOffer> ranked = new java.util.ArrayList<>();
    while (ranked.size() < slots && !remaining.isEmpty()) {
      int n = remaining.size();
      int best = 0;
      for (int i = 1; i < n; i++) {
        boolean isNew = remaining.get(i).category().map(c -> !shown.contains(c)).orElse(true);
        boolean bestNew = remaining.get(best).category().map(c -> !shown.contains(c)).orElse(true);
        double score = scored.scores()[positions.get(i)];
        double bestScore = scored.scores()[positions.get(best)];
        if (isNew != bestNew) {
          if (isNew) {
            best = i;
          }
        } else if (Double.compare(score, bestScore) > 0
            || (score == bestScore
                && remaining.get(i).code().compareTo(remaining.get(best).code()) < 0)) {
          best = i;
        }
      }
      boolean explore = exploration > 0 && random.nextDouble() < exploration;
      int chosen = explore ? random.nextInt(n) : best;
      double probability = (chosen == best ? 1.0 - exploration : 0.0) + exploration / n;
      int position = positions.get(chosen);
      ranked.add(
          new RankedOffer(
              remaining.get(chosen),
              ranked.size() + 1,
              Math.min(1.0, probability),
              explore,
              (explore ? "exploration; " : "")
                  + "score "
                  + String.format(java.util.Locale.ROOT, "%.3f", scored.scores()[position])
                  + "; "
                  + scored.reasons(position)));
      remaining.get(chosen).category().ifPresent(shown::add);
      remaining.remove(chosen);
      positions.remove(chosen);
    }
    return ranked;
  }
}
