package org.tailor.scoring.bandit;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.random.RandomGenerator;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.CandidateScores;
import org.tailor.plugin.Decimals;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.OfferScore;
import org.tailor.plugin.host.PresentationEvent;
import org.tailor.plugin.host.RedemptionEvent;
import org.tailor.plugin.host.ShownOffer;
import org.tailor.scoring.bandit.linucb.DisjointLinUcb;
import org.tailor.scoring.bandit.thompson.BetaPosterior;
import org.tailor.scoring.bandit.thompson.SegmentedThompson;

/**
 * The bandit's memory and policy, without OSGi: it scores candidates (a Thompson draw per offer ×
 * segment, or LinUCB's upper confidence bound) and learns from each presentation and redemption as
 * it is told of it. Both models are always updated, so switching the algorithm loses nothing.
 *
 * <p>Idempotent: a presentation id or redemption message id heard twice changes nothing, and one
 * presentation's offer counts as redeemed at most once — so events may be replayed safely. A
 * redemption is credited to the context its presentation was shown in while that presentation is
 * among the last {@link BanditSettings#rememberedPresentations()}; otherwise (or without a
 * presentation id) only the offer's overall Thompson posterior learns from it. The presentations
 * and the redemptions' message ids (as many) are remembered in arrays allocated once ({@link
 * RememberedPresentations}, {@link IdRing}): remembering one allocates nothing that outlives the
 * event, so young collections have none of them to copy.
 *
 * <p>Thread-safe: a read-write lock, so that decisions score side by side (scoring only reads) and
 * wait only while an event is learned; every operation is short (O(k²) per candidate to score,
 * O(d²) per offer shown with LinUCB, O(k²) with Thompson sampling, which does not keep LinUCB's A⁻¹
 * up to date while it does not score with it). A snapshot is the exception: {@link
 * #snapshotChunks()} serializes under the read lock (a fraction of a second to over a second with
 * 1,000 offers and 100,000 remembered presentations on a loaded machine). Take it on the thread
 * that learns, between two events, as {@link BanditScoringPlugin} does: then no writer queues
 * behind it and scoring goes on. Taken on another thread while events are learned, a writer would
 * queue, and the non-fair lock makes every new reader — every decision's scoring — wait behind it
 * until the snapshot ends.
 */
public final class BanditLearner {

  /**
   * What is kept of a recent presentation, as a view made on demand (for tests: {@link
   * #rememberedPresentations()}) of what {@link RememberedPresentations} keeps in its arrays, read
   * when asked and valid while the presentation is remembered: the situation, the offers shown,
   * those of them in a category the shopper declared, those redeemed so far, and the shopper's
   * affinity level to each offer shown (an offer without one was remembered before levels were: see
   * {@link BanditSnapshot}). Presentations are no longer kept as objects of this class: up to
   * {@link BanditSettings#rememberedPresentations()} of them live for as long as it takes that many
   * more to be shown (50 s at 2,000 identifications a second), and as objects (some 250 bytes with
   * their map entry and id) they were copied from one young-generation survivor space to the next
   * at every young collection until promoted; see {@link RememberedPresentations}.
   */
  static final class RememberedPresentation {
    private final RememberedPresentations store;
    private final int slot;

    RememberedPresentation(RememberedPresentations store, int slot) {
      this.store = store;
      this.slot = slot;
    }

    /** The situation's features, made again from what is kept. */
    ContextFeatures features() {
      return store.features(slot);
    }

    /** The offers shown, in the order shown. */
    Set<String> shown() {
      return having(0);
    }

    /** The offers shown in a category the shopper declared. */
    Set<String> liked() {
      return having(RememberedPresentations.LIKED);
    }

    /** The offers shown that were redeemed so far. */
    Set<String> redeemed() {
      return having(RememberedPresentations.REDEEMED);
    }

    /** The shopper's affinity level to each offer shown whose level is known. */
    Map<String, Integer> levels() {
      Map<String, Integer> levels = new LinkedHashMap<>();
      for (int i = 0; i < store.shownCount(slot); i++) {
        int level = store.level(slot, i);
        if (level != UNKNOWN_LEVEL) {
          levels.put(store.offer(slot, i), level);
        }
      }
      return levels;
    }

    private Set<String> having(int flag) {
      Set<String> offers = new LinkedHashSet<>();
      for (int i = 0; i < store.shownCount(slot); i++) {
        if (flag == 0 || (store.state(slot, i) & flag) != 0) {
          offers.add(store.offer(slot, i));
        }
      }
      return offers;
    }
  }

  /** The level of an offer shown in a presentation remembered before levels were. */
  static final int UNKNOWN_LEVEL = -1;

  private final BanditSettings settings;
  private final SegmentedThompson thompson;
  private final DisjointLinUcb linUcb;
  private final RememberedPresentations presentations;
  private final IdRing redemptions;
  // what presented() gathers before it remembers it: used again, under the write lock
  private int[] shownNumbers = new int[8];
  private byte[] shownStates = new byte[8];
  // Written while scoring, under the read lock: concurrent.
  private final Map<String, String> offerCategories = new ConcurrentHashMap<>();
  // How often a remembered category was set or changed: a thread's resolved candidates remember
  // theirs again when it moved, so that the latest scorer's categories stand, as they would if
  // every decision remembered every candidate's category.
  private final AtomicLong categoryChanges = new AtomicLong();
  private long changes;
  private Optional<String> migration = Optional.empty();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  // run under the lock after a snapshot is written: lets a test hold a save in progress
  private volatile Runnable whileSnapshotting = () -> {};
  private final ThreadLocal<Resolved> resolved = new ThreadLocal<>();
  private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

  public BanditLearner(BanditSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.thompson = new SegmentedThompson(settings.segmentPriorStrength());
    this.linUcb = new DisjointLinUcb(ContextFeatures.DIMENSION, settings.linUcbAlpha());
    this.presentations = new RememberedPresentations(settings.rememberedPresentations());
    this.redemptions = new IdRing(settings.rememberedPresentations());
  }

  public BanditSettings settings() {
    return settings;
  }

  /** The features of a context, under these settings. */
  public ContextFeatures features(DecisionContext context) {
    return ContextFeatures.of(context, settings.zone(), settings.valueTierAttribute());
  }

  /**
   * Scores every candidate with the configured algorithm, each with its reason in words, for a
   * shopper without purchase history.
   */
  public List<OfferScore> score(
      DecisionContext context, List<CandidateOffer> candidates, RandomGenerator random) {
    return score(context, candidates, PurchaseAffinity.EMPTY, random);
  }

  /**
   * Scores every candidate with the configured algorithm, each with its reason in words.
   *
   * @param affinity the shopper's affinity from recent purchases ({@link PurchaseAffinity#EMPTY}
   *     for a newcomer or when {@link BanditSettings#purchaseAffinity()} is off)
   */
  public List<OfferScore> score(
      DecisionContext context,
      List<CandidateOffer> candidates,
      PurchaseAffinity affinity,
      RandomGenerator random) {
    CandidateScores scores = scores(context, candidates, affinity, random);
    List<OfferScore> list = new ArrayList<>(candidates.size());
    for (int i = 0; i < candidates.size(); i++) {
      list.add(new OfferScore(candidates.get(i).offerCode(), scores.score(i), scores.reason(i)));
    }
    return list;
  }

  /**
   * Scores every candidate with the configured algorithm; the reasons are put into words only when
   * asked for, from what the scores were computed with (not from what was learned since).
   */
  public CandidateScores scores(
      DecisionContext context, List<CandidateOffer> candidates, RandomGenerator random) {
    return scores(context, candidates, PurchaseAffinity.EMPTY, random);
  }

  /**
   * Scores every candidate with the configured algorithm, with the shopper's affinity level to each
   * offer's category (one look-up per category); the reasons are put into words only when asked
   * for.
   */
  public CandidateScores scores(
      DecisionContext context,
      List<CandidateOffer> candidates,
      PurchaseAffinity affinity,
      RandomGenerator random) {
    ContextFeatures features = features(context);
    int n = candidates.size();
    Scratch work = scratch.get();
    // lent to the host with the CandidateScores until the thread's next decision, like the reasons
    double[] scores = work.scores(n);
    long decision = work.begin();
    switch (settings.algorithm()) {
      case THOMPSON -> {
        // per candidate: the offer's trials and successes, then the segment's; copied under the
        // lock, so that the draws and their reasons need none and name what they were made from
        long[] counts = work.counts(SegmentedThompson.COUNTS_PER_CANDIDATE * n);
        Resolved resolved;
        int[] judged;
        lock.readLock().lock();
        try {
          int[] numbers = work.segmentNumbers;
          for (int likes = 0; likes < 2; likes++) {
            for (int level = 0; level < PurchaseAffinity.LEVELS; level++) {
              numbers[likes * PurchaseAffinity.LEVELS + level] =
                  thompson.segmentNumber(features.segment(likes == 1, level));
            }
          }
          resolved = resolve(candidates);
          judged = work.judge(features, affinity, resolved.categories);
          // the segment number of each category's judgement, then of no category's
          int[] segmentOf = work.segmentOf(judged.length);
          for (int c = 0; c < judged.length; c++) {
            segmentOf[c] =
                numbers[(likedIn(judged[c]) ? PurchaseAffinity.LEVELS : 0) + levelIn(judged[c])];
          }
          int[] armIndexes = resolved.armIndexes;
          int[] judgedAt = resolved.judgedAt;
          for (int i = 0; i < n; i++) {
            thompson.countsOf(
                armIndexes[i],
                segmentOf[judgedAt[i]],
                counts,
                SegmentedThompson.COUNTS_PER_CANDIDATE * i);
          }
        } finally {
          lock.readLock().unlock();
        }
        thompson.sample(counts, scores, n, work.block, random);
        Resolved scored = resolved;
        int[] judgements = judged;
        return CandidateScores.lent(
            scores,
            n,
            i -> {
              work.check(decision);
              int judgement = judgements[scored.judgedAt[i]];
              int at = SegmentedThompson.COUNTS_PER_CANDIDATE * i;
              return thompsonReason(
                  scores[i],
                  features.segment(likedIn(judgement), levelIn(judgement)),
                  new SegmentedThompson.Counts(counts[at], counts[at + 1]),
                  new SegmentedThompson.Counts(counts[at + 2], counts[at + 3]));
            });
      }
      case LINUCB -> {
        double[] expected = work.expected(n);
        lock.readLock().lock();
        try {
          Resolved resolved = resolve(candidates);
          int[] judged = work.judge(features, affinity, resolved.categories);
          for (int i = 0; i < n; i++) {
            CandidateOffer candidate = resolved.candidates[i];
            String offer = candidate.offerCode();
            int judgement = judged[resolved.judgedAt[i]];
            int[] x = features.activeView(likedIn(judgement), levelIn(judgement));
            expected[i] = linUcb.expectedReward(offer, x);
            scores[i] = linUcb.upperConfidenceBound(offer, x);
          }
        } finally {
          lock.readLock().unlock();
        }
        return CandidateScores.lent(
            scores,
            n,
            i -> {
              work.check(decision);
              return linUcbReason(scores[i], expected[i]);
            });
      }
      default -> throw new IllegalStateException("algorithm " + settings.algorithm());
    }
  }

  /**
   * A thread's working arrays for scoring, used again by its next decision instead of made anew
   * (for a thousand candidates, some 48 kB a decision that would soon cost a young collection): the
   * scores lent to the host ({@link CandidateScores#lent}), the counts each Thompson draw is made
   * from, LinUCB's expected rewards, the judgement of each category and the draws' block ({@link
   * SegmentedThompson.Block}). Grown as needed, never shrunk, never shared between threads.
   *
   * <p>A decision's scores are these arrays and its reasons are put into words from them, so both
   * must be read before the thread's next decision; the host does so ({@link
   * CandidateScores.Reasons}: on the deciding thread, before the decision answers). A reason asked
   * later fails instead of naming another decision's counts.
   */
  private static final class Scratch {
    final SegmentedThompson.Block block = new SegmentedThompson.Block();
    // by (liked ? LEVELS : 0) + level: the number of the segment
    final int[] segmentNumbers = new int[2 * PurchaseAffinity.LEVELS];
    private double[] scores = new double[0];
    private long[] counts = new long[0];
    private double[] expected = new double[0];
    private int[] judged = new int[1];
    private int[] segmentOf = new int[1];
    private long decisions;

    /** Starts a decision with these arrays: the reasons of the one before can no longer be had. */
    long begin() {
      return ++decisions;
    }

    /** Fails when the arrays were used by a later decision than this one. */
    void check(long decision) {
      if (decision != decisions) {
        throw new IllegalStateException(
            "the bandit's reasons of a decision were asked for after its thread's next decision;"
                + " ask for them before scoring again");
      }
    }

    double[] scores(int length) {
      if (scores.length < length) {
        scores = new double[length];
      }
      return scores;
    }

    long[] counts(int length) {
      if (counts.length < length) {
        counts = new long[length];
      }
      return counts;
    }

    double[] expected(int length) {
      if (expected.length < length) {
        expected = new double[length];
      }
      return expected;
    }

    int[] segmentOf(int length) {
      if (segmentOf.length < length) {
        segmentOf = new int[length];
      }
      return segmentOf;
    }

    /**
     * Whether the shopper likes each category and the shopper's affinity level to it, judged once
     * per category and decision: {@code level}, plus {@code LIKED} when liked; then, at {@code
     * categories.length}, the judgement of a candidate without a category (not liked, level none).
     * Only the first {@code categories.length + 1} entries are this decision's.
     */
    int[] judge(ContextFeatures features, PurchaseAffinity affinity, String[] categories) {
      if (judged.length < categories.length + 1) {
        judged = new int[categories.length + 1];
      }
      boolean likesAny = features.likesAny();
      for (int c = 0; c < categories.length; c++) {
        boolean likes = likesAny && features.likes(Optional.of(categories[c]));
        judged[c] = (likes ? LIKED : 0) | affinity.level(categories[c]);
      }
      judged[categories.length] = PurchaseAffinity.NONE;
      return judged;
    }
  }

  /**
   * Remembers the candidate's category, so that a presentation of it knows whether it was liked,
   * and returns it ({@code null} for none). The map is written only when the category changes (a
   * put locks its bin), and the arm's hint saves even the look-up. Called for each candidate when
   * the thread resolves its candidates, and again only when a category changed since.
   */
  private String remember(CandidateOffer candidate, String name, SegmentedThompson.Arm arm) {
    if (name == null) {
      return null;
    }
    if (arm != null && name.equals(arm.category)) {
      return name;
    }
    String offer = candidate.offerCode();
    boolean changed = !name.equals(offerCategories.get(offer));
    if (changed) {
      offerCategories.put(offer, name);
    }
    if (arm != null) {
      arm.category = name;
    }
    if (changed) { // counted after the hint is set, so that a thread seeing the count sees the hint
      categoryChanges.incrementAndGet();
    }
    return name;
  }

  /** The shopper's affinity level to an offer's category; none for an offer without one. */
  private static int level(PurchaseAffinity affinity, String category) {
    return category == null ? PurchaseAffinity.NONE : affinity.level(category);
  }

  private static final int LIKED = 1 << 8;

  private static boolean likedIn(int judgement) {
    return (judgement & LIKED) != 0;
  }

  private static int levelIn(int judgement) {
    return judgement & (LIKED - 1);
  }

  /**
   * The candidates with their Thompson arms and categories, under the read lock. Resolved once (the
   * arms by offer code), then reused by the thread's next decisions while they score the very same
   * candidate instances (the host's catalogue hands over the same ones until its offers change) and
   * no arm was added since: an arm, once made, stays the offer's arm for good, and a candidate's
   * category never changes.
   */
  private Resolved resolve(List<CandidateOffer> candidates) {
    Resolved last = resolved.get();
    int n = candidates.size();
    int armCount = thompson.armCount();
    if (last != null && last.armCount == armCount && last.candidates.length == n) {
      boolean same = true;
      for (int i = 0; i < n && same; i++) {
        same = candidates.get(i) == last.candidates[i];
      }
      if (same) {
        return last.categoriesAt == categoryChanges.get() ? last : remembered(last);
      }
    }
    CandidateOffer[] offers = new CandidateOffer[n];
    SegmentedThompson.Arm[] arms = new SegmentedThompson.Arm[n];
    int[] armIndexes = new int[n];
    int[] categoryIndex = new int[n];
    int[] judgedAt = new int[n];
    Map<String, Integer> indexes = new HashMap<>();
    for (int i = 0; i < n; i++) {
      offers[i] = candidates.get(i);
      arms[i] = thompson.armIfAny(offers[i].offerCode());
      armIndexes[i] = arms[i] == null ? -1 : arms[i].index();
      Optional<String> category = offers[i].category();
      categoryIndex[i] =
          category.isEmpty() ? -1 : indexes.computeIfAbsent(category.get(), c -> indexes.size());
    }
    String[] categories = new String[indexes.size()];
    indexes.forEach((category, index) -> categories[index] = category);
    for (int i = 0; i < n; i++) {
      judgedAt[i] = categoryIndex[i] < 0 ? categories.length : categoryIndex[i];
    }
    return remembered(
        new Resolved(offers, arms, armIndexes, categoryIndex, judgedAt, categories, armCount, 0));
  }

  /**
   * Remembers the categories of the resolved candidates and keeps them as the thread's, with the
   * number of category changes seen before: a decision that reuses them remembers nothing unless
   * another category changed since (a thread scoring another catalogue), instead of checking each
   * candidate's category at every decision.
   */
  private Resolved remembered(Resolved made) {
    long at = categoryChanges.get();
    for (int i = 0; i < made.candidates.length; i++) {
      remember(made.candidates[i], made.categoryOf(i), made.arms[i]);
    }
    Resolved kept =
        new Resolved(
            made.candidates,
            made.arms,
            made.armIndexes,
            made.categoryIndex,
            made.judgedAt,
            made.categories,
            made.armCount,
            at);
    resolved.set(kept);
    return kept;
  }

  /**
   * Candidates, their arms ({@code null} for an offer never shown) and the arms' indexes (-1 for
   * none; what scoring reads, side by side), the index of each one's category among the distinct
   * {@code categories} (-1 for none) and of its judgement ({@link Scratch#judge}: the category's,
   * {@code categories.length} for none), with the number of category changes counted before their
   * categories were remembered; never changed once made.
   */
  private record Resolved(
      CandidateOffer[] candidates,
      SegmentedThompson.Arm[] arms,
      int[] armIndexes,
      int[] categoryIndex,
      int[] judgedAt,
      String[] categories,
      int armCount,
      long categoriesAt) {

    String categoryOf(int i) {
      return categoryIndex[i] < 0 ? null : categories[categoryIndex[i]];
    }
  }

  private String thompsonReason(
      double draw,
      String segmentName,
      SegmentedThompson.Counts overall,
      SegmentedThompson.Counts segment) {
    BetaPosterior posterior = thompson.segmentPosterior(overall, segment);
    return "Thompson draw "
        + Decimals.fixed(draw, 3)
        + " from Beta("
        + Decimals.fixed(posterior.alpha(), 1)
        + ", "
        + Decimals.fixed(posterior.beta(), 1)
        + "): "
        + segmentName
        + " redeemed "
        + segment.successes()
        + " of "
        + segment.trials()
        + ", all "
        + overall.successes()
        + " of "
        + overall.trials();
  }

  private static String linUcbReason(double bound, double expected) {
    return "LinUCB "
        + Decimals.fixed(bound, 3)
        + " = expected "
        + Decimals.fixed(expected, 3)
        + " + exploration "
        + Decimals.fixed(bound - expected, 3);
  }

  /** Learns that offers were shown to a shopper without purchase history; see below. */
  public boolean presented(PresentationEvent event) {
    return presented(event, PurchaseAffinity.EMPTY);
  }

  /**
   * Learns that offers were shown: one more trial for each, in the segment and with the features
   * the offer had when scored. An offer's category is remembered from scoring (a decision scores
   * before it shows); an offer never scored here counts as not in a declared category and at
   * affinity level none. The level of each offer shown is remembered with the presentation, so that
   * its redemption lands in the same segment. Returns {@code false} for a presentation already
   * heard.
   *
   * @param affinity the shopper's affinity, the one the decision was scored with
   */
  public boolean presented(PresentationEvent event, PurchaseAffinity affinity) {
    lock.writeLock().lock();
    try {
      return presentedLocked(event, affinity);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * An event the host reported, waiting to be learned: a presentation with the affinity its
   * decision was scored with, or a redemption.
   */
  public sealed interface Event {}

  /** A presentation to learn, with the shopper's affinity its decision was scored with. */
  public record Shown(PresentationEvent event, PurchaseAffinity affinity) implements Event {}

  /** A redemption to learn. */
  public record Redeemed(RedemptionEvent event) implements Event {}

  /**
   * Learns events in the order given under one hold of the write lock, exactly as one {@link
   * #presented(PresentationEvent, PurchaseAffinity)} or {@link #redeemed(RedemptionEvent)} after
   * the other would: the learning thread's way, so that a decision's scoring meets the writer once
   * per batch instead of once per event. Returns how many of them changed the model. An event that
   * cannot be learned is skipped, the others are learned, and then an {@link IllegalStateException}
   * says how many failed, with the first failure as its cause.
   */
  public int learn(List<? extends Event> events) {
    int changed = 0;
    int failed = 0;
    RuntimeException first = null;
    lock.writeLock().lock();
    try {
      for (int i = 0, n = events.size(); i < n; i++) {
        Event event = events.get(i);
        try {
          boolean learned =
              event instanceof Shown shown
                  ? presentedLocked(shown.event(), shown.affinity())
                  : redeemedLocked(((Redeemed) event).event());
          if (learned) {
            changed++;
          }
        } catch (RuntimeException e) { // one event's failure is not the others'
          failed++;
          if (first == null) {
            first = e;
          }
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
    if (first != null) {
      throw new IllegalStateException(
          failed
              + " of "
              + events.size()
              + " events could not be learned ("
              + changed
              + " others changed the model); the first: "
              + first.getMessage(),
          first);
    }
    return changed;
  }

  private boolean presentedLocked(PresentationEvent event, PurchaseAffinity affinity) {
    if (presentations.contains(event.presentationId())) {
      return false;
    }
    ContextFeatures features = features(event.context());
    List<ShownOffer> offers = event.offers();
    if (shownNumbers.length < offers.size()) {
      shownNumbers = new int[offers.size()];
      shownStates = new byte[offers.size()];
    }
    int[] shown = shownNumbers;
    int n = 0;
    for (ShownOffer offer : offers) {
      String code = offer.offerCode();
      int number = presentations.offerNumber(code);
      if (indexOf(shown, n, number) < 0) {
        String category = offerCategories.get(code);
        boolean likes = features.likes(Optional.ofNullable(category));
        int level = level(affinity, category);
        shown[n] = number;
        shownStates[n++] = RememberedPresentations.state(level, likes, false);
        thompson.shown(code, features.segment(likes, level));
        if (settings.algorithm() == BanditSettings.Algorithm.LINUCB) {
          linUcb.shown(code, features.activeView(likes, level));
        } else { // not scored with: A⁻¹ is made from A when read (a restart reads it so)
          linUcb.shownLater(code, features.activeView(likes, level));
        }
      }
    }
    int[] active = features.activeView();
    presentations.add(
        event.presentationId(), features.situation(), active, active.length, shown, shownStates, n);
    changes++;
    return true;
  }

  /**
   * Learns from a redemption: a success for the offer in the context it was shown in. Returns
   * {@code false} for a message already heard or an offer already counted as redeemed for that
   * presentation.
   */
  public boolean redeemed(RedemptionEvent event) {
    lock.writeLock().lock();
    try {
      return redeemedLocked(event);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private boolean redeemedLocked(RedemptionEvent event) {
    if (redemptions.contains(event.messageId())) {
      return false;
    }
    redemptions.add(event.messageId()); // not held: looked for just above
    String offer = event.offerCode();
    int slot = event.presentationId().map(presentations::find).orElse(-1);
    int at = slot < 0 ? -1 : presentations.indexOf(slot, offer);
    if (at >= 0) {
      if (!presentations.redeem(slot, at)) {
        return false;
      }
      boolean likes = presentations.liked(slot, at);
      int level = presentations.level(slot, at);
      ContextFeatures shown = presentations.features(slot);
      if (level == UNKNOWN_LEVEL) {
        // shown before levels were remembered (an older snapshot): its trial's segment counts
        // were not kept, and its LinUCB trial had no affinity feature
        thompson.redeemed(offer);
        linUcb.rewarded(offer, shown.activeWithoutLevel(likes));
      } else {
        thompson.redeemed(offer, shown.segment(likes, level));
        linUcb.rewarded(offer, shown.activeView(likes, level));
      }
    } else {
      thompson.redeemed(offer);
    }
    changes++;
    return true;
  }

  /** How many events changed the model since it was made; tells a saver whether to save. */
  public long changes() {
    lock.readLock().lock();
    try {
      return changes;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The saved form of everything learned in chunks of at most 1 MiB, so that no array of it is
   * humongous for G1; see {@link BanditSnapshot}. Holds the read lock for the whole serialization:
   * call it on the thread that learns (see the class comment).
   */
  public List<ByteBuffer> snapshotChunks() {
    lock.readLock().lock();
    try {
      List<ByteBuffer> chunks = BanditSnapshot.writeChunks(this);
      whileSnapshotting.run();
      return chunks;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Runs {@code hook} at the end of each {@link #snapshotChunks()}, still under the read lock; for
   * tests that hold a save in progress.
   */
  void whileSnapshotting(Runnable hook) {
    whileSnapshotting = Objects.requireNonNull(hook, "hook");
  }

  /** Whether a thread waits for the lock (to learn, behind a reader such as a save); for tests. */
  boolean lockWaitedFor() {
    return lock.hasQueuedThreads();
  }

  /** The saved form of everything learned, as one array; see {@link BanditSnapshot}. */
  public byte[] snapshot() {
    lock.readLock().lock();
    try {
      return BanditSnapshot.write(this);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** A learner with the state of a snapshot, under (possibly new) settings. */
  public static BanditLearner restore(byte[] snapshot, BanditSettings settings) {
    BanditLearner learner = new BanditLearner(settings);
    learner.migration = BanditSnapshot.read(snapshot, learner);
    return learner;
  }

  /**
   * What restoring an older snapshot version changed, in words for the log; empty when the learner
   * was made new or from a snapshot of the current version.
   */
  public Optional<String> migration() {
    return migration;
  }

  SegmentedThompson thompson() {
    return thompson;
  }

  DisjointLinUcb linUcb() {
    return linUcb;
  }

  /**
   * The presentations remembered, oldest first, as views made for the call (a map of as many
   * entries: for tests; a snapshot reads {@link #presentationStore()} without making one).
   */
  Map<String, RememberedPresentation> rememberedPresentations() {
    lock.readLock().lock();
    try {
      return presentations.asMap();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The presentations remembered; read under the lock. */
  RememberedPresentations presentationStore() {
    return presentations;
  }

  /** The message ids of the redemptions remembered, oldest first; read under the lock. */
  IdRing rememberedRedemptions() {
    return redemptions;
  }

  /** The category of each offer scored so far (so that a presentation knows what was liked). */
  Map<String, String> offerCategories() {
    return offerCategories;
  }

  /** Where {@code number} is among the first {@code n} of {@code numbers}; -1 if it is not. */
  private static int indexOf(int[] numbers, int n, int number) {
    for (int i = 0; i < n; i++) {
      if (numbers[i] == number) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Remembers a presentation read from a snapshot: the offers shown (each once, in the order
   * shown), each with its state ({@link RememberedPresentations#state}); one already remembered
   * keeps its place and takes this content.
   */
  void remember(String presentationId, ContextFeatures features, String[] shown, byte[] state) {
    presentations.put(presentationId, features.situation(), features.activeView(), shown, state);
  }

  void rememberRedemption(String messageId) {
    if (!redemptions.contains(messageId)) {
      redemptions.add(messageId);
    }
  }
}
