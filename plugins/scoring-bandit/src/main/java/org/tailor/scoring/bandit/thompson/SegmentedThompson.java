package org.tailor.scoring.bandit.thompson;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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

  private final double priorStrength;
  private final Map<String, long[]> offers = new HashMap<>();
  private final Map<String, Map<String, long[]>> segments = new HashMap<>();

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
    counts(offer)[0]++;
    segmentCounts(offer, segment)[0]++;
  }

  /**
   * The offer shown in the segment was redeemed: one more success. A redemption can only follow a
   * presentation, so a success beyond the trials is not counted.
   */
  public void redeemed(String offer, String segment) {
    addSuccess(counts(offer));
    addSuccess(segmentCounts(offer, segment));
  }

  /** A redemption of the offer whose presentation (and so segment) is not known. */
  public void redeemed(String offer) {
    addSuccess(counts(offer));
  }

  /** The offer's posterior over all segments. */
  public BetaPosterior offerPosterior(String offer) {
    long[] c = offers.getOrDefault(offer, new long[2]);
    return BetaPosterior.update(1, 1, c[0], c[1]);
  }

  /** The offer's posterior in the segment, with the offer's rate as prior. */
  public BetaPosterior segmentPosterior(String offer, String segment) {
    double rate = offerPosterior(offer).mean();
    long[] c = segmentCountsIfAny(offer, segment).orElse(new long[2]);
    return BetaPosterior.update(
        1 + priorStrength * rate, 1 + priorStrength * (1 - rate), c[0], c[1]);
  }

  /** One Thompson draw of the offer's redemption rate in the segment. */
  public double sample(String offer, String segment, RandomGenerator random) {
    return segmentPosterior(offer, segment).sample(random);
  }

  /** Trials and successes of the offer, {@code [trials, successes]}. */
  public long[] offerCounts(String offer) {
    return offers.getOrDefault(offer, new long[2]).clone();
  }

  /** Trials and successes of the offer in the segment, {@code [trials, successes]}. */
  public long[] segmentCountsOf(String offer, String segment) {
    return segmentCountsIfAny(offer, segment).orElse(new long[2]).clone();
  }

  public double priorStrength() {
    return priorStrength;
  }

  /** Every count, for a snapshot: offer → segment ("" for the offer itself) → counts. */
  public Map<String, Map<String, long[]>> allCounts() {
    Map<String, Map<String, long[]>> all = new HashMap<>();
    offers.forEach(
        (offer, c) -> all.computeIfAbsent(offer, o -> new HashMap<>()).put("", c.clone()));
    segments.forEach(
        (offer, bySegment) ->
            bySegment.forEach(
                (segment, c) ->
                    all.computeIfAbsent(offer, o -> new HashMap<>())
                        .put(SEGMENT_PREFIX + segment, c.clone())));
    return all;
  }

  /** Restores counts written by {@link #allCounts()}. */
  public void restore(String offer, String key, long trials, long successes) {
    if (trials < 0 || successes < 0 || successes > trials) {
      throw new IllegalArgumentException(
          "offer " + offer + ": counts out of range: " + successes + " of " + trials);
    }
    long[] c = key.isEmpty() ? counts(offer) : segmentCounts(offer, key.substring(1));
    c[0] = trials;
    c[1] = successes;
  }

  private long[] counts(String offer) {
    return offers.computeIfAbsent(offer, o -> new long[2]);
  }

  private long[] segmentCounts(String offer, String segment) {
    return segments
        .computeIfAbsent(offer, o -> new HashMap<>())
        .computeIfAbsent(segment, s -> new long[2]);
  }

  private Optional<long[]> segmentCountsIfAny(String offer, String segment) {
    return Optional.ofNullable(segments.getOrDefault(offer, Map.of()).get(segment));
  }

  private static void addSuccess(long[] c) {
    if (c[1] < c[0]) {
      c[1]++;
    }
  }
}
