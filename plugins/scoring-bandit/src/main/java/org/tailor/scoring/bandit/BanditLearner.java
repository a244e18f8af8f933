package org.tailor.scoring.bandit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.random.RandomGenerator;
import org.tailor.plugin.CandidateOffer;
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
 * presentation id) only the offer's overall Thompson posterior learns from it.
 *
 * <p>Thread-safe: a read-write lock, so that decisions score side by side (scoring only reads) and
 * wait only while an event is learned; every operation is short (O(k²) per candidate to score,
 * O(d²) per offer shown).
 */
public final class BanditLearner {

  /**
   * What is kept of a recent presentation: the situation, the offers shown, those of them in a
   * category the shopper declared, and those redeemed so far.
   */
  record RememberedPresentation(
      ContextFeatures features, Set<String> shown, Set<String> liked, Set<String> redeemed) {}

  private final BanditSettings settings;
  private final SegmentedThompson thompson;
  private final DisjointLinUcb linUcb;
  private final LinkedHashMap<String, RememberedPresentation> presentations;
  private final LinkedHashSet<String> redemptions = new LinkedHashSet<>();
  // Written while scoring, under the read lock: concurrent.
  private final Map<String, String> offerCategories = new ConcurrentHashMap<>();
  private long changes;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  public BanditLearner(BanditSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.thompson = new SegmentedThompson(settings.segmentPriorStrength());
    this.linUcb = new DisjointLinUcb(ContextFeatures.DIMENSION, settings.linUcbAlpha());
    this.presentations = new LinkedHashMap<>();
  }

  public BanditSettings settings() {
    return settings;
  }

  /** The features of a context, under these settings. */
  public ContextFeatures features(DecisionContext context) {
    return ContextFeatures.of(context, settings.zone(), settings.valueTierAttribute());
  }

  /** Scores every candidate with the configured algorithm. */
  public List<OfferScore> score(
      DecisionContext context, List<CandidateOffer> candidates, RandomGenerator random) {
    ContextFeatures features = features(context);
    List<OfferScore> scores = new ArrayList<>(candidates.size());
    lock.readLock().lock();
    try {
      for (CandidateOffer candidate : candidates) {
        String offer = candidate.offerCode();
        candidate.category().ifPresent(c -> offerCategories.put(offer, c));
        boolean liked = features.likes(candidate.category());
        scores.add(
            switch (settings.algorithm()) {
              case THOMPSON -> thompsonScore(offer, features.segment(liked), random);
              case LINUCB -> linUcbScore(offer, features.activeView(liked));
            });
      }
    } finally {
      lock.readLock().unlock();
    }
    return scores;
  }

  private OfferScore thompsonScore(String offer, String segmentName, RandomGenerator random) {
    BetaPosterior posterior = thompson.segmentPosterior(offer, segmentName);
    double draw = posterior.sample(random);
    long[] segment = thompson.segmentCountsOf(offer, segmentName);
    long[] overall = thompson.offerCounts(offer);
    return new OfferScore(
        offer,
        draw,
        "Thompson draw "
            + Decimals.fixed(draw, 3)
            + " from Beta("
            + Decimals.fixed(posterior.alpha(), 1)
            + ", "
            + Decimals.fixed(posterior.beta(), 1)
            + "): "
            + segmentName
            + " redeemed "
            + segment[1]
            + " of "
            + segment[0]
            + ", all "
            + overall[1]
            + " of "
            + overall[0]);
  }

  private OfferScore linUcbScore(String offer, int[] x) {
    double expected = linUcb.expectedReward(offer, x);
    double bound = linUcb.upperConfidenceBound(offer, x);
    return new OfferScore(
        offer,
        bound,
        "LinUCB "
            + Decimals.fixed(bound, 3)
            + " = expected "
            + Decimals.fixed(expected, 3)
            + " + exploration "
            + Decimals.fixed(bound - expected, 3));
  }

  /**
   * Learns that offers were shown: one more trial for each, in the segment and with the features
   * the offer had when scored. An offer's category is remembered from scoring (a decision scores
   * before it shows); an offer never scored here counts as not in a declared category. Returns
   * {@code false} for a presentation already heard.
   */
  public boolean presented(PresentationEvent event) {
    lock.writeLock().lock();
    try {
      if (presentations.containsKey(event.presentationId())) {
        return false;
      }
      ContextFeatures features = features(event.context());
      Set<String> shown = new HashSet<>();
      Set<String> liked = new HashSet<>();
      for (ShownOffer offer : event.offers()) {
        String code = offer.offerCode();
        if (shown.add(code)) {
          boolean likes = features.likes(Optional.ofNullable(offerCategories.get(code)));
          if (likes) {
            liked.add(code);
          }
          thompson.shown(code, features.segment(likes));
          linUcb.shown(code, features.activeView(likes));
        }
      }
      remember(
          event.presentationId(),
          new RememberedPresentation(features, shown, liked, new HashSet<>()));
      changes++;
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Learns from a redemption: a success for the offer in the context it was shown in. Returns
   * {@code false} for a message already heard or an offer already counted as redeemed for that
   * presentation.
   */
  public boolean redeemed(RedemptionEvent event) {
    lock.writeLock().lock();
    try {
      if (redemptions.contains(event.messageId())) {
        return false;
      }
      rememberRedemption(event.messageId());
      String offer = event.offerCode();
      Optional<RememberedPresentation> presentation =
          event.presentationId().map(presentations::get);
      if (presentation.isPresent() && presentation.get().shown().contains(offer)) {
        RememberedPresentation shown = presentation.get();
        if (!shown.redeemed().add(offer)) {
          return false;
        }
        boolean likes = shown.liked().contains(offer);
        thompson.redeemed(offer, shown.features().segment(likes));
        linUcb.rewarded(offer, shown.features().activeView(likes));
      } else {
        thompson.redeemed(offer);
      }
      changes++;
      return true;
    } finally {
      lock.writeLock().unlock();
    }
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

  /** The saved form of everything learned; see {@link BanditSnapshot}. */
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
    BanditSnapshot.read(snapshot, learner);
    return learner;
  }

  SegmentedThompson thompson() {
    return thompson;
  }

  DisjointLinUcb linUcb() {
    return linUcb;
  }

  Map<String, RememberedPresentation> rememberedPresentations() {
    return presentations;
  }

  Set<String> rememberedRedemptions() {
    return redemptions;
  }

  /** The category of each offer scored so far (so that a presentation knows what was liked). */
  Map<String, String> offerCategories() {
    return offerCategories;
  }

  void remember(String presentationId, RememberedPresentation presentation) {
    presentations.put(presentationId, presentation);
    if (presentations.size() > settings.rememberedPresentations()) {
      Iterator<String> eldest = presentations.keySet().iterator();
      eldest.next();
      eldest.remove();
    }
  }

  void rememberRedemption(String messageId) {
    redemptions.add(messageId);
    if (redemptions.size() > settings.rememberedPresentations()) {
      Iterator<String> eldest = redemptions.iterator();
      eldest.next();
      eldest.remove();
    }
  }
}
