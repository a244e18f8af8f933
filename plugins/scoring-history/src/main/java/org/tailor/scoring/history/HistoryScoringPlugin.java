package org.tailor.scoring.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
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
import org.tailor.plugin.host.HostConfiguration;
import org.tailor.plugin.host.PurchaseHistory;
import org.tailor.plugin.host.PurchaseLedger;
import org.tailor.plugin.host.PurchaseRecord;

/**
 * The {@code history} scoring plugin: scores offers by the shopper's own purchase history and by
 * item-to-item collaborative filtering over all shoppers, with store bestsellers and declared
 * preferences for newcomers (see {@link HistoryScorer}). The item-to-item model is rebuilt from the
 * host's {@link PurchaseLedger} in a background thread every {@code rebuildMinutes}, paced to half
 * a core ({@link PacedLines}); decisions use the latest model (the empty one, scoring everyone as a
 * newcomer, until the first build ends) and never wait for a build. A failed build is logged and
 * the previous model kept.
 *
 * <p>Until its first build has ended the plugin says it is {@linkplain #warmingUp() warming up}. A
 * first build that fails ends the warm-up all the same: the plugin goes on with the empty model
 * (bestsellers unknown, declared preferences and the shopper's own history still count), the
 * failure is in the log, and the next build is tried {@code rebuildMinutes} later. Nobody waits for
 * a model that may never come.
 */
@Component(
    service = ScoringPlugin.class,
    configurationPid = HistoryScoringPlugin.PID,
    configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HistoryScoringConfig.class)
public final class HistoryScoringPlugin implements ScoringPlugin {

  /**
   * The configuration PID: settings live in {@code config/plugins/org.tailor.scoring.history.cfg}.
   */
  public static final String PID = "org.tailor.scoring.history";

  private static final Logger LOG = LoggerFactory.getLogger(HistoryScoringPlugin.class);

  /** The share of one core a model build may use (it pauses between batches of lines). */
  static final double BUILD_SHARE = 0.5;

  @Reference private PurchaseHistory history;
  @Reference private PurchaseLedger ledger;
  @Reference private HostConfiguration host;

  private final Clock clock = Clock.systemUTC();
  private final AtomicReference<HistoryModel> model =
      new AtomicReference<>(HistoryModel.empty(clock.instant()));
  private volatile HistoryScorer scorer;
  private volatile ScoringSettings settings;
  private volatile Reasons reasons;
  private volatile boolean firstBuildEnded;
  private HistoryScoringConfig config;
  private ScheduledExecutorService rebuilds;

  /** Checks the settings (a bad one fails activation, naming it) and schedules the rebuilds. */
  @Activate
  void activate(HistoryScoringConfig config) {
    ScoringSettings.atLeast("rebuildMinutes", config.rebuildMinutes(), 1);
    ScoringSettings.atLeast("ledgerDays", config.ledgerDays(), 1);
    ScoringSettings.atLeast("neighbours", config.neighbours(), 1);
    ScoringSettings.atLeast("bestsellerDays", config.bestsellerDays(), 1);
    if (!(config.shrink() >= 0) || Double.isInfinite(config.shrink())) {
      throw new IllegalArgumentException(
          "shrink = " + config.shrink() + ": expected a finite number of 0 or more");
    }
    this.config = config;
    this.settings =
        new ScoringSettings(
            config.recentReceipts(),
            config.halfLifeDays(),
            config.affinityWindowDays(),
            config.affinityWeight(),
            config.similarityWeight(),
            config.preferenceWeight(),
            config.bestsellerWeight());
    this.reasons = Reasons.in(host.defaultLanguage());
    this.scorer = new HistoryScorer(settings, reasons);
    this.rebuilds =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "tailor-history-model");
              thread.setDaemon(true);
              thread.setPriority(Thread.MIN_PRIORITY);
              return thread;
            });
    rebuilds.scheduleWithFixedDelay(this::rebuild, 0, config.rebuildMinutes(), TimeUnit.MINUTES);
  }

  @Deactivate
  void stop() {
    rebuilds.shutdownNow();
  }

  @Override
  public String id() {
    return "history";
  }

  /**
   * What the plugin waits for until its first model build has ended, successfully or not; empty
   * after.
   */
  @Override
  public Optional<String> warmingUp() {
    return firstBuildEnded
        ? Optional.empty()
        : Optional.of(reasons.firstModel(config.ledgerDays()));
  }

  @Override
  public List<OfferScore> score(DecisionContext context, List<CandidateOffer> candidates) {
    return ScoringPlugin.scoreList(this, context, candidates);
  }

  @Override
  public CandidateScores scores(DecisionContext context, List<CandidateOffer> candidates) {
    List<PurchaseRecord> purchases =
        context
            .shopper()
            .map(shopper -> history.recentPurchases(shopper.loyaltyId(), settings.recentReceipts()))
            .orElse(List.of());
    return scorer.scores(context, purchases, model.get(), candidates);
  }

  private void rebuild() {
    try {
      Instant at = clock.instant();
      long started = System.nanoTime();
      HistoryModelBuilder builder = new HistoryModelBuilder(at, config.bestsellerDays());
      ledger.forEachLine(
          at.minus(Duration.ofDays(config.ledgerDays())), PacedLines.of(builder, BUILD_SHARE));
      HistoryModel built = builder.build(config.neighbours(), config.shrink());
      model.set(built);
      LOG.info(
          "purchase-history model rebuilt from {} lines of {} shoppers, {} products, in {} ms",
          built.linesRead(),
          built.shoppers(),
          built.catalogue().size(),
          (System.nanoTime() - started) / 1_000_000);
    } catch (RuntimeException e) {
      if (rebuilds.isShutdown()) {
        // stop() interrupted the build: the plugin or the server is stopping, nothing failed
        LOG.info("purchase-history model rebuild stopped: the plugin is stopping");
      } else {
        LOG.error("purchase-history model rebuild failed; keeping the previous model", e);
      }
    } finally {
      firstBuildEnded = true;
    }
  }
}
