package org.tailor.scoring.bandit.thompson;

import java.util.ArrayList;
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
 * redemption simply moves one count from failure to success. Not thread-safe: the caller locks.
 */
public final class SegmentedThompson {

  private static final String SEGMENT_PREFIX = "/";

  /**
   * Trials and successes, immutable: a change replaces them, so a draw's counts can be kept to
   * explain it later, unchanged by events learned in between.
   *
   * @param trials presentations
   * @param successes redemptions of them, at most {@code trials}
   */
  public record Counts(long trials, long successes) {
    /** Never shown. */
    public static final Counts NONE = new Counts(0, 0);

    Counts shown() {
      return new Counts(trials + 1, successes);
    }

    Counts redeemed() {
      return successes < trials ? new Counts(trials, successes + 1) : this;
    }

    long[] toArray() {
      return new long[] {trials, successes};
    }
  }

  /**
   * An offer's counts over all segments and in each segment, by the segment's number ({@link
   * #segmentNumber(String)}), so that scoring finds them without a look-up by name.
   */
  public static final class Arm {
    private Counts overall = Counts.NONE;
    private Counts[] segments = new Counts[0];
    // the posterior prepared for each segment, at its number + 1 (0: no segment), null until
    // one is needed; written and grown while scoring, under the read lock (two racing writers
    // store the same posterior, and a Draw is immutable, so safely published), cleared when
    // counts change, under the write lock
    private Draw[] draws = new Draw[1];

    private void setOverall(Counts counts) {
      overall = counts;
      draws = new Draw[draws.length]; // every segment's prior changed
    }

    /** The offer's category as last scored; a hint kept by the caller, not part of the model. */
    public volatile String category;

    /** The offer's counts over all segments. */
    public Counts overall() {
      return overall;
    }

    /**
     * The offer's counts in the segment of this number, {@link Counts#NONE} when not shown there.
     */
    public Counts segment(int number) {
      if (number < 0 || number >= segments.length || segments[number] == null) {
        return Counts.NONE;
      }
      return segments[number];
    }

    private void put(int number, Counts counts) {
      if (number >= segments.length) {
        segments = java.util.Arrays.copyOf(segments, Math.max(number + 1, segments.length * 2));
      }
      segments[number] = counts;
      if (number + 1 < draws.length) {
        draws[number + 1] = null;
      }
    }
  }

  private static final Arm NEVER_SHOWN = new Arm();

  /**
   * The posterior of a segment with these counts, of an offer with these overall counts, ready to
   * draw from (its Gamma constants worked out): immutable, so a draw needs no lock.
   */
  public static final class Draw extends BetaSampler.Prepared {
    private final Counts overall;
    private final Counts segment;

    private Draw(Counts overall, Counts segment, double alpha, double beta) {
      super(alpha, beta);
      this.overall = overall;
      this.segment = segment;
    }

    /** The offer's counts over all segments the posterior was made from. */
    public Counts overall() {
      return overall;
    }

    /** The segment's counts the posterior was made from. */
    public Counts segment() {
      return segment;
    }

    /**
     * One Thompson draw: the same number {@link #sample(Counts, Counts, RandomGenerator)} gives.
     */
    @Override
    public double sample(RandomGenerator random) {
      return super.sample(random);
    }
  }

  private final double priorStrength;
  private final Draw neverShown;
  private final Map<String, Arm> offers = new HashMap<>();
  private final Map<String, Integer> segmentNumbers = new HashMap<>();
  private final List<String> segmentNames = new ArrayList<>();

  /**
   * @param priorStrength m, how many presentations an offer's rate is worth as a segment's prior
   */
  public SegmentedThompson(double priorStrength) {
    if (!(priorStrength >= 0 && Double.isFinite(priorStrength))) {
      throw new IllegalArgumentException(
          "priorStrength must be zero or more, was " + priorStrength);
    }
    this.priorStrength = priorStrength;
    this.neverShown = prepare(Counts.NONE, Counts.NONE);
  }

  /** The offer was shown in the segment: one more trial. */
  public void shown(String offer, String segment) {
    Arm arm = arm(offer);
    arm.setOverall(arm.overall.shown());
    int number = numberOf(segment);
    arm.put(number, arm.segment(number).shown());
  }

  /**
   * The offer shown in the segment was redeemed: one more success. A redemption can only follow a
   * presentation, so a success beyond the trials is not counted.
   */
  public void redeemed(String offer, String segment) {
    Arm arm = arm(offer);
    arm.setOverall(arm.overall.redeemed());
    int number = numberOf(segment);
    arm.put(number, arm.segment(number).redeemed());
  }

  /** A redemption of the offer whose presentation (and so segment) is not known. */
  public void redeemed(String offer) {
    Arm arm = arm(offer);
    arm.setOverall(arm.overall.redeemed());
  }

  /** The offer's counts, an empty arm when it was never shown; read it under the caller's lock. */
  public Arm armOf(String offer) {
    Arm arm = offers.get(offer);
    return arm == null ? NEVER_SHOWN : arm;
  }

  /** How many offers have an arm; only grows, as an arm once made is never dropped. */
  public int armCount() {
    return offers.size();
  }

  /** The offer's counts, or {@code null} when it was never shown. */
  public Arm armIfAny(String offer) {
    return offers.get(offer);
  }

  /**
   * The number of a segment for {@link Arm#segment(int)}, -1 for one in which nothing was shown.
   */
  public int segmentNumber(String segment) {
    Integer number = segmentNumbers.get(segment);
    return number == null ? -1 : number;
  }

  /** The counts of the offer's arm in the named segment. */
  private Counts segmentCounts(Arm arm, String segment) {
    return arm.segment(segmentNumber(segment));
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

  /** The offer's posterior over all segments. */
  public BetaPosterior offerPosterior(String offer) {
    return offerPosterior(armOf(offer).overall());
  }

  private static BetaPosterior offerPosterior(Counts overall) {
    return BetaPosterior.update(1, 1, overall.trials(), overall.successes());
  }

  /** The offer's posterior in the segment, with the offer's rate as prior. */
  public BetaPosterior segmentPosterior(String offer, String segment) {
    Arm arm = armOf(offer);
    return segmentPosterior(arm.overall(), segmentCounts(arm, segment));
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
   * counts: a draw from {@link #segmentPosterior(Counts, Counts)}, without making it.
   */
  public double sample(Counts overall, Counts segment, RandomGenerator random) {
    return prepare(overall, segment).sample(random);
  }

  /**
   * The posterior of the arm's segment of this number ({@link #segmentNumber(String)}, -1 for none)
   * ready to draw from; for an arm of {@code null} (an offer never shown) that of no counts. Kept
   * with the arm and made again only when its counts changed, as most arms keep theirs from one
   * decision to the next. Call it under the caller's lock, at least a read lock.
   */
  public Draw draw(Arm arm, int segmentNumber) {
    if (arm == null) {
      return neverShown;
    }
    Draw[] draws = arm.draws;
    int slot = segmentNumber + 1;
    if (slot >= 0 && slot < draws.length && draws[slot] != null) {
      return draws[slot]; // cleared when its counts change
    }
    Draw made = prepare(arm.overall, arm.segment(segmentNumber));
    if (slot >= 0) {
      if (slot >= draws.length) { // a racing grower may drop the other's one: made again later
        draws = java.util.Arrays.copyOf(draws, Math.max(slot + 1, segmentNames.size() + 1));
        arm.draws = draws;
      }
      draws[slot] = made;
    }
    return made;
  }

  private Draw prepare(Counts overall, Counts segment) {
    // the arithmetic of segmentPosterior(overall, segment), inline
    double offerAlpha = 1.0 + overall.successes();
    double offerBeta = 1.0 + (overall.trials() - overall.successes());
    double rate = offerAlpha / (offerAlpha + offerBeta);
    double alpha = (1 + priorStrength * rate) + segment.successes();
    double beta = (1 + priorStrength * (1 - rate)) + (segment.trials() - segment.successes());
    return new Draw(overall, segment, alpha, beta);
  }

  /** One Thompson draw of the offer's redemption rate in the segment. */
  public double sample(String offer, String segment, RandomGenerator random) {
    return segmentPosterior(offer, segment).sample(random);
  }

  /** Trials and successes of the offer, {@code [trials, successes]}. */
  public long[] offerCounts(String offer) {
    return armOf(offer).overall().toArray();
  }

  /** Trials and successes of the offer in the segment, {@code [trials, successes]}. */
  public long[] segmentCountsOf(String offer, String segment) {
    return segmentCounts(armOf(offer), segment).toArray();
  }

  public double priorStrength() {
    return priorStrength;
  }

  /** Every count, for a snapshot: offer → segment ("" for the offer itself) → counts. */
  public Map<String, Map<String, long[]>> allCounts() {
    Map<String, Map<String, long[]>> all = new HashMap<>();
    offers.forEach(
        (offer, arm) -> {
          Map<String, long[]> keys = new HashMap<>();
          boolean anySegment = false;
          for (int number = 0; number < arm.segments.length; number++) {
            if (arm.segments[number] != null) {
              keys.put(SEGMENT_PREFIX + segmentNames.get(number), arm.segments[number].toArray());
              anySegment = true;
            }
          }
          if (!arm.overall.equals(Counts.NONE) || !anySegment) {
            keys.put("", arm.overall.toArray());
          }
          all.put(offer, keys);
        });
    return all;
  }

  /** Restores counts written by {@link #allCounts()}. */
  public void restore(String offer, String key, long trials, long successes) {
    if (trials < 0 || successes < 0 || successes > trials) {
      throw new IllegalArgumentException(
          "offer " + offer + ": counts out of range: " + successes + " of " + trials);
    }
    // interned as the host interns offer codes, so that scoring finds the arm by identity
    Arm arm = arm(offer.intern());
    if (key.isEmpty()) {
      arm.setOverall(new Counts(trials, successes));
    } else {
      arm.put(numberOf(key.substring(1)), new Counts(trials, successes));
    }
  }

  private Arm arm(String offer) {
    return offers.computeIfAbsent(offer, o -> new Arm());
  }
}
