package org.tailor.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.host.PresentationEvent;
import org.tailor.plugin.host.RedemptionEvent;
import org.tailor.plugin.host.ShownOffer;
import org.tailor.scoring.bandit.BanditLearner;
import org.tailor.scoring.bandit.BanditSettings;

/**
 * What the bandit's remembered presentations cost in memory: a {@link BanditLearner} with the
 * default settings and 1,000 offers learns presentations (3 offers each, ids as the server makes
 * them: {@code String.valueOf(long)}) with a redemption of one of them 2 % of the time (message id
 * {@code "m-<id>"}), as fast as it can on one thread (the bytes per presentation do not depend on
 * the rate).
 *
 * <p>Prints JSON lines: {@code allocation}, the bytes the learning thread allocated per
 * presentation ({@code ThreadMXBean.getThreadAllocatedBytes}) once the learner remembers as many as
 * it can (the events are made before, outside the measurement), with the young collections and
 * their time meanwhile; {@code retained}, the heap used after {@code System.gc()} with the learner
 * remembering {@code --remembered} presentations, less that of a learner fed the same events
 * remembering 1 (so that the offers' Thompson counts and LinUCB arms cancel out), per presentation;
 * {@code snapshot}, the time of {@link BanditLearner#snapshotChunks()} with as many remembered and
 * its size; and {@code digest}, the SHA-256 of the snapshot of a smaller learner fed fixed events
 * (numeric and other ids, evictions, repeated ids, redemptions, liked offers) from its remembered
 * presentations on (what comes before, the LinUCB arms, is in an order that differs from one JVM to
 * the next): the same digest from two builds means the same bytes for the same presentations.
 *
 * <pre>
 * java -Xmx2g -cp "$CP" org.tailor.bench.BanditMemoryBenchmark [--remembered 100000] \
 *     [--measured 200000] [--snapshots 5]
 * </pre>
 */
public final class BanditMemoryBenchmark {

  private static final int OFFERS = 1_000;
  private static final int CATEGORIES = 40;

  private final SplittableRandom random;
  private final List<CandidateOffer> candidates = new ArrayList<>();
  private long events;

  private BanditMemoryBenchmark(long seed) {
    random = new SplittableRandom(seed);
    for (int i = 0; i < OFFERS; i++) {
      candidates.add(
          new CandidateOffer(
              String.format("O-%04d", i).intern(),
              // one offer in a category: liked offers are remembered, and the snapshot's map of
              // categories (written in no fixed order when it has more) is the same in every run
              i == 0 ? Optional.of("cat-0") : Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty()));
    }
  }

  public static void main(String[] args) throws Exception {
    int remembered = BanditSettings.defaults().rememberedPresentations();
    int measured = 200_000;
    int snapshots = 5;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--remembered" -> remembered = Integer.parseInt(args[i + 1]);
        case "--measured" -> measured = Integer.parseInt(args[i + 1]);
        case "--snapshots" -> snapshots = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    String build =
        BanditLearner.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    digest(build);

    BanditLearner learner = learner(remembered);
    BanditMemoryBenchmark events = new BanditMemoryBenchmark(2026);
    events.feed(learner, remembered + remembered / 10); // full: each new one evicts the eldest
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long allocated = 0;
    long gcCount = gcCount();
    long gcMillis = gcMillis();
    int batch = 1_000; // events made ahead and alive meanwhile: few, not to weigh on the survivors
    for (int done = 0; done < measured; done += batch) {
      Runnable[] next = events.events(learner, batch);
      long before = threads.getThreadAllocatedBytes(thread);
      for (Runnable event : next) {
        event.run();
      }
      allocated += threads.getThreadAllocatedBytes(thread) - before;
    }
    System.out.println(
        JsonLine.of("banditMemory")
            .add("phase", "allocation")
            .add("build", build)
            .add("rememberedPresentations", remembered)
            .add("presentations", measured)
            .add("bytesPerPresentation", (double) allocated / measured, 1)
            .add("youngCollections", gcCount() - gcCount)
            .add("gcMs", gcMillis() - gcMillis));

    long withLearner = usedAfterGc();
    learner.changes(); // kept reachable until measured
    learner = null;
    BanditLearner small = learner(1);
    new BanditMemoryBenchmark(2026).feed(small, remembered + remembered / 10);
    long withSmall = usedAfterGc();
    small.changes();
    small = null;
    long without = usedAfterGc();
    System.out.println(
        JsonLine.of("banditMemory")
            .add("phase", "retained")
            .add("build", build)
            .add("rememberedPresentations", remembered)
            .add("learnerMB", (withLearner - without) / 1e6, 1)
            .add("learnerRemembering1MB", (withSmall - without) / 1e6, 1)
            .add("bytesPerPresentation", (double) (withLearner - withSmall) / remembered, 1));

    learner = learner(remembered);
    new BanditMemoryBenchmark(2026).feed(learner, remembered + remembered / 10);
    long[] times = new long[snapshots];
    long bytes = 0;
    for (int r = 0; r < snapshots; r++) {
      long start = System.nanoTime();
      List<ByteBuffer> chunks = learner.snapshotChunks();
      times[r] = System.nanoTime() - start;
      bytes = chunks.stream().mapToLong(ByteBuffer::remaining).sum();
    }
    long[] sorted = times.clone();
    Arrays.sort(sorted);
    System.out.println(
        JsonLine.of("banditMemory")
            .add("phase", "snapshot")
            .add("build", build)
            .add("rememberedPresentations", remembered)
            .add("snapshotBytes", bytes)
            .add("ms", Arrays.toString(Arrays.stream(times).map(t -> t / 1_000_000).toArray()))
            .add("medianMs", sorted[sorted.length / 2] / 1e6, 1));
  }

  /** The SHA-256 of the snapshot of a learner fed fixed events. */
  private static void digest(String build) throws Exception {
    BanditLearner learner = learner(10_000);
    BanditMemoryBenchmark events = new BanditMemoryBenchmark(11);
    events.feed(learner, 25_000);
    byte[] snapshot = learner.snapshot();
    int from = presentationsAt(snapshot);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(snapshot, from, snapshot.length - from);
    System.out.println(
        JsonLine.of("banditMemory")
            .add("phase", "digest")
            .add("build", build)
            .add("snapshotBytes", snapshot.length)
            .add("digestedBytes", snapshot.length - from)
            .add("sha256", HexFormat.of().formatHex(sha.digest())));
  }

  /**
   * Where the remembered presentations begin in a version-4 snapshot: what follows them (the
   * redemptions' message ids, then the categories, here of one offer) is written in a fixed order,
   * while the LinUCB arms before them come in the order of a {@code Map.copyOf}, which differs from
   * one JVM to the next.
   */
  private static int presentationsAt(byte[] snapshot) throws java.io.IOException {
    java.io.ByteArrayInputStream bytes = new java.io.ByteArrayInputStream(snapshot);
    java.io.DataInputStream in = new java.io.DataInputStream(bytes);
    in.readInt(); // magic
    if (in.readInt() != 4) {
      throw new IllegalStateException("expected a version-4 snapshot");
    }
    int d = in.readInt();
    int offers = in.readInt();
    for (int o = 0; o < offers; o++) {
      in.readUTF();
      int keys = in.readInt();
      for (int k = 0; k < keys; k++) {
        in.readUTF();
        in.readLong();
        in.readLong();
      }
    }
    int arms = in.readInt();
    for (int a = 0; a < arms; a++) {
      in.readUTF();
      if (in.readUnsignedByte() == 0) {
        long n = varint(in);
        for (long k = 0; k < 2 * n; k++) {
          varint(in);
        }
      } else {
        in.skipNBytes(8L * (d * d + d));
      }
    }
    return snapshot.length - bytes.available();
  }

  private static long varint(java.io.DataInputStream in) throws java.io.IOException {
    long value = 0;
    for (int shift = 0; ; shift += 7) {
      int b = in.readUnsignedByte();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
  }

  private static BanditLearner learner(int remembered) {
    BanditSettings defaults = BanditSettings.defaults();
    BanditSettings settings =
        new BanditSettings(
            defaults.algorithm(),
            defaults.linUcbAlpha(),
            defaults.segmentPriorStrength(),
            remembered,
            ZoneId.of("UTC"),
            defaults.valueTierAttribute(),
            defaults.purchaseAffinity(),
            defaults.recentPurchases());
    return learner(settings);
  }

  private static BanditLearner learner(BanditSettings settings) {
    BanditLearner learner = new BanditLearner(settings);
    learner.scores(
        new DecisionContext(
            Optional.empty(), "S-1", Optional.empty(), "kiosk", BanditContexts.MONDAY),
        new BanditMemoryBenchmark(1).candidates,
        new SplittableRandom(1)); // the offers' categories, remembered by scoring
    return learner;
  }

  private void feed(BanditLearner learner, int n) {
    for (int done = 0; done < n; done += 10_000) {
      for (Runnable event : events(learner, Math.min(10_000, n - done))) {
        event.run();
      }
    }
  }

  private Runnable[] events(BanditLearner learner, int n) {
    Runnable[] made = new Runnable[n];
    for (int i = 0; i < n; i++) {
      made[i] = event(learner);
    }
    return made;
  }

  /** The next presentation (3 distinct offers), and a redemption of one of them 2 % of the time. */
  private Runnable event(BanditLearner learner) {
    // the server's ids; some others, as another host's, and now and then one heard again
    long number = 1_000_000_000L + events++;
    String id = number % 97 == 0 ? "p-" + number : String.valueOf(number);
    String repeated = events > 10 && number % 89 == 0 ? String.valueOf(number - 5) : null;
    int first = random.nextInt(OFFERS);
    List<ShownOffer> shown =
        List.of(
            new ShownOffer(candidates.get(first).offerCode(), 1, 0.5, "bandit"),
            new ShownOffer(candidates.get((first + 1) % OFFERS).offerCode(), 2, 0.4, "bandit"),
            new ShownOffer(candidates.get(random.nextInt(2)).offerCode(), 3, 0.3, "bandit"));
    PresentationEvent presentation = new PresentationEvent(id, context(), false, shown);
    PresentationEvent again =
        repeated == null ? null : new PresentationEvent(repeated, context(), false, shown);
    boolean redeem = random.nextInt(50) == 0;
    RedemptionEvent redemption =
        redeem
            ? new RedemptionEvent(
                "m-" + id,
                Optional.of(id),
                shown.get(random.nextInt(3)).offerCode(),
                presentation.context().at())
            : null;
    return () -> {
      learner.presented(presentation);
      if (again != null) {
        learner.presented(again);
      }
      if (redemption != null) {
        learner.redeemed(redemption);
      }
    };
  }

  private DecisionContext context() {
    return BanditContexts.random(random, 200, CATEGORIES);
  }

  private static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long gcCount() {
    long count = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc.getName().contains("Young")) {
        count += gc.getCollectionCount();
      }
    }
    return count;
  }

  private static long gcMillis() {
    long millis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc.getName().contains("Young")) {
        millis += gc.getCollectionTime();
      }
    }
    return millis;
  }
}
