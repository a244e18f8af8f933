package org.tailor.server.plugins;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services of one plugin type (scoring or channel) currently registered in the framework, kept
 * by an OSGi {@link ServiceTracker}. A service whose component fails to activate, or whose id
 * cannot be read, is not tracked; the failure shows in the plugin's status.
 */
final class TrackedPlugins<T> implements ServiceTrackerCustomizer<T, TrackedPlugin<T>> {

  private static final Logger LOG = LoggerFactory.getLogger(TrackedPlugins.class);

  /** Highest service ranking first, then oldest service first (OSGi {@code compareTo} order). */
  private static final Comparator<TrackedPlugin<?>> BY_RANKING =
      (a, b) -> rankingOrder(b.reference(), a.reference());

  private final BundleContext context;
  private final String kind;
  private final Function<T, String> idOf;
  private final PluginProblems problems;
  private final ServiceTracker<T, TrackedPlugin<T>> tracker;
  private final List<TrackedPlugin<T>> tracked = new CopyOnWriteArrayList<>();
  private volatile List<TrackedPlugin<T>> snapshot = List.of();

  TrackedPlugins(
      BundleContext context,
      Class<T> type,
      String kind,
      Function<T, String> idOf,
      PluginProblems problems) {
    this.context = context;
    this.kind = kind;
    this.idOf = idOf;
    this.problems = problems;
    this.tracker = new ServiceTracker<>(context, type, this);
  }

  void open() {
    tracker.open();
  }

  void close() {
    tracker.close();
  }

  /** The tracked plugins, highest ranking first; an immutable snapshot. */
  List<TrackedPlugin<T>> snapshot() {
    return snapshot;
  }

  @Override
  public TrackedPlugin<T> addingService(ServiceReference<T> reference) {
    Bundle bundle = reference.getBundle();
    if (bundle == null) {
      return null; // unregistered meanwhile
    }
    String bundleName = PluginHost.nameOf(bundle);
    T service;
    try {
      service = context.getService(reference);
    } catch (RuntimeException e) {
      LOG.warn("{} plugin service of bundle {} could not be obtained", kind, bundleName, e);
      return null;
    }
    if (service == null) {
      // Declarative Services could not activate the component; its status says why.
      LOG.warn(
          "{} plugin service of bundle {} could not be activated; see GET /api/v1/plugins",
          kind,
          bundleName);
      return null;
    }
    String id;
    try {
      id = idOf.apply(service);
      if (id == null || id.isBlank()) {
        throw new IllegalStateException(kind + " plugin answered an empty id");
      }
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      problems.callFailed(bundle.getBundleId(), e);
      LOG.warn("{} plugin of bundle {} failed to tell its id; not used", kind, bundleName, e);
      context.ungetService(reference);
      return null;
    }
    TrackedPlugin<T> plugin =
        new TrackedPlugin<>(id, bundle.getBundleId(), bundleName, reference, service);
    tracked.add(plugin);
    refreshSnapshot();
    LOG.info(
        "{} plugin '{}' of bundle {} {} is available", kind, id, bundleName, bundle.getVersion());
    return plugin;
  }

  @Override
  public void modifiedService(ServiceReference<T> reference, TrackedPlugin<T> plugin) {
    refreshSnapshot(); // the ranking may have changed
  }

  @Override
  public void removedService(ServiceReference<T> reference, TrackedPlugin<T> plugin) {
    tracked.remove(plugin);
    refreshSnapshot();
    LOG.info("{} plugin '{}' of bundle {} is withdrawn", kind, plugin.id(), plugin.bundleName());
    try {
      context.ungetService(reference);
    } catch (IllegalStateException e) {
      // the host is stopping and its context is no longer valid: nothing to release
    }
  }

  private synchronized void refreshSnapshot() {
    snapshot = tracked.stream().sorted(BY_RANKING).toList();
  }

  private static int rankingOrder(ServiceReference<?> a, ServiceReference<?> b) {
    try {
      return a.compareTo(b);
    } catch (IllegalArgumentException e) {
      return 0; // references of another framework cannot occur; keep the order stable
    }
  }
}
