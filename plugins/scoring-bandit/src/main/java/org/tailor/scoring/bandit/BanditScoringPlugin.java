package org.tailor.scoring.bandit;

import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.CandidateScores;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.OfferScore;
import org.tailor.plugin.ScoringPlugin;
import org.tailor.plugin.host.DecisionListener;
import org.tailor.plugin.host.PluginStateStore;
import org.tailor.plugin.host.PresentationEvent;
import org.tailor.plugin.host.PurchaseHistory;
import org.tailor.plugin.host.PurchaseRecord;
import org.tailor.plugin.host.PurchasedItem;
import org.tailor.plugin.host.RedemptionEvent;

/**
 * The bandit scoring plugin ({@code "bandit"}): scores offers with Thompson sampling or LinUCB
 * ({@link BanditLearner}) and learns from every presentation and redemption the host records
 * ({@link DecisionListener}). What it learned is saved with the host's {@link PluginStateStore}
 * every few seconds when it changed, and when the plugin stops; it is read back when the plugin
 * starts.
 *
 * <p>Learning happens on the plugin's own thread, in the order the host reported the events,
 * moments after each (the host's call only hands the event over): a decision never waits for the
 * learner, nor for a save, which copies the state on that thread between events (some megabytes
 * with a thousand offers, in chunks of at most 1 MiB) and writes it from another. When the events
 * come faster than the thread learns, more than {@link #LEARNING_QUEUE} waiting, the host's thread
 * learns the next one itself, so nothing is dropped and the queue stays bounded.
 *
 * <p>For a known shopper it reads the latest {@code recentPurchases} purchases once per decision
 * from the host's {@link PurchaseHistory} (which the host caches per shopper) and takes the
 * shopper's {@link PurchaseAffinity} to every offer's category from them; the affinity a decision
 * used is kept for a while, so the presentation that follows learns with the very same levels, and
 * the shopper's next decision reuses it while the history gives lines of the same categories (the
 * host decodes the receipts afresh for each decision, so they are compared by content).
 */
@Component(
    service = {ScoringPlugin.class, DecisionListener.class},
    configurationPid = BanditScoringPlugin.PID)
@Designate(ocd = BanditConfiguration.class)
public final class BanditScoringPlugin implements ScoringPlugin, DecisionListener {

  /** The configuration PID: settings in {@code config/plugins/org.tailor.scoring.bandit.cfg}. */
  public static final String PID = "org.tailor.scoring.bandit";

  /** The plugin id, also the owner of the saved state. */
  public static final String ID = "bandit";

  static final String STATE_KEY = "learner";

  private static final Logger LOG = LoggerFactory.getLogger(BanditScoringPlugin.class);

  /**
   * How many shoppers' last affinities are kept for their presentations (a direct-mapped table).
   */
  static final int RECENT_AFFINITIES = 4096;

  /**
   * A shopper's affinity as a decision used it, with the categories of the lines it was built from
   * (every receipt's lines in turn): the next decision for the shopper reuses it while the history
   * gives lines of the very same categories in the same order. An affinity depends on nothing else
   * (it counts lines per category), and the host decodes the receipts afresh for each decision, so
   * they are compared by content, not as instances; a product moved to another category shows as
   * another category and builds the affinity again.
   */
  private record Recent(String loyaltyId, String[] categories, PurchaseAffinity affinity) {

    /** Whether these receipts' lines have the categories the affinity was built from, in order. */
    boolean builtFrom(List<PurchaseRecord> latest) {
      String[] expected = categories;
      int k = 0;
      for (int r = 0, receipts = latest.size(); r < receipts; r++) {
        List<PurchasedItem> lines = latest.get(r).lines();
        int size = lines.size();
        if (size > expected.length - k) {
          return false;
        }
        for (int i = 0; i < size; i++, k++) {
          String category = lines.get(i).category();
          if (category != expected[k] && !category.equals(expected[k])) {
            return false;
          }
        }
      }
      return k == expected.length;
    }

    /** The categories of the receipts' lines, every receipt's in turn. */
    static String[] categoriesOf(List<PurchaseRecord> purchases) {
      int count = 0;
      for (int r = 0, receipts = purchases.size(); r < receipts; r++) {
        count += purchases.get(r).lines().size();
      }
      String[] categories = new String[count];
      int k = 0;
      for (int r = 0, receipts = purchases.size(); r < receipts; r++) {
        List<PurchasedItem> lines = purchases.get(r).lines();
        for (int i = 0, size = lines.size(); i < size; i++) {
          categories[k++] = lines.get(i).category();
        }
      }
      return categories;
    }
  }

  private final PluginStateStore store;
  private final PurchaseHistory history;
  private final BanditLearner learner;
  private final AtomicReferenceArray<Recent> recent = new AtomicReferenceArray<>(RECENT_AFFINITIES);
  private final ScheduledExecutorService saver;
  private final LearningThread learning;

  private long savedChanges;
  private long nextSaveNanos = System.nanoTime();

  /**
   * A save waits at least this many times as long as the last one took, so that saving a large
   * state (up to 100,000 remembered presentations) takes at most about a twentieth of one core
   * however often {@code saveSeconds} asks.
   */
  static final int SAVE_SPACING = 20;

  /** How many reported events may wait for the learning thread. */
  static final int LEARNING_QUEUE = 100_000;

  @Activate
  public BanditScoringPlugin(
      @Reference PluginStateStore store,
      @Reference PurchaseHistory history,
      BanditConfiguration configuration) {
    this.store = store;
    this.history = history;
    BanditSettings settings = settings(configuration);
    Optional<byte[]> saved = store.load(ID, STATE_KEY);
    this.learner =
        saved
            .map(bytes -> BanditLearner.restore(bytes, settings))
            .orElseGet(() -> new BanditLearner(settings));
    learner.migration().ifPresent(LOG::warn);
    this.savedChanges = learner.changes();
    LOG.info(
        "bandit scoring started with {}, purchase affinity {} ({})",
        settings.algorithm().name().toLowerCase(Locale.ROOT),
        settings.purchaseAffinity() ? "from " + settings.recentPurchases() + " purchases" : "off",
        saved.isPresent() ? "state restored" : "no saved state");
    this.learning = new LearningThread(learner, LEARNING_QUEUE, "tailor-bandit-learner");
    this.saver = Executors.newSingleThreadScheduledExecutor(daemon("tailor-bandit-saver"));
    int every = configuration.saveSeconds();
    if (every < 1) {
      throw new IllegalArgumentException(
          "saveSeconds = " + every + ": expected a whole number from 1");
    }
    saver.scheduleWithFixedDelay(this::saveOnSchedule, every, every, TimeUnit.SECONDS);
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  @Deactivate
  void deactivate() {
    saver.shutdownNow();
    try {
      saver.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // learns what was reported before it stops
    if (!learning.stop(TimeUnit.SECONDS.toMillis(30))) {
      LOG.warn("bandit learner still busy 30 s after stop was asked; saving what it learned");
    }
    saveIfChanged();
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<OfferScore> score(DecisionContext context, List<CandidateOffer> candidates) {
    return learner.score(context, candidates, decided(context), draws());
  }

  @Override
  public CandidateScores scores(DecisionContext context, List<CandidateOffer> candidates) {
    return learner.scores(context, candidates, decided(context), draws());
  }

  /**
   * The shopper's affinity for a decision: read from the purchase history and kept for the
   * presentation; {@link PurchaseAffinity#EMPTY} for a newcomer or when switched off.
   */
  PurchaseAffinity decided(DecisionContext context) {
    if (!learner.settings().purchaseAffinity() || context.shopper().isEmpty()) {
      return PurchaseAffinity.EMPTY;
    }
    String loyaltyId = context.shopper().get().loyaltyId();
    List<PurchaseRecord> purchases =
        history.recentPurchases(loyaltyId, learner.settings().recentPurchases());
    int slot = slot(loyaltyId);
    Recent kept = recent.get(slot);
    if (kept != null && kept.loyaltyId().equals(loyaltyId) && kept.builtFrom(purchases)) {
      return kept.affinity(); // lines of the same categories: the same affinity
    }
    PurchaseAffinity affinity = PurchaseAffinity.of(purchases);
    recent.set(slot, new Recent(loyaltyId, Recent.categoriesOf(purchases), affinity));
    return affinity;
  }

  /**
   * The affinity a presentation learns with: the one its decision used while it is kept (the
   * presentation follows the decision at once in the pipeline), else read again.
   */
  PurchaseAffinity presentedWith(DecisionContext context) {
    if (!learner.settings().purchaseAffinity() || context.shopper().isEmpty()) {
      return PurchaseAffinity.EMPTY;
    }
    String loyaltyId = context.shopper().get().loyaltyId();
    Recent kept = recent.get(slot(loyaltyId));
    return kept != null && kept.loyaltyId().equals(loyaltyId) ? kept.affinity() : read(loyaltyId);
  }

  private PurchaseAffinity read(String loyaltyId) {
    return PurchaseAffinity.of(
        history.recentPurchases(loyaltyId, learner.settings().recentPurchases()));
  }

  private static int slot(String loyaltyId) {
    return Math.floorMod(loyaltyId.hashCode(), RECENT_AFFINITIES);
  }

  /**
   * The source of one decision's draws: a {@link SplittableRandom} seeded from the thread's own
   * generator, whose Gaussian draws (the ziggurat method) are much cheaper than {@link
   * ThreadLocalRandom}'s, and one Beta draw per candidate takes two or more of them.
   */
  private static SplittableRandom draws() {
    return new SplittableRandom(ThreadLocalRandom.current().nextLong());
  }

  @Override
  public void presented(PresentationEvent event) {
    learning.report(new BanditLearner.Shown(event, presentedWith(event.context())));
  }

  @Override
  public void redeemed(RedemptionEvent event) {
    learning.report(new BanditLearner.Redeemed(event));
  }

  /** The state as saved, in chunks of at most 1 MiB, and how many changes it holds. */
  private record Taken(long changes, List<ByteBuffer> snapshot) {}

  /**
   * Copies the state on the learning thread, between two events, so that no decision waits for the
   * copy (a decision's scoring only reads); directly once the learning thread has stopped. The copy
   * is the snapshot itself, written in chunks, so that no array of it is humongous for G1.
   */
  private Taken take() {
    try {
      return learning.call(() -> new Taken(learner.changes(), learner.snapshotChunks()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while copying the bandit state", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the bandit state could not be copied", e.getCause());
    }
  }

  /** The learner; for tests. */
  BanditLearner learner() {
    return learner;
  }

  /** How many reported events wait for the learning thread; for tests. */
  int eventsWaiting() {
    return learning.waiting();
  }

  /** Saves the state on schedule when it changed since the last save and the spacing allows. */
  private synchronized void saveOnSchedule() {
    if (System.nanoTime() - nextSaveNanos >= 0) {
      saveIfChanged();
    }
  }

  /** Saves the state when it changed since the last save. */
  synchronized void saveIfChanged() {
    long changes = learner.changes();
    if (changes == savedChanges) {
      return;
    }
    long started = System.nanoTime();
    try {
      Taken taken = take();
      store.save(ID, STATE_KEY, taken.snapshot());
      savedChanges = taken.changes();
    } catch (RuntimeException e) {
      LOG.error("bandit state could not be saved; will try again", e);
    }
    long took = System.nanoTime() - started;
    nextSaveNanos = started + SAVE_SPACING * took;
    LOG.debug("bandit state saved in {} ms", took / 1_000_000);
  }

  static BanditSettings settings(BanditConfiguration configuration) {
    BanditSettings.Algorithm algorithm;
    try {
      algorithm =
          BanditSettings.Algorithm.valueOf(
              configuration.algorithm().strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "algorithm = \"" + configuration.algorithm() + "\": expected thompson or linucb", e);
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(configuration.zone().strip());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "zone = \"" + configuration.zone() + "\": expected a time zone such as Europe/Madrid", e);
    }
    return new BanditSettings(
        algorithm,
        configuration.linUcbAlpha(),
        configuration.segmentPriorStrength(),
        configuration.rememberedPresentations(),
        zone,
        configuration.valueTierAttribute(),
        configuration.purchaseAffinity(),
        configuration.recentPurchases());
  }
}
