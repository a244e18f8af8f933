package org.tailor.scoring.bandit.thompson;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Beta-Bernoulli Thompson sampling (Thompson 1933; Chapelle &amp; Li 2011) per offer and per offer
 * × context segment, for a redemption rate.
 *
 * <p>An offer's own posterior starts from the uniform prior Beta(1, 1). A segment (such as "known
 * shopper, value tier 3, morning") borrows strength from its offer: its prior is the offer's
 * posterior mean p̂ spread over {@code priorStrength} = m pseudo-presentations, Beta(1 + m·p̂, 1 +
 * m·(1 − p̂)), updated with the segment's own counts. A segment seen often follows its own data; a
 * new one starts near the offer's rate instead of at ½ (empirical-Bayes shrinkage; the offer's
 * counts include the segment's, a small double use that m keeps bounded).
 *
 * <p>A presentation counts as a trial when shown and becomes a success when redeemed, so a late
 * redemption simply moves one count from failure to success.
 *
 * <p>Scoring reads the counts of a thousand offers per decision, so they are kept flat: every arm
 * gets a dense index when it is made, and the counts of all arms lie side by side in one array of
 * longs for the offers' own counts and one per segment, each {@code [trials, successes]} at twice
 * the arm's index. A decision reads its candidates' counts from a few of these arrays ({@link
 * #countsOf}) and draws from them ({@link #sample(long[], double[], RandomGenerator)}), with no
 * object per arm or posterior to chase through the heap and nothing kept between decisions to make
 * again when counts change. Not thread-safe: the caller locks, reads under at least a read lock,
 * and changes under a write lock.
 */
public final class SegmentedThompson {

  private static final String SEGMENT_PREFIX = "/";

  /** The longs per arm in a counts array: trials, then successes. */
  private static final int SLOT = 2;

  /** The longs per candidate {@link #countsOf} writes. */
  public static final int COUNTS_PER_CANDIDATE = 4;

  /**
   * Trials and successes.
   *
   * @param trials presentations
   * @param successes redemptions of them, at most {@code trials}
   */
  public record Counts(long trials, long successes) {
    /** Never shown. */
    public static final Counts NONE = new Counts(0, 0);

    long[] toArray() {
      return new long[] {trials, successes};
    }
  }

  /**
   * An offer's arm: its dense index into the counts arrays ({@link #countsOf}), fixed when the arm
   * is made (an arm is never dropped), and a hint its caller keeps with it.
   */
  public static final class Arm {
    private final int index;

    /** The offer's category as last scored; a hint kept by the caller, not part of the model. */
    public volatile String category;

    private Arm(int index) {
      this.index = index;
    }

    /** The arm's index for {@link #countsOf}. */
    public int index() {
      return index;
    }
  }

  private final double priorStrength;
  private final Map<String, Arm> offers = new HashMap<>();
  private final List<String> offerNames = new ArrayList<>();
  private final Map<String, Integer> segmentNumbers = new HashMap<>();
  private final List<String> segmentNames = new ArrayList<>();
  // [trials, successes] of each arm at SLOT · index; grown as arms are made
  private long[] overall = new long[SLOT * 16];
  // by segment number: [trials, successes] of each arm in the segment at SLOT · index; null until
  // something is counted in the segment, and only as long as its highest arm counted there needs
  private long[][] segments = new long[0][];

  /**
   * @param priorStrength m, how many presentations an offer's rate is worth as a segment's prior
   */
  public SegmentedThompson(double priorStrength) {
    if (!(priorStrength >= 0 && Double.isFinite(priorStrength))) {
      throw new IllegalArgumentException(
          "priorStrength must be zero or more, was " + priorStrength);
    }
    this.priorStrength = priorStrength;
  }

  /** The offer was shown in the segment: one more trial. */
  public void shown(String offer, String segment) {
    int at = SLOT * arm(offer).index;
    overall[at]++;
    segmentCounts(numberOf(segment), at)[at]++;
  }

  /**
   * The offer shown in the segment was redeemed: one more success. A redemption can only follow a
   * presentation, so a success beyond the trials is not counted.
   */
  public void redeemed(String offer, String segment) {
    int at = SLOT * arm(offer).index;
    redeemed(overall, at);
    redeemed(segmentCounts(numberOf(segment), at), at);
  }

  /** A redemption of the offer whose presentation (and so segment) is not known. */
  public void redeemed(String offer) {
    redeemed(overall, SLOT * arm(offer).index);
  }

  private static void redeemed(long[] counts, int at) {
    if (counts[at + 1] < counts[at]) {
      counts[at + 1]++;
    }
  }

  /** How many offers have an arm; only grows, as an arm once made is never dropped. */
  public int armCount() {
    return offers.size();
  }

  /** The offer's arm, or {@code null} when it was never shown. */
  public Arm armIfAny(String offer) {
    return offers.get(offer);
  }

  /** The number of a segment for {@link #countsOf}, -1 for one in which nothing was shown. */
  public int segmentNumber(String segment) {
    Integer number = segmentNumbers.get(segment);
    return number == null ? -1 : number;
  }

  private int numberOf(String segment) {
    Integer number = segmentNumbers.get(segment);
    if (number == null) {
      number = segmentNames.size();
      segmentNames.add(segment);
      segmentNumbers.put(segment, number);
    }
    return number;
  }

  /**
   * The counts array of the segment of this number, made or grown so that it holds the arm at
   * {@code at}.
   */
  private long[] segmentCounts(int number, int at) {
    if (number >= segments.length) {
      segments = Arrays.copyOf(segments, Math.max(number + 1, segments.length * 2));
    }
    long[] counts = segments[number];
    if (counts == null || at >= counts.length) {
      counts = counts == null ? new long[overall.length] : Arrays.copyOf(counts, overall.length);
      segments[number] = counts;
    }
    return counts;
  }

  /**
   * Writes the counts a Thompson draw of an arm in a segment is made from at {@code into[at]}: the
   * offer's trials and successes over all segments, then its trials and successes in the segment;
   * all zero for an arm index of -1 (an offer never shown), and the segment's zero for a segment
   * number of -1 or one in which the offer was not shown. Call it under the caller's lock, at least
   * a read lock.
   */
  public void countsOf(int arm, int segmentNumber, long[] into, int at) {
    if (arm < 0) {
      into[at] = 0;
      into[at + 1] = 0;
      into[at + 2] = 0;
      into[at + 3] = 0;
      return;
    }
    int slot = SLOT * arm;
    into[at] = overall[slot];
    into[at + 1] = overall[slot + 1];
    long[] segment =
        segmentNumber >= 0 && segmentNumber < segments.length ? segments[segmentNumber] : null;
    if (segment != null && slot < segment.length) {
      into[at + 2] = segment[slot];
      into[at + 3] = segment[slot + 1];
    } else {
      into[at + 2] = 0;
      into[at + 3] = 0;
    }
  }

  /**
   * One Thompson draw for each candidate whose counts {@link #countsOf} wrote ({@value
   * #COUNTS_PER_CANDIDATE} longs each, in order), into {@code draws}: for each, the very number
   * {@link #sample(Counts, Counts, RandomGenerator)} gives from the same generator state, drawn in
   * candidate order. Reads no state of the model, so it needs no lock.
   *
   * <p>Works through the candidates a block at a time: first every posterior of the block and its
   * Gamma constants, in a loop of array arithmetic without branches that the compiler turns into
   * vector instructions (its divisions and square roots otherwise cost about as much as the draw's
   * own arithmetic), then the draws; the block stays in the first level cache.
   */
  public void sample(long[] counts, double[] draws, RandomGenerator random) {
    sample(counts, draws, new Block(), random);
  }

  /**
   * {@link #sample(long[], double[], RandomGenerator)} with a block the caller keeps, so that a
   * decision makes none: one per thread, as it is written while drawing. {@code counts} may be
   * longer than the candidates need; only {@code draws.length} candidates are drawn.
   */
  public void sample(long[] counts, double[] draws, Block block, RandomGenerator random) {
    sample(counts, draws, draws.length, block, random);
  }

  /**
   * {@link #sample(long[], double[], Block, RandomGenerator)} for the first {@code n} candidates,
   * into the first {@code n} entries of {@code draws} (a working array the caller keeps); the
   * entries after them are left as they are.
   */
  public void sample(long[] counts, double[] draws, int n, Block block, RandomGenerator random) {
    for (int first = 0; first < n; first += Block.SIZE) {
      int size = Math.min(Block.SIZE, n - first);
      block.prepare(counts, first, size, priorStrength);
      for (int i = 0; i < size; i++) {
        draws[first + i] =
            BetaSampler.sample(
                block.alpha[i],
                block.beta[i],
                block.alphaD[i],
                block.alphaC[i],
                block.betaD[i],
                block.betaC[i],
                random);
      }
    }
  }

  /**
   * The posteriors of a block of candidates with their Gamma constants, side by side: the working
   * space of {@link #sample(long[], double[], Block, RandomGenerator)}, which one thread may keep
   * for all its decisions (about 5 kB); never shared between threads.
   */
  public static final class Block {
    static final int SIZE = 64;
    final double[] offerSuccesses = new double[SIZE];
    final double[] offerFailures = new double[SIZE];
    final double[] segmentSuccesses = new double[SIZE];
    final double[] segmentFailures = new double[SIZE];
    final double[] alpha = new double[SIZE];
    final double[] beta = new double[SIZE];
    final double[] alphaD = new double[SIZE];
    final double[] alphaC = new double[SIZE];
    final double[] betaD = new double[SIZE];
    final double[] betaC = new double[SIZE];

    /** An empty block; what it holds is written by each draw. */
    public Block() {}

    /**
     * The posteriors of the candidates from {@code first}, with the arithmetic of {@link
     * #segmentPosterior(Counts, Counts)}, and their {@link BetaSampler#d} and {@link
     * BetaSampler#c}. Both shapes are at least 1 (1 + m · rate with m, rate ≥ 0, plus a count), so
     * d is the shape − 1/3 without the boost for shapes below one.
     */
    void prepare(long[] counts, int first, int size, double priorStrength) {
      for (int i = 0; i < size; i++) {
        int at = COUNTS_PER_CANDIDATE * (first + i);
        offerSuccesses[i] = counts[at + 1];
        offerFailures[i] = counts[at] - counts[at + 1];
        segmentSuccesses[i] = counts[at + 3];
        segmentFailures[i] = counts[at + 2] - counts[at + 3];
      }
      for (int i = 0; i < size; i++) {
        double offerAlpha = 1.0 + offerSuccesses[i];
        double offerBeta = 1.0 + offerFailures[i];
        double rate = offerAlpha / (offerAlpha + offerBeta);
        double a = (1 + priorStrength * rate) + segmentSuccesses[i];
        double b = (1 + priorStrength * (1 - rate)) + segmentFailures[i];
        double aD = a - 1.0 / 3.0;
        double bD = b - 1.0 / 3.0;
        alpha[i] = a;
        beta[i] = b;
        alphaD[i] = aD;
        alphaC[i] = 1 / Math.sqrt(9 * aD);
        betaD[i] = bD;
        betaC[i] = 1 / Math.sqrt(9 * bD);
      }
    }
  }

  /** The offer's counts over all segments; none for an offer never shown. */
  private Counts overallCounts(String offer) {
    Arm arm = offers.get(offer);
    if (arm == null) {
      return Counts.NONE;
    }
    int at = SLOT * arm.index;
    return new Counts(overall[at], overall[at + 1]);
  }

  /** The offer's counts in the named segment; none where it was not shown. */
  private Counts segmentCounts(String offer, String segment) {
    long[] counts = new long[COUNTS_PER_CANDIDATE];
    Arm arm = offers.get(offer);
    countsOf(arm == null ? -1 : arm.index, segmentNumber(segment), counts, 0);
    return new Counts(counts[2], counts[3]);
  }

  /** The offer's posterior over all segments. */
  public BetaPosterior offerPosterior(String offer) {
    return offerPosterior(overallCounts(offer));
  }

  private static BetaPosterior offerPosterior(Counts overall) {
    return BetaPosterior.update(1, 1, overall.trials(), overall.successes());
  }

  /** The offer's posterior in the segment, with the offer's rate as prior. */
  public BetaPosterior segmentPosterior(String offer, String segment) {
    return segmentPosterior(overallCounts(offer), segmentCounts(offer, segment));
  }

  /** The posterior of a segment with these counts, of an offer with these overall counts. */
  public BetaPosterior segmentPosterior(Counts overall, Counts segment) {
    double rate = offerPosterior(overall).mean();
    return BetaPosterior.update(
        1 + priorStrength * rate,
        1 + priorStrength * (1 - rate),
        segment.trials(),
        segment.successes());
  }

  /**
   * One Thompson draw of the rate of a segment with these counts, of an offer with these overall
   * counts: a draw from {@link #segmentPosterior(Counts, Counts)}.
   */
  public double sample(Counts overall, Counts segment, RandomGenerator random) {
    return segmentPosterior(overall, segment).sample(random);
  }

  /** One Thompson draw of the offer's redemption rate in the segment. */
  public double sample(String offer, String segment, RandomGenerator random) {
    return segmentPosterior(offer, segment).sample(random);
  }

  /** Trials and successes of the offer, {@code [trials, successes]}. */
  public long[] offerCounts(String offer) {
    return overallCounts(offer).toArray();
  }

  /** Trials and successes of the offer in the segment, {@code [trials, successes]}. */
  public long[] segmentCountsOf(String offer, String segment) {
    return segmentCounts(offer, segment).toArray();
  }

  public double priorStrength() {
    return priorStrength;
  }

  /**
   * Every count, for a snapshot: offer → segment ("" for the offer itself) → counts. A segment in
   * which an offer has no counts is left out (it reads as one the offer was never shown in); the
   * offer's own counts are left out only when zero and some segment has counts.
   */
  public Map<String, Map<String, long[]>> allCounts() {
    Map<String, Map<String, long[]>> all = new HashMap<>();
    for (int index = 0; index < offerNames.size(); index++) {
      int at = SLOT * index;
      Map<String, long[]> keys = new HashMap<>();
      for (int number = 0; number < segments.length; number++) {
        long[] counts = segments[number];
        if (counts != null && at < counts.length && (counts[at] != 0 || counts[at + 1] != 0)) {
          keys.put(
              SEGMENT_PREFIX + segmentNames.get(number), new long[] {counts[at], counts[at + 1]});
        }
      }
      if (overall[at] != 0 || overall[at + 1] != 0 || keys.isEmpty()) {
        keys.put("", new long[] {overall[at], overall[at + 1]});
      }
      all.put(offerNames.get(index), keys);
    }
    return all;
  }

  /** Restores counts written by {@link #allCounts()}. */
  public void restore(String offer, String key, long trials, long successes) {
    if (trials < 0 || successes < 0 || successes > trials) {
      throw new IllegalArgumentException(
          "offer " + offer + ": counts out of range: " + successes + " of " + trials);
    }
    // interned as the host interns offer codes, so that scoring finds the arm by identity
    int at = SLOT * arm(offer.intern()).index;
    long[] counts = key.isEmpty() ? overall : segmentCounts(numberOf(key.substring(1)), at);
    counts[at] = trials;
    counts[at + 1] = successes;
  }

  private Arm arm(String offer) {
    Arm arm = offers.get(offer);
    if (arm == null) {
      arm = new Arm(offerNames.size());
      if (SLOT * (arm.index + 1) > overall.length) {
        overall = Arrays.copyOf(overall, overall.length * 2);
      }
      offers.put(offer, arm);
      offerNames.add(offer);
    }
    return arm;
  }
}
