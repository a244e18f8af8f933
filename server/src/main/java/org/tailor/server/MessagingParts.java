package org.tailor.server;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.plugin.DeliveryException;
import org.tailor.plugin.DeliveryReceipt;
import org.tailor.plugin.OfferMessage;
import org.tailor.plugin.Printout;
import org.tailor.plugin.host.MessageLinks;
import org.tailor.plugin.host.OfferDecisions;
import org.tailor.server.config.SettingsException;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.coupon.TillCouponResource;
import org.tailor.server.coupon.TillCoupons;
import org.tailor.server.decision.DecisionCache;
import org.tailor.server.outbox.Dispatcher;
import org.tailor.server.outbox.Outbox;
import org.tailor.server.outbox.OutgoingMessage;
import org.tailor.server.outbox.RetryPolicy;
import org.tailor.server.permission.ChannelDelivery;
import org.tailor.server.permission.ContactRules;
import org.tailor.server.permission.DeliveryPermit;
import org.tailor.server.permission.EmailOptIn;
import org.tailor.server.permission.OptInResource;
import org.tailor.server.permission.PermissionGate;
import org.tailor.server.permission.PermissionPages;
import org.tailor.server.permission.UnsubscribeLinks;
import org.tailor.server.persistence.Database;
import org.tailor.server.plugins.PluginHost;
import org.tailor.server.shopper.ShopperService;
import org.tailor.server.template.MessageTemplates;
import org.tailor.server.template.RenderedMessage;
import org.tailor.server.template.TemplateInput;
import org.tailor.server.trigger.PluginAliveProbabilities;
import org.tailor.server.trigger.TriggerReport;
import org.tailor.server.trigger.TriggerRunner;
import org.tailor.server.trigger.TriggerSettings;

/**
 * The parts that message shoppers, put together: permission (gate, links, opt-in), templates, the
 * outbox and its dispatcher, till coupons and triggers; their HTTP resources and schedules.
 *
 * <p>Settings: {@code tailor.templates.dir} (default {@code config/templates}), {@code
 * tailor.time.zone} (the chain's, default UTC), {@code tailor.outbox.poll.ms} (default 1000),
 * {@code tailor.outbox.dispatchers} (default 4), {@code tailor.triggers.poll.minutes} (default 60),
 * and those of {@link ContactRules}, {@link UnsubscribeLinks}, {@link RetryPolicy} and {@link
 * TriggerSettings}.
 */
final class MessagingParts {

  private static final Logger LOG = LoggerFactory.getLogger(MessagingParts.class);

  /** How many threads dispatch the outbox at once. */
  static final String DISPATCHERS_SETTING = "tailor.outbox.dispatchers";

  final UnsubscribeLinks links;
  final EmailOptIn optIn;
  final Outbox outbox;
  final Dispatcher dispatcher;
  final MessageTemplates templates;
  final TillCoupons coupons;
  final TriggerRunner triggers;
  private final ShopperService shoppers;
  private final ZoneId chainZone;
  private final Clock clock;
  private final TailorSettings settings;

  MessagingParts(
      TailorSettings settings,
      Database database,
      ShopperService shoppers,
      PluginHost plugins,
      OfferDecisions decisions,
      DecisionCache facts,
      Clock clock) {
    this.settings = settings;
    this.shoppers = shoppers;
    this.clock = clock;
    this.chainZone = ZoneId.of(settings.get("tailor.time.zone", "UTC"));
    links = UnsubscribeLinks.from(settings, clock);
    optIn =
        new EmailOptIn(
            database, shoppers, Duration.ofDays(settings.getLong("tailor.optin.days", 7)), clock);
    PermissionGate gate = new PermissionGate(ContactRules.from(settings), chainZone);
    outbox = new Outbox(database, clock);
    dispatcher =
        new Dispatcher(database, gate, channelsOf(plugins), RetryPolicy.from(settings), clock);
    templates =
        MessageTemplates.load(
            Path.of(settings.get("tailor.templates.dir", "config/templates")),
            settings.currency(),
            settings.defaultLanguage());
    coupons = new TillCoupons(facts, decisions, dispatcher, clock);
    triggers =
        new TriggerRunner(
            database,
            templates,
            links,
            TriggerSettings.from(settings),
            new PluginAliveProbabilities(plugins),
            settings.defaultLanguage(),
            chainZone,
            clock);
  }

  /** The host service plugins put unsubscribe links into messages with. */
  MessageLinks messageLinks() {
    return links;
  }

  List<Object> resources() {
    return List.of(
        new PermissionPages(links, optIn, shoppers, clock),
        new OptInResource(optIn, this::sendOptInConfirmation),
        new TillCouponResource(coupons));
  }

  /**
   * Dispatches due messages every {@code tailor.outbox.poll.ms} with {@code
   * tailor.outbox.dispatchers} threads at once (default 4), each claiming its own batches until
   * nothing is due; runs triggers every hour. The dispatching threads are not the scheduler's: a
   * long backlog does not hold up its other jobs, and a tick finds the previous round still running
   * skips. Returns what stops the dispatching threads.
   */
  AutoCloseable schedule(ScheduledExecutorService scheduler) {
    long pollMillis = settings.getLong("tailor.outbox.poll.ms", 1000);
    int dispatchers = settings.getInt(DISPATCHERS_SETTING, 4);
    if (dispatchers < 1 || dispatchers > 64) {
      throw new SettingsException(
          "setting " + DISPATCHERS_SETTING + " = " + dispatchers + ": expected 1 to 64 threads");
    }
    AtomicInteger counter = new AtomicInteger();
    ExecutorService sending =
        Executors.newFixedThreadPool(
            dispatchers,
            runnable -> {
              Thread thread =
                  new Thread(runnable, "tailor-dispatcher-" + counter.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    AtomicInteger running = new AtomicInteger();
    scheduler.scheduleWithFixedDelay(
        () -> dispatch(sending, dispatchers, running),
        pollMillis,
        pollMillis,
        TimeUnit.MILLISECONDS);
    long triggerMinutes = settings.getLong("tailor.triggers.poll.minutes", 60);
    scheduler.scheduleWithFixedDelay(this::runTriggers, 1, triggerMinutes, TimeUnit.MINUTES);
    return sending::shutdownNow;
  }

  private void dispatch(ExecutorService sending, int dispatchers, AtomicInteger running) {
    if (!running.compareAndSet(0, dispatchers)) {
      return;
    }
    for (int i = 0; i < dispatchers; i++) {
      try {
        sending.execute(
            () -> {
              try {
                dispatcher.dispatchAllDue();
              } catch (RuntimeException e) {
                LOG.error(
                    "the outbox dispatcher failed; messages stay pending and are tried again", e);
              } finally {
                running.decrementAndGet();
              }
            });
      } catch (RejectedExecutionException e) {
        running.decrementAndGet(); // stopping
      }
    }
  }

  private void runTriggers() {
    try {
      for (TriggerReport report : triggers.runAll(LocalDate.now(clock.withZone(chainZone)))) {
        LOG.info("trigger {}: {}", report.kind().id(), report);
      }
    } catch (RuntimeException e) {
      LOG.error("triggers failed; the next run takes up where this one stopped", e);
    }
  }

  private void sendOptInConfirmation(EmailOptIn.Issued issued) {
    String confirmUrl =
        UnsubscribeLinks.publicUri(settings)
            .resolve("links/opt-in?token=" + issued.token())
            .toString();
    String language =
        shoppers
            .profile(issued.loyaltyId())
            .map(profile -> profile.language())
            .orElse(settings.defaultLanguage());
    RenderedMessage rendered =
        templates.render(
            "opt-in",
            new TemplateInput(
                issued.loyaltyId(),
                shoppers.profile(issued.loyaltyId()).flatMap(profile -> profile.firstName()),
                language,
                chainZone,
                List.of(),
                Map.of("confirm_url", confirmUrl),
                Optional.empty()));
    String messageId = "optin-" + issued.token().substring(0, 16);
    outbox.enqueue(
        new OutgoingMessage(
            messageId,
            issued.loyaltyId(),
            PermissionGate.EMAIL,
            PermissionGate.OPT_IN,
            issued.address(),
            rendered.subject(),
            rendered.body(),
            List.of(),
            "opt-in"));
    dispatcher.dispatch(messageId);
  }

  /** The plugin host's channels, looked up at each delivery (the host may restart its view). */
  private static ChannelDelivery channelsOf(PluginHost plugins) {
    return new ChannelDelivery() {
      @Override
      public DeliveryReceipt deliver(DeliveryPermit permit, OfferMessage message)
          throws DeliveryException {
        return plugins.channelPlugins().deliver(permit, message);
      }

      @Override
      public Printout print(DeliveryPermit permit, OfferMessage message) throws DeliveryException {
        return plugins.channelPlugins().print(permit, message);
      }
    };
  }
}
