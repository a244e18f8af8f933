package org.tailor.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.host.PresentationEvent;
import org.tailor.plugin.host.RedemptionEvent;
import org.tailor.plugin.host.ShownOffer;
import org.tailor.scoring.bandit.BanditLearner;
import org.tailor.scoring.bandit.BanditSettings;

/**
 * How long the bandit's save holds the learner's lock, and what a decision's scoring waits for
 * meanwhile: a {@link BanditLearner} with the default settings, 1,000 offers (each with a LinUCB
 * arm and Thompson counts in many segments) and the default 100,000 remembered presentations.
 *
 * <p>Prints JSON lines: {@code hold}, the wall-clock and CPU time of {@link
 * BanditLearner#snapshotChunks()} alone (which holds the read lock throughout) and the snapshot's
 * size; then, for each arrangement, a run in which one thread scores the 1,000 offers back to back,
 * presentations arrive at {@code --rate} a second (3 offers each, 2 % redeemed) and the state is
 * saved every {@code --save-every-ms}: {@code learningThread}, as {@code BanditScoringPlugin} does
 * it (events are learned on one learning thread, and the save is a task on that same thread, so no
 * writer waits while it holds the read lock), and {@code saverThread}, the save on a thread of its
 * own (a writer then queues behind the save's read lock, and the non-fair {@code
 * ReentrantReadWriteLock} makes every new reader wait behind the writer). Each line gives the
 * scoring calls' latencies (all, and those begun during a save), the saves' durations and the
 * learning lag (from an event's arrival to its being learned).
 *
 * <pre>
 * java -cp "$CP" org.tailor.bench.BanditSaveLockBenchmark [--saves 8] [--rate 2000] \
 *     [--save-every-ms 1000] [--arrangements learningThread,saverThread]
 * </pre>
 */
public final class BanditSaveLockBenchmark {

  private static final int OFFERS = 1_000;
  private static final int CATEGORIES = 40;

  private final SplittableRandom random = new SplittableRandom(2026);
  private final List<CandidateOffer> candidates = new ArrayList<>();
  private final BanditLearner learner = new BanditLearner(BanditSettings.defaults());
  private long events;

  private BanditSaveLockBenchmark() {
    for (int i = 0; i < OFFERS; i++) {
      candidates.add(
          new CandidateOffer(
              String.format("O-%04d", i).intern(),
              Optional.of("cat-" + i % CATEGORIES),
              Optional.empty(),
              Optional.empty(),
              Optional.empty()));
    }
  }

  public static void main(String[] args) throws Exception {
    int saves = 8;
    int rate = 2_000;
    long saveEveryMs = 1_000;
    List<String> arrangements = List.of("learningThread", "saverThread");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--saves" -> saves = Integer.parseInt(args[i + 1]);
        case "--rate" -> rate = Integer.parseInt(args[i + 1]);
        case "--save-every-ms" -> saveEveryMs = Long.parseLong(args[i + 1]);
        case "--arrangements" -> arrangements = List.of(args[i + 1].split(","));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    BanditSaveLockBenchmark benchmark = new BanditSaveLockBenchmark();
    SplittableRandom draws = new SplittableRandom(7);
    learnerScores(benchmark, draws); // the offers' categories, remembered by scoring
    int remembered = BanditSettings.defaults().rememberedPresentations();
    for (int p = 0; p < remembered + remembered / 10; p++) {
      benchmark.event().run();
    }
    long[] holds = new long[5];
    long[] holdsCpu = new long[holds.length];
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long bytes = 0;
    for (int r = 0; r < holds.length; r++) {
      long start = System.nanoTime();
      long cpuStart = threads.getCurrentThreadCpuTime();
      List<ByteBuffer> chunks = benchmark.learner.snapshotChunks();
      holds[r] = System.nanoTime() - start;
      holdsCpu[r] = threads.getCurrentThreadCpuTime() - cpuStart;
      bytes = chunks.stream().mapToLong(ByteBuffer::remaining).sum();
    }
    System.out.println(
        JsonLine.of("banditSaveLock")
            .add("phase", "hold")
            .add("offers", OFFERS)
            .add("rememberedPresentations", remembered)
            .add("snapshotBytes", bytes)
            .add("holdMs", Arrays.toString(toMs(holds)))
            .add("medianHoldMs", median(holds) / 1e6, 1)
            .add("holdCpuMs", Arrays.toString(toMs(holdsCpu)))
            .add("medianHoldCpuMs", median(holdsCpu) / 1e6, 1));
    for (String arrangement : arrangements) {
      benchmark.run(arrangement, saves, rate, saveEveryMs, draws);
    }
  }

  private static double learnerScores(BanditSaveLockBenchmark benchmark, SplittableRandom draws) {
    return benchmark
        .learner
        .scores(benchmark.context(), benchmark.candidates, draws.split())
        .score(0);
  }

  /** The next presentation (3 distinct offers), and a redemption of one of them 2 % of the time. */
  private synchronized Runnable event() {
    String id = "p-" + events++;
    int first = random.nextInt(OFFERS);
    List<ShownOffer> shown =
        List.of(
            new ShownOffer(candidates.get(first).offerCode(), 1, 0.5, "bandit"),
            new ShownOffer(candidates.get((first + 1) % OFFERS).offerCode(), 2, 0.4, "bandit"),
            new ShownOffer(candidates.get((first + 2) % OFFERS).offerCode(), 3, 0.3, "bandit"));
    PresentationEvent presentation = new PresentationEvent(id, context(), false, shown);
    boolean redeem = random.nextInt(50) == 0;
    String offer = shown.get(random.nextInt(3)).offerCode();
    return () -> {
      learner.presented(presentation);
      if (redeem) {
        learner.redeemed(
            new RedemptionEvent("m-" + id, Optional.of(id), offer, presentation.context().at()));
      }
    };
  }

  private DecisionContext context() {
    return BanditContexts.random(random, 20, CATEGORIES);
  }

  private void run(
      String arrangement, int saves, int rate, long saveEveryMs, SplittableRandom draws)
      throws Exception {
    boolean onLearningThread =
        switch (arrangement) {
          case "learningThread" -> true;
          case "saverThread" -> false;
          default -> throw new IllegalArgumentException("unknown arrangement " + arrangement);
        };
    ExecutorService learning = Executors.newSingleThreadExecutor();
    AtomicBoolean running = new AtomicBoolean(true);
    // save intervals, as [start, end] in nanoTime
    long[] saveStart = new long[saves];
    long[] saveEnd = new long[saves];
    AtomicLong maxLag = new AtomicLong();
    Thread feeder =
        new Thread(
            () -> {
              long gap = 1_000_000_000L / rate;
              long next = System.nanoTime();
              while (running.get()) {
                Runnable event = event();
                long arrived = System.nanoTime();
                learning.execute(
                    () -> {
                      event.run();
                      long lag = System.nanoTime() - arrived;
                      maxLag.accumulateAndGet(lag, Math::max);
                    });
                next += gap;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                  java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
              }
            },
            "feeder");
    long[] scoreStart = new long[1 << 20];
    long[] scoreTook = new long[1 << 20];
    int[] scored = new int[1];
    Thread scorer =
        new Thread(
            () -> {
              SplittableRandom mine = draws.split();
              double sink = 0;
              while (running.get() && scored[0] < scoreStart.length) {
                DecisionContext context = contextFor(mine);
                long start = System.nanoTime();
                sink += learner.scores(context, candidates, mine.split()).score(0);
                scoreStart[scored[0]] = start;
                scoreTook[scored[0]] = System.nanoTime() - start;
                scored[0]++;
              }
              if (sink == 42) {
                System.err.println("sink");
              }
            },
            "scorer");
    feeder.start();
    scorer.start();
    Thread.sleep(saveEveryMs);
    for (int s = 0; s < saves; s++) {
      saveStart[s] = System.nanoTime();
      if (onLearningThread) {
        Future<List<ByteBuffer>> save = learning.submit(learner::snapshotChunks);
        save.get();
      } else {
        learner.snapshotChunks();
      }
      saveEnd[s] = System.nanoTime();
      Thread.sleep(saveEveryMs);
    }
    running.set(false);
    feeder.join();
    scorer.join();
    learning.shutdown();
    learning.awaitTermination(1, TimeUnit.MINUTES);
    int n = scored[0];
    long[] all = Arrays.copyOf(scoreTook, n);
    List<Long> during = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int s = 0; s < saves; s++) {
        if (scoreStart[i] >= saveStart[s] && scoreStart[i] < saveEnd[s]) {
          during.add(scoreTook[i]);
        }
      }
    }
    long[] duringSave = during.stream().mapToLong(Long::longValue).toArray();
    long[] saveTook = new long[saves];
    for (int s = 0; s < saves; s++) {
      saveTook[s] = saveEnd[s] - saveStart[s];
    }
    System.out.println(
        JsonLine.of("banditSaveLock")
            .add("phase", arrangement)
            .add("presentationsPerSecond", rate)
            .add("saveMs", Arrays.toString(toMs(saveTook)))
            .add("medianSaveMs", median(saveTook) / 1e6, 1)
            .add("scoringCalls", n)
            .add("scoringP50Ms", percentile(all, 0.50) / 1e6, 2)
            .add("scoringP99Ms", percentile(all, 0.99) / 1e6, 2)
            .add("scoringMaxMs", percentile(all, 1.0) / 1e6, 2)
            .add("scoringCallsBegunDuringSave", duringSave.length)
            .add("duringSaveP50Ms", percentile(duringSave, 0.50) / 1e6, 2)
            .add("duringSaveMaxMs", percentile(duringSave, 1.0) / 1e6, 2)
            .add("maxLearningLagMs", maxLag.get() / 1e6, 1));
  }

  private DecisionContext contextFor(SplittableRandom mine) {
    synchronized (this) { // shares the benchmark's generator with the feeder
      return context();
    }
  }

  private static double[] toMs(long[] nanos) {
    double[] ms = new double[nanos.length];
    for (int i = 0; i < nanos.length; i++) {
      ms[i] = Math.round(nanos[i] / 1e5) / 10.0;
    }
    return ms;
  }

  private static long median(long[] values) {
    return percentile(values, 0.5);
  }

  private static long percentile(long[] values, double q) {
    if (values.length == 0) {
      return 0;
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[
        Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - (q > 0 ? 1 : 0))];
  }
}
