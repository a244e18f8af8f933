package org.tailor.server.decision;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.tailor.plugin.Decimals;
import org.tailor.server.offer.ActiveOffer;

/**
 * Not a test: a measurement of the CPU of ranking 1,000 scored offers into 3 slots (with their
 * explanations) and of {@link Decimals}, in nanoseconds per call, for comparing changes on one
 * machine. Run with the test classpath: {@code java -cp ... RankingCpuMeasurement}.
 */
final class RankingCpuMeasurement {

  private RankingCpuMeasurement() {}

  public static void main(String[] args) {
    SplittableRandom random = new SplittableRandom(11);
    List<ActiveOffer> offers = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      offers.add(
          new ActiveOffer(
              i,
              String.format("bench-offer-%04d", i),
              Optional.of("category-" + random.nextInt(40)),
              Optional.of(BigDecimal.valueOf(5 + random.nextInt(6) * 5L)),
              Optional.empty(),
              Instant.parse("2030-01-01T00:00:00Z"),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              BigDecimal.ZERO,
              Map.of(),
              Optional.empty()));
    }
    // as the benchmark's plugins score them: few distinct values, so many ties
    double[] scores = new double[offers.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = 0.25 * random.nextInt(6) + (random.nextInt(10) == 0 ? 1.5 : 0);
    }
    ScoredOffers scored =
        new ScoredOffers(offers, scores, index -> "value +0.750×1.00: steady; discount 10%");
    // as with a bandit plugin's draws added: no ties
    double[] drawn = scores.clone();
    for (int i = 0; i < drawn.length; i++) {
      drawn[i] += random.nextDouble();
    }
    ScoredOffers untied =
        new ScoredOffers(offers, drawn, index -> "value +0.750×1.00: steady; discount 10%");
    OfferRanking ranking = new OfferRanking(0.1);
    double[] values = new double[4096];
    for (int i = 0; i < values.length; i++) {
      values[i] = (random.nextDouble() - 0.3) * Math.pow(10, random.nextInt(-3, 5));
    }
    for (int round = 0; round < 5; round++) {
      SplittableRandom draws = new SplittableRandom(3);
      long sink = 0;
      int calls = 100_000;
      long start = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        sink += ranking.rank(scored, 3, draws).get(0).rank();
      }
      long rank = (System.nanoTime() - start) / calls;
      start = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        sink += ranking.rank(untied, 3, draws).get(0).rank();
      }
      long rankUntied = (System.nanoTime() - start) / calls;
      calls = 3_000_000;
      start = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        sink += Decimals.fixed(values[i & 4095], 3).length();
      }
      long fixed = (System.nanoTime() - start) / calls;
      start = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        sink += Decimals.signed(values[i & 4095], 2).length();
      }
      long signed = (System.nanoTime() - start) / calls;
      System.out.printf(
          "round %d: rank(1000 offers, 3 slots) tied scores %d ns, untied %d ns,"
              + " Decimals.fixed(v, 3) %d ns, Decimals.signed(v, 2) %d ns (%d)%n",
          round, rank, rankUntied, fixed, signed, sink);
    }
  }
}
