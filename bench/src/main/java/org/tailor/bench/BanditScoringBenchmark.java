package org.tailor.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.CandidateScores;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.ShopperProfile;
import org.tailor.plugin.host.PresentationEvent;
import org.tailor.plugin.host.PurchaseRecord;
import org.tailor.plugin.host.PurchasedItem;
import org.tailor.plugin.host.RedemptionEvent;
import org.tailor.plugin.host.ShownOffer;
import org.tailor.scoring.bandit.BanditLearner;
import org.tailor.scoring.bandit.BanditSettings;
import org.tailor.scoring.bandit.PurchaseAffinity;

/**
 * The bandit plugin's CPU per decision, in process and on one thread: a Thompson-sampling {@link
 * BanditLearner} with the default settings scores 1,000 candidate offers per decision for shoppers
 * of several tiers, preferred categories and purchase affinities (so many segments per offer).
 *
 * <p>After a warm-up that shows 3 offers per decision and redeems 2 % of them, two phases are
 * timed, each printed as a JSON line: {@code score} (decisions only; nothing learned, so every
 * posterior stays prepared) and {@code scoreAndLearn} (each decision followed by learning its
 * presentation of the 3 best-scored offers, and a redemption of 2 % of them — the model changes as
 * in service, and the posteriors of changed offers are prepared again). Each phase runs {@code
 * --rounds} times; the lines give every round's CPU time of the benchmark's thread per decision
 * (less disturbed than the wall-clock time by other processes on a shared machine) and wall-clock
 * time per decision, and their medians, and the same two for the {@code scores} call alone, with
 * the bytes that call allocates on the thread per decision. {@code scoresChecksum} hashes every
 * score and the reasons of the 3 offers shown, in order: with the same seed it is the same number
 * as long as scoring gives the very same draws and words.
 *
 * <p>On its own the benchmark keeps the bandit's few megabytes in the processor's caches, which a
 * server does not: between two decisions it also reads the shopper index, the history model and the
 * other plugins' data. {@code --pollute-mb} writes one long per 64-byte cache line of an array of
 * that many megabytes before each decision, so that scoring finds its data evicted, as in service;
 * the time spent polluting counts in the per-decision figures but not in those of the {@code
 * scores} call.
 *
 * <pre>
 * java -cp "$CP" org.tailor.bench.BanditScoringBenchmark [--decisions 20000] [--rounds 5] \
 *     [--phases score,scoreAndLearn] [--pollute-mb 0]
 * </pre>
 */
public final class BanditScoringBenchmark {

  private static final int OFFERS = 1_000;
  private static final int CATEGORIES = 40;
  private static final int SHOPPERS = 500;
  private static final int SHOWN = 3;
  private static final double REDEEMED = 0.02;
  private static final Instant AT = Instant.parse("2026-03-07T10:15:30Z");

  private final SplittableRandom random = new SplittableRandom(2026);
  private final List<CandidateOffer> candidates = new ArrayList<>();
  private final DecisionContext[] contexts = new DecisionContext[SHOPPERS];
  private final PurchaseAffinity[] affinities = new PurchaseAffinity[SHOPPERS];
  private final BanditLearner learner = new BanditLearner(BanditSettings.defaults());
  private long presentations;
  private long redemptions;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.ThreadMXBean allocation =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private long scoringBytes;
  private long checksum = 17;
  private long[] pollution = new long[0];
  private long scoringNanos;
  private long scoringCpuNanos;

  private BanditScoringBenchmark() {
    for (int i = 0; i < OFFERS; i++) {
      String category = ("cat-" + i % CATEGORIES + (i % 3 == 0 ? "/sub" : "")).intern();
      candidates.add(
          new CandidateOffer(
              String.format("O-%04d", i).intern(),
              Optional.of(category),
              Optional.empty(),
              Optional.empty(),
              Optional.empty()));
    }
    for (int s = 0; s < SHOPPERS; s++) {
      if (s % 5 == 0) {
        contexts[s] = new DecisionContext(Optional.empty(), "S-01", Optional.empty(), "kiosk", AT);
        affinities[s] = PurchaseAffinity.EMPTY;
        continue;
      }
      List<String> liked =
          List.of("cat-" + random.nextInt(CATEGORIES), "cat-" + random.nextInt(CATEGORIES));
      contexts[s] =
          new DecisionContext(
              Optional.of(
                  new ShopperProfile(
                      "L-" + s,
                      Optional.empty(),
                      "en",
                      Optional.empty(),
                      liked,
                      Map.of("valueTier", String.valueOf(1 + s % 5)))),
              "S-0" + (1 + s % 4),
              Optional.of("K-1"),
              "kiosk",
              AT);
      List<PurchasedItem> lines = new ArrayList<>();
      for (int l = 0; l < 12; l++) {
        String category = "cat-" + random.nextInt(CATEGORIES / 4) * 4;
        lines.add(new PurchasedItem("SKU-" + l, category, 1, BigDecimal.ONE));
      }
      affinities[s] = PurchaseAffinity.of(List.of(new PurchaseRecord("R-" + s, "S-01", AT, lines)));
    }
  }

  public static void main(String[] args) {
    int decisions = 20_000;
    int rounds = 5;
    List<String> phases = List.of("score", "scoreAndLearn");
    int polluteMb = 0;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--decisions" -> decisions = Integer.parseInt(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        case "--phases" -> phases = List.of(args[i + 1].split(","));
        case "--pollute-mb" -> polluteMb = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    BanditScoringBenchmark benchmark = new BanditScoringBenchmark();
    double sink = 0;
    for (int i = 0; i < 20_000; i++) { // warm-up, and a model with some thousands of events
      sink += benchmark.decide(true);
    }
    benchmark.pollution = new long[polluteMb * (1 << 20) / Long.BYTES];
    for (String phase : phases) {
      switch (phase) {
        case "score" -> sink += benchmark.phase(phase, false, decisions, rounds);
        case "scoreAndLearn" -> sink += benchmark.phase(phase, true, decisions, rounds);
        default -> throw new IllegalArgumentException("unknown phase " + phase);
      }
    }
    System.err.println("sink " + sink);
  }

  private double phase(String name, boolean learn, int decisions, int rounds) {
    double sink = 0;
    long[] perDecision = new long[rounds];
    long[] cpuPerDecision = new long[rounds];
    long[] scoringPerDecision = new long[rounds];
    long[] scoringCpuPerDecision = new long[rounds];
    long[] scoringBytesPerDecision = new long[rounds];
    checksum = 17;
    for (int r = 0; r < rounds; r++) {
      scoringNanos = 0;
      scoringCpuNanos = 0;
      scoringBytes = 0;
      long start = System.nanoTime();
      long cpuStart = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < decisions; i++) {
        sink += pollute();
        sink += decide(learn);
      }
      cpuPerDecision[r] = (threads.getCurrentThreadCpuTime() - cpuStart) / decisions;
      perDecision[r] = (System.nanoTime() - start) / decisions;
      scoringPerDecision[r] = scoringNanos / decisions;
      scoringCpuPerDecision[r] = scoringCpuNanos / decisions;
      scoringBytesPerDecision[r] = scoringBytes / decisions;
    }
    System.out.println(
        JsonLine.of("banditScoring")
            .add("phase", name)
            .add("offers", OFFERS)
            .add("decisions", decisions)
            .add("cpuNsPerDecision", Arrays.toString(cpuPerDecision))
            .add("medianCpuNsPerDecision", median(cpuPerDecision))
            .add("wallNsPerDecision", Arrays.toString(perDecision))
            .add("medianWallNsPerDecision", median(perDecision))
            .add("pollutedMbPerDecision", pollution.length * (long) Long.BYTES >> 20)
            .add("scoringCpuNsPerDecision", Arrays.toString(scoringCpuPerDecision))
            .add("medianScoringCpuNsPerDecision", median(scoringCpuPerDecision))
            .add("scoringWallNsPerDecision", Arrays.toString(scoringPerDecision))
            .add("medianScoringWallNsPerDecision", median(scoringPerDecision))
            .add("scoringBytesPerDecision", Arrays.toString(scoringBytesPerDecision))
            .add("medianScoringBytesPerDecision", median(scoringBytesPerDecision))
            .add("scoresChecksum", checksum)
            .add("presentations", presentations)
            .add("redemptions", redemptions));
    return sink;
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** Writes one long per cache line of the pollution array, evicting the bandit's data. */
  private long pollute() {
    long[] lines = pollution;
    for (int i = 0; i < lines.length; i += 8) {
      lines[i]++;
    }
    return lines.length == 0 ? 0 : lines[0];
  }

  /** One decision: scores every candidate, and when learning shows the 3 best and may redeem. */
  private double decide(boolean learn) {
    int shopper = random.nextInt(SHOPPERS);
    DecisionContext context = contexts[shopper];
    PurchaseAffinity affinity = affinities[shopper];
    long cpuStart = threads.getCurrentThreadCpuTime();
    long bytesStart = allocation.getCurrentThreadAllocatedBytes();
    long start = System.nanoTime();
    CandidateScores scores = learner.scores(context, candidates, affinity, random);
    scoringNanos += System.nanoTime() - start;
    scoringCpuNanos += threads.getCurrentThreadCpuTime() - cpuStart;
    scoringBytes += allocation.getCurrentThreadAllocatedBytes() - bytesStart;
    int[] best = {-1, -1, -1};
    for (int i = 0; i < OFFERS; i++) {
      double score = scores.score(i);
      for (int b = 0; b < SHOWN; b++) {
        if (best[b] < 0 || score > scores.score(best[b])) {
          System.arraycopy(best, b, best, b + 1, SHOWN - 1 - b);
          best[b] = i;
          break;
        }
      }
      checksum = 31 * checksum + Double.doubleToLongBits(score);
    }
    for (int b = 0; b < SHOWN; b++) { // the host asks for the reasons of the offers it shows
      checksum = 31 * checksum + scores.reason(best[b]).hashCode();
    }
    if (learn) {
      String id = "P-" + presentations++;
      List<ShownOffer> shown = new ArrayList<>(SHOWN);
      for (int b = 0; b < SHOWN; b++) {
        shown.add(new ShownOffer(candidates.get(best[b]).offerCode(), b + 1, 0.5, "bench"));
      }
      learner.presented(new PresentationEvent(id, context, false, shown), affinity);
      for (int b = 0; b < SHOWN; b++) {
        if (random.nextDouble() < REDEEMED) {
          learner.redeemed(
              new RedemptionEvent(
                  "M-" + redemptions++, Optional.of(id), shown.get(b).offerCode(), AT));
        }
      }
    }
    return scores.score(best[0]);
  }
}
