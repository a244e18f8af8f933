package org.tailor.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ObjLongConsumer;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.plugin.host.DecisionLog;
import org.tailor.plugin.host.MessageLinks;
import org.tailor.plugin.host.MqttGateway;
import org.tailor.plugin.host.OfferCatalogue;
import org.tailor.plugin.host.OfferDecisions;
import org.tailor.plugin.host.PluginStateStore;
import org.tailor.plugin.host.PurchaseHistory;
import org.tailor.plugin.host.PurchaseLedger;
import org.tailor.plugin.host.ShopperDirectory;
import org.tailor.plugin.host.TerminalRegistry;
import org.tailor.server.access.ApiKeyService;
import org.tailor.server.access.BrokerPasswordHash;
import org.tailor.server.access.UserService;
import org.tailor.server.api.HealthCheck;
import org.tailor.server.api.HttpApi;
import org.tailor.server.api.HttpApiSettings;
import org.tailor.server.config.SettingsException;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.decision.DatabaseDecisionLog;
import org.tailor.server.decision.DecisionCache;
import org.tailor.server.decision.DecisionPipeline;
import org.tailor.server.decision.DecisionSettings;
import org.tailor.server.decision.PluginDecisionLog;
import org.tailor.server.decision.PresentationWriter;
import org.tailor.server.decision.ResidentShopperFacts;
import org.tailor.server.i18n.Message;
import org.tailor.server.importer.ImportKind;
import org.tailor.server.importer.ImportResource;
import org.tailor.server.mqtt.EmbeddedMqttBroker;
import org.tailor.server.mqtt.EmbeddedMqttGateway;
import org.tailor.server.mqtt.MqttSettings;
import org.tailor.server.mqtt.PahoMqttGateway;
import org.tailor.server.mqtt.ServerMqttGateway;
import org.tailor.server.offer.CampaignResource;
import org.tailor.server.offer.DatabaseOfferCatalogue;
import org.tailor.server.offer.OfferCatalogueCache;
import org.tailor.server.offer.OfferResource;
import org.tailor.server.offer.OfferService;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import org.tailor.server.plugins.FilePluginStateStore;
import org.tailor.server.plugins.PluginHost;
import org.tailor.server.plugins.PluginResource;
import org.tailor.server.plugins.WarmingUpPlugin;
import org.tailor.server.purchase.CachedPurchaseHistory;
import org.tailor.server.purchase.DatabasePurchaseHistory;
import org.tailor.server.purchase.DatabasePurchaseLedger;
import org.tailor.server.purchase.ResidentPurchases;
import org.tailor.server.reports.ReportQueries;
import org.tailor.server.reports.ReportRollup;
import org.tailor.server.reports.ReportsSettings;
import org.tailor.server.reports.ReportsWeb;
import org.tailor.server.reports.StaffMailReportMailbox;
import org.tailor.server.reports.WeeklyReportMailer;
import org.tailor.server.reports.WeeklyStoreReports;
import org.tailor.server.shopper.RfmCutPointRefresher;
import org.tailor.server.shopper.RfmCutPoints;
import org.tailor.server.shopper.ShopperIndex;
import org.tailor.server.shopper.ShopperResource;
import org.tailor.server.shopper.ShopperService;
import org.tailor.server.store.DatabaseTerminalRegistry;
import org.tailor.server.store.StoreResource;
import org.tailor.server.store.StoreService;
import org.tailor.server.store.TerminalCredentials;
import org.tailor.server.store.TerminalResource;

/**
 * The running server: the database, the MQTT broker (embedded unless an external one is configured)
 * and the server's connection to it, the OSGi plugin host with the host services registered in it,
 * and the HTTP API. This is where the parts are put together; each part lives in the package of its
 * concept. Start with {@link #start(TailorSettings)}, stop with {@link #close()}.
 */
public final class TailorServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TailorServer.class);

  private final TailorSettings settings;

  /**
   * How long the decision pipeline trusts what it holds of a shopper, store or terminal without a
   * change announced on this server: the bound on how stale another server's changes can be.
   */
  public static final String DECISION_CACHE_SECONDS = "tailor.decisions.cache.seconds";

  /**
   * Whether every loyalty id and identifier is held in memory (about 40 bytes each), so that an
   * identification finds its shopper or knows a newcomer without the database; refreshed every
   * {@link #DECISION_CACHE_SECONDS} and after every import through this server. Off when that is 0.
   */
  public static final String SHOPPER_INDEX = "tailor.decisions.shopper.index";

  /**
   * How many of each shopper's latest receipts are held in memory: the most a scoring plugin asks
   * for (the history plugin's {@code recentReceipts}, 100 by default); a call for more of a shopper
   * with more reads the database.
   */
  public static final String RESIDENT_RECEIPTS = "tailor.decisions.resident.receipts";

  /** The most shoppers the decision pipeline holds in memory. */
  public static final String DECISION_CACHE_SHOPPERS = "tailor.decisions.cache.shoppers";

  /**
   * The most shoppers whose decision facts are held in memory for the whole chain, loaded at start
   * and refreshed every {@link #DECISION_CACHE_SECONDS}; 0 holds none (every shopper not in the
   * decision cache is read from the database). Also the most shoppers whose latest receipts are
   * held for the scoring plugins ({@link ResidentPurchases}, some 110 bytes a shopper), beyond
   * which their purchases are read from the database.
   */
  public static final String RESIDENT_SHOPPERS = "tailor.decisions.resident.shoppers";

  /** The longest a decided presentation waits to be written (what a crash can lose). */
  public static final String PRESENTATIONS_FLUSH_MILLIS =
      "tailor.decisions.presentations.flush.millis";

  /**
   * How often the offer catalogue decisions use is read again in the background (other servers'
   * changes, budgets spent elsewhere); this server's own changes are seen at the next decision.
   */
  public static final String CATALOGUE_REFRESH_SECONDS =
      "tailor.decisions.catalogue.refresh.seconds";

  private static final long SCHEDULER_STOP_SECONDS = 10;
  private final List<AutoCloseable> parts = new ArrayList<>();
  private Database database;
  private PluginHost plugins;
  private Optional<ShopperIndex> shopperIndex = Optional.empty();
  private Optional<ResidentPurchases> residentPurchases = Optional.empty();
  private Optional<ResidentShopperFacts> residentShoppers = Optional.empty();
  private Consumer<ImportKind> afterImport = kind -> {};
  private ObjLongConsumer<ImportKind> beforeImportWrites = (kind, batchId) -> {};
  private DecisionPipeline decisions;
  private TerminalCredentials terminalCredentials;
  private EmbeddedMqttBroker broker;
  private ServerMqttGateway mqtt;
  private String mqttUrl;
  private HttpApi http;
  private RfmCutPointRefresher rfm;
  private ApiKeyService apiKeys;
  private StoreService stores;
  private OfferService offers;
  private ShopperService shoppers;
  private UserService users;
  private ReportRollup reportRollup;
  private WeeklyReportMailer weeklyReports;
  private MessagingParts messaging;

  private TailorServer(TailorSettings settings) {
    this.settings = settings;
  }

  /** Opens the database (migrating it), starts the plugin host and serves HTTP. */
  public static TailorServer start(TailorSettings settings) {
    TailorServer server = new TailorServer(settings);
    try {
      server.startParts();
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** A scheduler with one daemon thread of this name. */
  private static ScheduledExecutorService daemonScheduler(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        runnable -> {
          Thread thread = new Thread(runnable, name);
          thread.setDaemon(true);
          return thread;
        });
  }

  private void startParts() {
    Clock clock = Clock.systemUTC();
    database = Database.open(DatabaseSettings.from(settings));
    parts.add(database);

    rfm = new RfmCutPointRefresher(database, clock);
    ScheduledExecutorService scheduler = daemonScheduler("tailor-scheduler");
    parts.add(
        () -> {
          // Let a running job (a report roll-up, a trigger run) finish its current step before
          // the database closes under it; every step is its own transaction.
          scheduler.shutdownNow();
          if (!scheduler.awaitTermination(SCHEDULER_STOP_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn(
                "a scheduled job was still running {} s after stop was asked; closing anyway",
                SCHEDULER_STOP_SECONDS);
          }
        });
    long rfmMinutes = settings.getLong("tailor.rfm.refresh.minutes", 60);
    scheduler.scheduleWithFixedDelay(this::refreshRfm, 0, rfmMinutes, TimeUnit.MINUTES);

    apiKeys = new ApiKeyService(database, clock);
    long cacheSeconds = atLeast(settings, DECISION_CACHE_SECONDS, 30, 0);
    shopperIndex =
        cacheSeconds > 0 && settings.getBoolean(SHOPPER_INDEX, true)
            ? Optional.of(startShopperIndex(cacheSeconds))
            : Optional.empty();
    long residentMax = atLeast(settings, RESIDENT_SHOPPERS, 2_000_000, 0);
    residentShoppers =
        shopperIndex.isPresent() && residentMax > 0
            ? Optional.of(new ResidentShopperFacts(database.dataSource(), residentMax))
            : Optional.empty();
    DecisionCache decisionFacts =
        new DecisionCache(
            database,
            Duration.ofSeconds(cacheSeconds),
            atLeast(settings, DECISION_CACHE_SHOPPERS, 200_000, 1),
            shopperIndex,
            residentShoppers);
    residentShoppers.ifPresent(resident -> startResidentShoppers(decisionFacts, cacheSeconds));
    long batch = atLeast(settings, "tailor.decisions.presentations.batch", 500, 1);
    PresentationWriter presentations =
        new PresentationWriter(
            database.dataSource(),
            (int) Math.min(batch, 100_000),
            (int)
                Math.min(
                    atLeast(settings, "tailor.decisions.presentations.max.pending", 20_000, batch),
                    10_000_000),
            Duration.ofMillis(atLeast(settings, PRESENTATIONS_FLUSH_MILLIS, 200, 1)));
    // Closed before the database (parts close in reverse order): waiting presentations are written.
    parts.add(presentations);
    // A store or terminal changed through this server (a terminal deleted or renamed, a store's
    // code changed) also forgets the verified MQTT logins, which name the terminal and its store.
    terminalCredentials = new TerminalCredentials(database, clock);
    stores =
        new StoreService(
            database,
            clock,
            () -> {
              decisionFacts.storesChanged();
              terminalCredentials.forgetAll();
            });
    // read again in the background, so that no decision waits for a periodic reload; closed
    // before the database (parts close in reverse order)
    OfferCatalogueCache catalogue =
        new OfferCatalogueCache(
            database,
            clock,
            Duration.ofSeconds(atLeast(settings, CATALOGUE_REFRESH_SECONDS, 10, 1)));
    catalogue.startRefreshing();
    parts.add(catalogue);
    offers = new OfferService(database, clock, catalogue::invalidate);
    shoppers = new ShopperService(database, rfm, clock, decisionFacts::shopperChanged);

    startMqtt();

    // Host services are registered before the framework starts, so plugins find them at once;
    // the host registers HostConfiguration itself.
    plugins = new PluginHost(settings);
    parts.add(plugins);
    // Plugins find shoppers through the decision pipeline's cache and shopper index: the same
    // freshness (this server's changes at once, others' within tailor.decisions.cache.seconds),
    // and a shopper just decided for is not read again.
    ShopperDirectory shopperDirectory =
        identifier -> decisionFacts.shopper(identifier).map(DecisionCache.ShopperFacts::profile);
    plugins.registerHostService(ShopperDirectory.class, shopperDirectory);
    Function<String, Optional<Long>> shopperIds =
        loyaltyId -> decisionFacts.shopper(loyaltyId).map(DecisionCache.ShopperFacts::shopperId);
    CachedPurchaseHistory purchaseHistory =
        new CachedPurchaseHistory(
            new DatabasePurchaseHistory(database, shopperIds),
            Duration.ofSeconds(cacheSeconds),
            atLeast(settings, DECISION_CACHE_SHOPPERS, 200_000, 1));
    // Every shopper's latest receipts in memory; the cache above answers for those not held.
    residentPurchases =
        cacheSeconds > 0 && residentMax > 0
            ? Optional.of(
                startResidentPurchases(
                    shopperIds, purchaseHistory, residentMax, cacheSeconds, scheduler))
            : Optional.empty();
    plugins.registerHostService(
        PurchaseHistory.class,
        residentPurchases.<PurchaseHistory>map(r -> r).orElse(purchaseHistory));
    plugins.registerHostService(
        PurchaseLedger.class, new DatabasePurchaseLedger(database.dataSource()));
    plugins.registerHostService(OfferCatalogue.class, new DatabaseOfferCatalogue(database));
    plugins.registerHostService(
        DecisionLog.class,
        new PluginDecisionLog(
            new DatabaseDecisionLog(
                database,
                presentations,
                catalogue::redeemed,
                decisionFacts::shopperChanged,
                plugins.decisionEvents())));
    plugins.registerHostService(
        PluginStateStore.class,
        new FilePluginStateStore(settings.dataDir().resolve("plugin-state")));
    PluginHost host = plugins;
    decisions =
        new DecisionPipeline(
            catalogue,
            host::scoringPlugins,
            DecisionSettings.from(settings),
            ThreadLocalRandom::current,
            host.decisionEvents(),
            decisionFacts,
            presentations);
    plugins.registerHostService(OfferDecisions.class, decisions);
    beforeImportWrites = decisionFacts::importWriting;
    afterImport =
        kind -> {
          decisionFacts.imported(kind);
          decisionFacts.storesChanged();
          residentPurchases.ifPresent(
              resident -> {
                resident.purchasesChanged();
                scheduler.execute(() -> refreshResidentPurchases(resident));
              });
          purchaseHistory.purchasesChanged();
        };
    messaging =
        new MessagingParts(settings, database, shoppers, plugins, decisions, decisionFacts, clock);
    plugins.registerHostService(MessageLinks.class, messaging.messageLinks());
    plugins.registerHostService(
        TerminalRegistry.class,
        new DatabaseTerminalRegistry(database, settings, presentations::flushIfPending));
    plugins.registerHostService(MqttGateway.class, mqtt);
    plugins.start();
    parts.add(messaging.schedule(scheduler));

    users = new UserService(database, clock);
    ReportsSettings reportsSettings = ReportsSettings.from(settings);
    RfmCutPointRefresher cutPoints = rfm;
    reportRollup =
        new ReportRollup(
            database.transactions(),
            reportsSettings.attributionWindow(),
            cutPoints::current,
            clock);
    if (reportsSettings.refreshes()) {
      scheduler.scheduleWithFixedDelay(
          this::refreshReports, 1, reportsSettings.refreshEvery().toMinutes(), TimeUnit.MINUTES);
    } else {
      LOG.info(
          "tailor.reports.refresh.minutes = 0: this server does not refresh the report roll-up;"
              + " another server sharing the database or a scheduled `tailor reports refresh`"
              + " must");
    }
    ReportQueries reportQueries =
        new ReportQueries(
            database.dataSource(), reportsSettings.confidence(), reportsSettings.minimumHoldout());

    HttpApi.Builder api =
        HttpApi.builder(HttpApiSettings.from(settings), apiKeys)
            .webContext(ReportsWeb.context(reportQueries, users, apiKeys, reportsSettings, clock));
    messaging.resources().forEach(api::resource);
    http =
        api.resource(new ShopperResource(shoppers))
            .resource(new OfferResource(offers))
            .resource(new CampaignResource(offers))
            .resource(new StoreResource(stores))
            .resource(new TerminalResource(stores, terminalCredentials))
            .resource(new PluginResource(plugins))
            .resource(
                new ImportResource(
                    database,
                    settings,
                    () -> scheduler.execute(this::refreshRfm),
                    beforeImportWrites,
                    afterImport))
            .healthCheck(HealthCheck.database(database.dataSource()))
            .healthCheck(
                HealthCheck.of(
                    "mqtt", () -> mqtt.health(Locale.forLanguageTag(settings.defaultLanguage()))))
            .healthCheck(HealthCheck.of("offers", () -> offersHealth(catalogue.freshness())))
            .healthCheck(
                HealthCheck.of(
                    "plugins",
                    () -> {
                      if (!plugins.isRunning()) {
                        throw new IllegalStateException("the plugin host is not running");
                      }
                      return pluginsHealth(plugins.status().size());
                    }))
            .start();
    parts.add(http);
    mqttShedMeters(http.meterRegistry(), mqtt);

    // the weekly email of each store's report to its managers, through the email channel plugin
    URI reportsLink =
        URI.create(settings.asMap().getOrDefault("tailor.reports.url", reportsUri().toString()));
    weeklyReports =
        new WeeklyReportMailer(
            database.dataSource(),
            new WeeklyStoreReports(database.dataSource(), reportQueries, users, reportsLink),
            new StaffMailReportMailbox(host::staffMail),
            reportsSettings.emailDay(),
            reportsSettings.emailTime(),
            clock);
    scheduler.scheduleWithFixedDelay(
        this::sendWeeklyReports,
        reportsSettings.emailCheckEvery().toMinutes(),
        reportsSettings.emailCheckEvery().toMinutes(),
        TimeUnit.MINUTES);
  }

  /**
   * The shopper index, loaded in the background (until it is ready, decisions find shoppers in the
   * database) and refreshed every {@code seconds} on a thread of its own, so that a long report job
   * cannot hold it back.
   */
  private ShopperIndex startShopperIndex(long seconds) {
    ShopperIndex index = new ShopperIndex(database.dataSource());
    ScheduledExecutorService refresher = daemonScheduler("tailor-shopper-index");
    parts.add(refresher::shutdownNow);
    refresher.scheduleWithFixedDelay(
        () -> {
          try {
            index.refresh();
          } catch (RuntimeException e) {
            LOG.warn("the shopper index could not be refreshed; trying again in {} s", seconds, e);
          }
        },
        0,
        seconds,
        TimeUnit.SECONDS);
    return index;
  }

  /**
   * The shoppers' latest receipts in memory, loaded in the background on a thread of its own (until
   * a shopper is loaded, their purchases are read from the database) and refreshed every {@code
   * seconds} on the server's scheduler.
   */
  private ResidentPurchases startResidentPurchases(
      Function<String, Optional<Long>> shopperIds,
      PurchaseHistory databaseHistory,
      long maxShoppers,
      long seconds,
      ScheduledExecutorService scheduler) {
    long receipts = atLeast(settings, RESIDENT_RECEIPTS, 100, 1);
    if (receipts > DatabasePurchaseHistory.MAX_LIMIT) {
      throw new SettingsException(
          "setting "
              + RESIDENT_RECEIPTS
              + " = "
              + receipts
              + ": expected a whole number from 1 to "
              + DatabasePurchaseHistory.MAX_LIMIT
              + " (the most receipts a call returns)");
    }
    ResidentPurchases resident =
        new ResidentPurchases(
            database.dataSource(),
            shopperIds,
            databaseHistory,
            (int) receipts,
            maxShoppers,
            10_000);
    parts.add(resident);
    resident.startLoading();
    scheduler.scheduleWithFixedDelay(
        () -> refreshResidentPurchases(resident), seconds, seconds, TimeUnit.SECONDS);
    return resident;
  }

  private void refreshResidentPurchases(ResidentPurchases resident) {
    try {
      resident.refresh();
    } catch (RuntimeException e) {
      LOG.warn("the resident purchases could not be refreshed; trying again at the next one", e);
    }
  }

  /**
   * Loads every shopper's decision facts on a thread of its own, then reads what changed elsewhere
   * every {@code seconds} ({@link DecisionCache#refreshResident}).
   */
  private void startResidentShoppers(DecisionCache decisionFacts, long seconds) {
    ResidentShopperFacts resident = residentShoppers.orElseThrow();
    ScheduledExecutorService refresher = daemonScheduler("tailor-resident-shoppers");
    parts.add(refresher::shutdownNow);
    refresher.execute(
        () -> {
          Thread.currentThread().setPriority(Thread.MIN_PRIORITY);
          try {
            resident.loadAll();
          } catch (RuntimeException e) {
            LOG.warn(
                "the shoppers' decision facts could not be loaded; they are read from the"
                    + " database, and loaded again in {} s",
                seconds,
                e);
          }
        });
    refresher.scheduleWithFixedDelay(
        () -> {
          try {
            decisionFacts.refreshResident();
          } catch (RuntimeException e) {
            LOG.warn(
                "the shoppers' decision facts could not be refreshed; trying again in {} s",
                seconds,
                e);
          }
        },
        seconds,
        seconds,
        TimeUnit.SECONDS);
  }

  /**
   * Emails the weekly store reports that are due (every {@code
   * tailor.reports.email.check.minutes}).
   */
  public WeeklyReportMailer.Run sendWeeklyReports() {
    try {
      return weeklyReports.sendDue();
    } catch (RuntimeException e) {
      LOG.error("the weekly store reports could not be sent; tried again at the next check", e);
      return new WeeklyReportMailer.Run(
          0,
          java.util.List.of(),
          java.util.List.of(String.valueOf(e.getMessage())),
          java.util.Optional.empty());
    }
  }

  /**
   * The embedded broker unless an external one is configured, then the server's own connection: to
   * the embedded broker in process unless {@code tailor.mqtt.embedded.gateway = paho}, else through
   * Paho. Both are closed after the plugins (parts close in reverse), so plugins unsubscribe first.
   */
  private void startMqtt() {
    MqttSettings mqttSettings = MqttSettings.from(settings);
    MqttSettings.EmbeddedGateway embeddedGateway = MqttSettings.embeddedGateway(settings);
    if (mqttSettings.broker() == MqttSettings.Broker.EMBEDDED) {
      String serverSecret = BrokerPasswordHash.newSecret();
      broker =
          EmbeddedMqttBroker.start(
              mqttSettings,
              settings.dataDir().resolve("mqtt"),
              serverSecret,
              terminalCredentials::authenticate);
      parts.add(broker);
      mqttSettings = mqttSettings.withPassword(serverSecret);
    }
    mqttUrl = mqttSettings.url();
    mqtt =
        broker != null && embeddedGateway == MqttSettings.EmbeddedGateway.IN_PROCESS
            ? EmbeddedMqttGateway.attach(broker, mqttSettings)
            : PahoMqttGateway.connect(mqttSettings);
    parts.add(mqtt);
  }

  /**
   * {@code tailor_mqtt_shed_total}: QoS 0 messages (identifies) the MQTT gateway shed because its
   * handlers were behind, by outcome: {@code answered} at once with the subscriber's busy reply,
   * {@code dropped} unanswered because the busy replies' own queue was full, {@code unanswered}
   * otherwise (no busy reply given, or it could not be published).
   */
  private static void mqttShedMeters(MeterRegistry registry, ServerMqttGateway gateway) {
    Map<String, ToDoubleFunction<ServerMqttGateway>> outcomes =
        Map.of(
            "answered", ServerMqttGateway::shedAnsweredCount,
            "dropped", ServerMqttGateway::shedDroppedCount,
            "unanswered", ServerMqttGateway::shedUnansweredCount);
    outcomes.forEach(
        (outcome, count) ->
            FunctionCounter.builder("tailor.mqtt.shed", gateway, count)
                .description("MQTT messages shed because the server's handlers were behind")
                .tag("outcome", outcome)
                .register(registry));
  }

  /** A whole-number setting, refused below {@code min} naming the setting. */
  private static long atLeast(TailorSettings settings, String key, long defaultValue, long min) {
    long value = settings.getLong(key, defaultValue);
    if (value < min) {
      throw new SettingsException(
          "setting " + key + " = " + value + ": expected a whole number of " + min + " or more");
    }
    return value;
  }

  /** Recomputes the population's RFM quintile cut points (after imports, and every hour). */
  public void refreshRfm() {
    try {
      rfm.refresh();
    } catch (RuntimeException e) {
      LOG.error("RFM cut points could not be refreshed; shopper 360 keeps the previous ones", e);
    }
  }

  /**
   * Measures the outcomes whose attribution window closed and rebuilds the recent days of the
   * report roll-ups (every {@code tailor.reports.refresh.minutes}).
   */
  public void refreshReports() {
    try {
      reportRollup.refreshRecent();
    } catch (RuntimeException e) {
      LOG.error("the report roll-up failed; reports show the previous figures", e);
    }
  }

  /** Where the reports UI answers, such as {@code http://127.0.0.1:8080/reports/}. */
  public URI reportsUri() {
    return http.uri().resolve(ReportsWeb.CONTEXT_PATH.substring(1) + "/");
  }

  public UserService users() {
    return users;
  }

  public ReportRollup reportRollup() {
    return reportRollup;
  }

  /** Where the HTTP API answers, such as {@code http://127.0.0.1:8080/}. */
  public URI uri() {
    return http.uri();
  }

  public Database database() {
    return database;
  }

  /** The decision pipeline, as terminal channels reach it. */
  public OfferDecisions decisions() {
    return decisions;
  }

  public PluginHost plugins() {
    return plugins;
  }

  /**
   * The active scoring plugins still preparing their first model, with what each waits for ({@link
   * org.tailor.plugin.ScoringPlugin#warmingUp()}); empty when every one is ready, or when the
   * plugin host is not running. Until then decisions get their cold-start answers.
   */
  public List<WarmingUpPlugin> scoringPluginsWarmingUp() {
    if (!plugins.isRunning()) {
      return List.of();
    }
    try {
      return plugins.scoringPlugins().warmingUp();
    } catch (IllegalStateException stoppedMeanwhile) {
      return List.of();
    }
  }

  /**
   * Whether every active scoring plugin is ready: none {@linkplain #scoringPluginsWarmingUp() warms
   * up}.
   */
  public boolean scoringPluginsReady() {
    return scoringPluginsWarmingUp().isEmpty();
  }

  /** The detail of the {@code plugins} health check, in the server's language. */
  private String pluginsHealth(int bundles) {
    List<WarmingUpPlugin> warming = scoringPluginsWarmingUp();
    Locale language = Locale.forLanguageTag(settings.defaultLanguage());
    if (warming.isEmpty()) {
      return Message.of("plugins", "plugins.health", bundles).in(language);
    }
    String list =
        warming.stream()
            .map(
                w ->
                    Message.of("plugins", "plugins.health.waiting", w.pluginId(), w.waitingFor())
                        .in(language))
            .collect(java.util.stream.Collectors.joining(", "));
    return Message.of("plugins", "plugins.health.warming", bundles, list).in(language);
  }

  /**
   * The detail of the {@code offers} health check, in the server's language: DOWN when the offer
   * catalogue was not read for {@value OfferCatalogueCache#OVERDUE_PERIODS} periods.
   */
  private String offersHealth(OfferCatalogueCache.Freshness freshness) {
    Locale language = Locale.forLanguageTag(settings.defaultLanguage());
    String error = freshness.lastError().orElse("-");
    if (freshness.overdue()) {
      Message overdue =
          freshness.loadedAt().isEmpty()
              ? Message.of("domain", "offers.health.never", freshness.period().toSeconds(), error)
              : Message.of(
                  "domain",
                  "offers.health.overdue",
                  ageSeconds(freshness.loadedAt().get()),
                  freshness.period().toSeconds(),
                  error);
      throw new IllegalStateException(overdue.in(language));
    }
    if (freshness.loadedAt().isEmpty()) {
      return Message.of("domain", "offers.health.loading").in(language);
    }
    long age = ageSeconds(freshness.loadedAt().get());
    return freshness.failingSince().isPresent()
        ? Message.of("domain", "offers.health.failing", freshness.activeOffers(), age, error)
            .in(language)
        : Message.of("domain", "offers.health", freshness.activeOffers(), age).in(language);
  }

  private static long ageSeconds(Instant since) {
    return Math.max(0, Duration.between(since, Instant.now()).toSeconds());
  }

  public ApiKeyService apiKeys() {
    return apiKeys;
  }

  public StoreService stores() {
    return stores;
  }

  /**
   * Tells the decision cache, the shopper index and the purchase history that an import made in
   * this process without the API (the demo chain, a tool holding the server) committed, so that the
   * next decision sees it; the API's imports do this themselves.
   */
  public void importCommitted() {
    afterImport.accept(ImportKind.SHOPPERS); // whatever it was: every shopper read again
  }

  /**
   * The RFM quintile cut points last measured; {@link RfmCutPoints#NONE} until the first
   * measurement, which runs in the background from start (it reads every purchase).
   */
  public RfmCutPoints rfmCutPoints() {
    return rfm.current();
  }

  /**
   * The shopper index decisions find shoppers with, loading in the background after start; empty
   * when {@link #SHOPPER_INDEX} or {@link #DECISION_CACHE_SECONDS} turned it off.
   */
  public Optional<ShopperIndex> shopperIndex() {
    return shopperIndex;
  }

  /**
   * The shoppers' latest receipts held in memory for the scoring plugins, loading in the background
   * after start; empty when {@link #RESIDENT_SHOPPERS} or {@link #DECISION_CACHE_SECONDS} turned it
   * off.
   */
  public Optional<ResidentPurchases> residentPurchases() {
    return residentPurchases;
  }

  /**
   * Every shopper's decision facts held in memory, where the server holds them ({@value
   * #RESIDENT_SHOPPERS} above 0, with the shopper index).
   */
  public Optional<ResidentShopperFacts> residentShoppers() {
    return residentShoppers;
  }

  public OfferService offers() {
    return offers;
  }

  public ShopperService shoppers() {
    return shoppers;
  }

  /** The outbox of messages to shoppers. */
  public org.tailor.server.outbox.Outbox outbox() {
    return messaging.outbox;
  }

  /** Signs the unsubscribe links messages carry. */
  public org.tailor.server.permission.UnsubscribeLinks unsubscribeLinks() {
    return messaging.links;
  }

  /** Hands due messages to their channels (also scheduled). */
  public org.tailor.server.outbox.Dispatcher dispatcher() {
    return messaging.dispatcher;
  }

  /** The message templates of {@code tailor.templates.dir}. */
  public org.tailor.server.template.MessageTemplates templates() {
    return messaging.templates;
  }

  /** Birthday, lapsed and first-purchase triggers (also scheduled hourly). */
  public org.tailor.server.trigger.TriggerRunner triggers() {
    return messaging.triggers;
  }

  /** The per-terminal MQTT credentials. */
  public TerminalCredentials terminalCredentials() {
    return terminalCredentials;
  }

  /** The server's MQTT connection, as plugins reach it. */
  public ServerMqttGateway mqtt() {
    return mqtt;
  }

  /** Where the server's MQTT client connects, such as {@code tcp://127.0.0.1:1884}. */
  public String mqttUrl() {
    return mqttUrl;
  }

  public TailorSettings settings() {
    return settings;
  }

  /** Stops HTTP, the plugins, the MQTT connection and broker, and the database, in that order. */
  @Override
  public void close() {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        LOG.warn("while stopping {}", parts.get(i), e);
      }
    }
    parts.clear();
  }
}
