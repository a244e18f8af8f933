package org.tailor.server.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.felix.framework.Felix;
import org.apache.felix.framework.util.FelixConstants;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.log.LogService;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.util.function.Function;
import org.osgi.util.promise.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.plugin.ChannelPlugin;
import org.tailor.plugin.LifetimeModel;
import org.tailor.plugin.ScoringPlugin;
import org.tailor.plugin.StaffMail;
import org.tailor.plugin.host.DecisionListener;
import org.tailor.plugin.host.HostConfiguration;
import org.tailor.server.config.SettingsException;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.i18n.Message;

/**
 * The OSGi plugin host: an Apache Felix framework embedded in the server process, into which
 * plugins are installed, updated and removed while the server runs, by dropping, replacing and
 * deleting bundle jars in the plugins folder.
 *
 * <p>The system bundle exports the plugin API ({@code org.tailor.plugin}, {@code
 * org.tailor.plugin.host}), slf4j and the OSGi service APIs the runtime needs, each at the version
 * its jar declares. The host starts Felix Declarative Services, Configuration Admin, Metatype and
 * FileInstall, which watches {@link TailorSettings#pluginsDir()} for bundles and {@link
 * TailorSettings#pluginConfigDir()} for {@code <pid>.cfg} plugin settings, every {@code
 * tailor.plugins.poll.ms} milliseconds (default 1000). The framework's storage lives in {@code
 * <data>/osgi} and is emptied on each start: the folders are the truth.
 *
 * <p>Host code registers the services plugins use with {@link #registerHostService}; the host
 * itself registers {@link HostConfiguration}. It calls plugins only through {@link
 * #scoringPlugins()}, {@link #channelPlugins()}, {@link #lifetimeModels()} and {@link
 * #decisionEvents()}, which isolate a failing plugin, and reports on every plugin bundle with
 * {@link #status()}.
 */
public final class PluginHost implements AutoCloseable {

  /** Setting: how often FileInstall looks at the plugin folders, in milliseconds. */
  public static final String POLL_SETTING = "tailor.plugins.poll.ms";

  private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);
  private static final long STOP_TIMEOUT_MS = 30_000;

  /**
   * What the system bundle exports, by a class of the jar that holds it: the plugin API, slf4j (so
   * plugins log with the server), the OSGi APIs that the host and the runtime bundles share, and
   * Jakarta JSON and JSON-B (whose implementations, Parsson and Yasson, stay on the host's class
   * path, found by the APIs' service look-up).
   */
  private static final Map<Class<?>, List<String>> SHARED_PACKAGES =
      Map.of(
          ScoringPlugin.class,
          List.of("org.tailor.plugin", "org.tailor.plugin.host"),
          LoggerFactory.class,
          List.of("org.slf4j", "org.slf4j.event", "org.slf4j.helpers", "org.slf4j.spi"),
          ServiceComponentRuntime.class,
          List.of(
              "org.osgi.service.component",
              "org.osgi.service.component.runtime",
              "org.osgi.service.component.runtime.dto"),
          MetaTypeService.class,
          List.of("org.osgi.service.metatype"),
          LogService.class,
          List.of("org.osgi.service.log"),
          Promise.class,
          List.of("org.osgi.util.promise"),
          Function.class,
          List.of("org.osgi.util.function"),
          jakarta.json.Json.class,
          List.of("jakarta.json", "jakarta.json.spi", "jakarta.json.stream"),
          jakarta.json.bind.Jsonb.class,
          List.of(
              "jakarta.json.bind",
              "jakarta.json.bind.adapter",
              "jakarta.json.bind.annotation",
              "jakarta.json.bind.config",
              "jakarta.json.bind.serializer",
              "jakarta.json.bind.spi"));

  private record HostService<T>(Class<T> type, T implementation) {
    void registerIn(BundleContext context) {
      context.registerService(type, implementation, null);
    }
  }

  private final TailorSettings settings;
  private final PluginProblems problems = new PluginProblems(Clock.systemUTC());
  private final List<HostService<?>> hostServices = new ArrayList<>();

  private Felix framework;
  private PluginLifecycle lifecycle;
  private TrackedPlugins<ScoringPlugin> scoring;
  private TrackedPlugins<ChannelPlugin> channels;
  private TrackedPlugins<DecisionListener> listeners;
  private TrackedPlugins<StaffMail> staffMail;
  private TrackedPlugins<LifetimeModel> lifetimes;
  private final DecisionEventBroadcast decisionEvents = new DecisionEventBroadcast();
  private PluginStatusReport report;
  private ScoringPlugins scoringView;
  private ChannelPlugins channelView;
  private LifetimeModels lifetimeView;

  /**
   * The views while the host runs, null otherwise: read without a lock, as every decision asks for
   * the scoring plugins (the views themselves follow plugins coming and going).
   */
  private volatile ScoringPlugins runningScoring;

  private volatile ChannelPlugins runningChannels;

  public PluginHost(TailorSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Starts the framework, the runtime bundles and the watch on the plugin folders, creating the
   * folders if needed. Plugins found there are installed and started in the background; a plugin
   * that fails is reported, not thrown. Throws {@link PluginHostException} when the host itself
   * cannot start.
   */
  public synchronized void start() {
    if (framework != null) {
      throw new IllegalStateException("the plugin host is already running");
    }
    long pollMs = settings.getLong(POLL_SETTING, 1000);
    if (pollMs < 1) {
      throw new SettingsException(
          "setting " + POLL_SETTING + " = \"" + pollMs + "\": expected a whole number from 1");
    }
    Path plugins = usableFolder(settings.pluginsDir());
    Path pluginConfig = usableFolder(settings.pluginConfigDir());
    Path storage = usableFolder(settings.dataDir().resolve("osgi"));

    Felix felix = new Felix(frameworkConfig(plugins, pluginConfig, storage, pollMs));
    try {
      felix.init();
      BundleContext context = felix.getBundleContext();
      lifecycle = new PluginLifecycle(context, problems);
      context.addBundleListener(lifecycle);
      context.addFrameworkListener(lifecycle);
      context.registerService(
          new String[] {
            LogService.class.getName(), org.osgi.service.log.LoggerFactory.class.getName()
          },
          HostLogService.factory(),
          null);
      context.registerService(
          HostConfiguration.class, new SettingsHostConfiguration(settings), null);
      synchronized (hostServices) {
        hostServices.forEach(service -> service.registerIn(context));
      }
      scoring =
          new TrackedPlugins<>(
              context, ScoringPlugin.class, "scoring", ScoringPlugin::id, problems);
      channels =
          new TrackedPlugins<>(
              context, ChannelPlugin.class, "channel", ChannelPlugin::channel, problems);
      listeners =
          new TrackedPlugins<>(
              context,
              DecisionListener.class,
              "decision listener",
              listener -> listener.getClass().getName(),
              problems);
      staffMail =
          new TrackedPlugins<>(
              context, StaffMail.class, "staff mail", mail -> mail.getClass().getName(), problems);
      lifetimes =
          new TrackedPlugins<>(
              context, LifetimeModel.class, "lifetime-value model", LifetimeModel::id, problems);
      decisionEvents.attach(listeners, problems);
      scoringView = new ScoringPlugins(scoring, problems);
      report = new PluginStatusReport(plugins, context, problems, scoring, scoringView, channels);
      channelView = new ChannelPlugins(channels, problems);
      lifetimeView = new LifetimeModels(lifetimes, problems);
      felix.start();
      framework = felix;
      runningScoring = scoringView;
      runningChannels = channelView;
      scoring.open();
      channels.open();
      listeners.open();
      staffMail.open();
      lifetimes.open();
      report.open();
      RuntimeBundles.start(context);
      BundledPlugins.install(context, bundledPlugins());
      lifecycle.startPendingSoon();
      LOG.info(
          "plugin host started: watching {} for bundles and {} for settings every {} ms",
          plugins.toAbsolutePath(),
          pluginConfig.toAbsolutePath(),
          pollMs);
    } catch (BundleException | RuntimeException e) {
      framework = felix;
      stop();
      if (e instanceof PluginHostException hostException) {
        throw hostException;
      }
      throw new PluginHostException(
          Message.of("plugins", "plugins.framework.failed", PluginError.describe(e)), e);
    }
  }

  /**
   * The plugins that ship inside the server and are installed at every start, from {@code
   * tailor.plugins.bundled} (comma-separated names; default {@link BundledPlugins#DEFAULT}; empty
   * for none).
   */
  private List<String> bundledPlugins() {
    String value = settings.asMap().getOrDefault(BundledPlugins.SETTING, BundledPlugins.DEFAULT);
    return java.util.Arrays.stream(value.split(","))
        .map(String::strip)
        .filter(name -> !name.isEmpty())
        .toList();
  }

  /** Stops every plugin and the framework; a host can be started again afterwards. */
  public synchronized void stop() {
    if (framework == null) {
      return;
    }
    Felix felix = framework;
    framework = null;
    runningScoring = null;
    runningChannels = null;
    if (lifecycle != null) {
      lifecycle.stop();
    }
    try {
      if (scoring != null) {
        scoring.close();
      }
      if (channels != null) {
        channels.close();
      }
      decisionEvents.detach();
      if (listeners != null) {
        listeners.close();
      }
      if (staffMail != null) {
        staffMail.close();
      }
      if (lifetimes != null) {
        lifetimes.close();
      }
      if (report != null) {
        report.close();
      }
    } catch (IllegalStateException e) {
      // the framework did not get as far as starting
    }
    try {
      felix.stop();
      FrameworkEvent event = felix.waitForStop(STOP_TIMEOUT_MS);
      if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
        LOG.warn("the plugin framework did not stop within {} ms", STOP_TIMEOUT_MS);
      } else {
        LOG.info("plugin host stopped");
      }
    } catch (BundleException e) {
      LOG.error("the plugin framework failed to stop", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }

  public synchronized boolean isRunning() {
    return framework != null;
  }

  /**
   * Registers a host implementation of a plugin-facing service (such as {@code ShopperDirectory}
   * from {@code org.tailor.plugin.host}) in the framework's service registry, for plugins to use.
   * May be called before {@link #start()} (the service is registered as the framework starts,
   * before any plugin) or while the host runs.
   */
  public <T> void registerHostService(Class<T> type, T implementation) {
    Objects.requireNonNull(type, "type");
    HostService<T> service = new HostService<>(type, type.cast(implementation));
    Objects.requireNonNull(implementation, "implementation");
    synchronized (this) {
      synchronized (hostServices) {
        hostServices.add(service);
      }
      if (framework != null) {
        service.registerIn(framework.getBundleContext());
      }
    }
  }

  /** The scoring plugins, called safely. Only valid while the host runs. */
  public ScoringPlugins scoringPlugins() {
    ScoringPlugins running = runningScoring;
    if (running == null) {
      throw new IllegalStateException("the plugin host is not running");
    }
    return running;
  }

  /**
   * The operational email service of an active email channel plugin (the highest ranked when
   * several offer it); empty while none does or the host is stopped.
   */
  public synchronized Optional<StaffMail> staffMail() {
    if (framework == null || staffMail == null) {
      return Optional.empty();
    }
    return staffMail.snapshot().stream().findFirst().map(TrackedPlugin::service);
  }

  /** The channel plugins, called safely. Only valid while the host runs. */
  public ChannelPlugins channelPlugins() {
    ChannelPlugins running = runningChannels;
    if (running == null) {
      throw new IllegalStateException("the plugin host is not running");
    }
    return running;
  }

  /** The lifetime-value models plugins offer, called safely. Only valid while the host runs. */
  public synchronized LifetimeModels lifetimeModels() {
    if (framework == null || lifetimeView == null) {
      throw new IllegalStateException("the plugin host is not running");
    }
    return lifetimeView;
  }

  /**
   * Where the host reports recorded presentations and redemptions, to be passed on to every {@link
   * DecisionListener} plugin. Valid for the host's whole life; while the host is stopped it tells
   * nobody.
   */
  public DecisionListener decisionEvents() {
    return decisionEvents;
  }

  /** The status of every plugin bundle, by bundle id; empty while the host is stopped. */
  public List<PluginStatus> status() {
    PluginStatusReport current;
    synchronized (this) {
      if (framework == null) {
        return List.of();
      }
      current = report;
    }
    try {
      return current.statuses();
    } catch (IllegalStateException e) {
      return List.of(); // stopped meanwhile
    }
  }

  /** A bundle's symbolic name, or its location when it has none. */
  static String nameOf(Bundle bundle) {
    return Optional.ofNullable(bundle.getSymbolicName()).orElse(bundle.getLocation());
  }

  private static Path usableFolder(Path folder) {
    if (folder.toString().contains(",")) {
      // FileInstall takes its folders as one comma-separated list.
      throw new PluginHostException(
          Message.of("plugins", "plugins.folder.comma", folder.toAbsolutePath()));
    }
    try {
      return Files.createDirectories(folder).toAbsolutePath().normalize();
    } catch (IOException | SecurityException e) {
      throw new PluginHostException(
          Message.of("plugins", "plugins.folder.unusable", folder.toAbsolutePath(), e.toString()),
          e);
    }
  }

  private static Map<String, Object> frameworkConfig(
      Path plugins, Path pluginConfig, Path storage, long pollMs) {
    Map<String, Object> config = new HashMap<>();
    config.put(Constants.FRAMEWORK_STORAGE, storage.resolve("cache").toAbsolutePath().toString());
    config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
    config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, SystemPackages.exports(SHARED_PACKAGES));
    // Plugins see the JDK and what the system bundle exports, nothing else of the server.
    config.put(Constants.FRAMEWORK_BUNDLE_PARENT, Constants.FRAMEWORK_BUNDLE_PARENT_BOOT);
    // No JVM-wide URL handler factory: Jetty and the JDK keep theirs.
    config.put(FelixConstants.SERVICE_URLHANDLERS_PROP, "false");
    config.put(FelixConstants.LOG_LOGGER_PROP, new FelixLog());
    config.put(FelixConstants.LOG_LEVEL_PROP, "2");
    config.put("ds.loglevel", "warn");
    // FileInstall: both folders, no start of new bundles (the host starts them, see
    // PluginLifecycle), a first scan before the framework finishes starting.
    config.put(
        "felix.fileinstall.dir",
        plugins.equals(pluginConfig) ? plugins.toString() : plugins + "," + pluginConfig);
    config.put("felix.fileinstall.poll", Long.toString(pollMs));
    config.put("felix.fileinstall.noInitialDelay", "true");
    config.put("felix.fileinstall.bundles.new.start", "false");
    config.put(
        "felix.fileinstall.tmpdir", storage.resolve("fileinstall").toAbsolutePath().toString());
    config.put("felix.fileinstall.log.level", "2");
    // The .cfg files belong to the operator: never write configuration changes back into them
    // (FileInstall's write-back also races with its own reading of a file just edited).
    config.put("felix.fileinstall.enableConfigSave", "false");
    return config;
  }
}
