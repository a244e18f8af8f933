package org.tailor.server.plugins;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.wiring.BundleRevision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the plugin bundles FileInstall installs and reports what happens to them.
 *
 * <p>FileInstall is told not to start bundles ({@code felix.fileinstall.bundles.new.start=false})
 * because it only logs a start failure; the host starts each new bundle revision itself, so that
 * the exception lands in the plugin's status. It does so after FileInstall's package refresh, which
 * follows every install, update and uninstall (so a new plugin starts once, not once before and
 * once after the refresh). A revision whose activator failed is not started again until its jar
 * changes; one that could not resolve is tried again after every refresh, since a newly installed
 * bundle may provide what it lacks. Start attempts run on one thread of their own.
 */
final class PluginLifecycle implements BundleListener, FrameworkListener {

  private static final Logger LOG = LoggerFactory.getLogger(PluginLifecycle.class);
  private static final long RESOLVER_BUSY_RETRY_MS = 200;

  /** The last start attempt of a bundle: for which revision, and whether it failed to resolve. */
  private record Attempt(long revision, boolean unresolved, String failure) {}

  private final BundleContext context;
  private final PluginProblems problems;
  private final Map<Long, Attempt> attempts = new ConcurrentHashMap<>();
  private final ExecutorService starter =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "tailor-plugin-starter");
            thread.setDaemon(true);
            return thread;
          });

  PluginLifecycle(BundleContext context, PluginProblems problems) {
    this.context = context;
    this.problems = problems;
  }

  static boolean isPlugin(Bundle bundle) {
    return !RuntimeBundles.isRuntime(bundle);
  }

  /** Asks for a start attempt of every plugin bundle that is not active, soon, on the starter. */
  void startPendingSoon() {
    try {
      starter.execute(this::startPending);
    } catch (RejectedExecutionException e) {
      // stopping: no more starts
    }
  }

  void stop() {
    starter.shutdownNow();
    try {
      if (!starter.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("a plugin bundle was still starting when the host stopped");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void bundleChanged(BundleEvent event) {
    Bundle bundle = event.getBundle();
    if (!isPlugin(bundle)) {
      return;
    }
    String name = PluginHost.nameOf(bundle);
    switch (event.getType()) {
      case BundleEvent.INSTALLED ->
          LOG.info(
              "plugin {} {} installed from {}", name, bundle.getVersion(), bundle.getLocation());
      case BundleEvent.UPDATED -> {
        LOG.info("plugin {} updated to {}", name, bundle.getVersion());
        problems.updated(bundle.getBundleId());
      }
      case BundleEvent.STARTED -> LOG.info("plugin {} {} started", name, bundle.getVersion());
      case BundleEvent.STOPPED -> LOG.info("plugin {} {} stopped", name, bundle.getVersion());
      case BundleEvent.UNINSTALLED -> {
        LOG.info("plugin {} {} uninstalled", name, bundle.getVersion());
        attempts.remove(bundle.getBundleId());
        problems.uninstalled(bundle.getBundleId());
      }
      default -> {
        // RESOLVED, UNRESOLVED, STARTING, STOPPING, LAZY_ACTIVATION: nothing to report
      }
    }
  }

  @Override
  public void frameworkEvent(FrameworkEvent event) {
    Bundle bundle = event.getBundle();
    switch (event.getType()) {
      case FrameworkEvent.ERROR -> {
        Throwable failure = event.getThrowable();
        if (bundle != null && isPlugin(bundle) && failure != null) {
          PluginError error =
              problems.startFailed(bundle.getBundleId(), PluginErrorKind.FRAMEWORK, failure);
          LOG.error("plugin {} failed: {}", PluginHost.nameOf(bundle), error.message(), failure);
        } else {
          LOG.error(
              "OSGi framework error in {}",
              bundle == null ? "?" : PluginHost.nameOf(bundle),
              failure);
        }
      }
      case FrameworkEvent.WARNING ->
          LOG.warn(
              "OSGi framework warning for {}",
              bundle == null ? "?" : PluginHost.nameOf(bundle),
              event.getThrowable());
      case FrameworkEvent.PACKAGES_REFRESHED -> startPendingSoon();
      default -> {
        // STARTED, INFO, STARTLEVEL_CHANGED, STOPPED…: nothing to do
      }
    }
  }

  private void startPending() {
    Bundle[] bundles;
    try {
      bundles = context.getBundles();
    } catch (IllegalStateException e) {
      return; // the framework is stopping
    }
    for (Bundle bundle : bundles) {
      if (isPlugin(bundle) && !isFragment(bundle)) {
        startIfDue(bundle);
      }
    }
  }

  private void startIfDue(Bundle bundle) {
    int state = bundle.getState();
    if (state != Bundle.INSTALLED && state != Bundle.RESOLVED) {
      return;
    }
    long revision = bundle.getLastModified();
    Attempt previous = attempts.get(bundle.getBundleId());
    if (previous != null && previous.revision() == revision && !previous.unresolved()) {
      return; // started before, or its activator failed: wait for a new jar
    }
    try {
      bundle.start();
      attempts.put(bundle.getBundleId(), new Attempt(revision, false, ""));
      problems.started(bundle.getBundleId());
    } catch (BundleException e) {
      if (isResolverBusy(e)) {
        // Felix resolves one thing at a time: another thread (Declarative Services, FileInstall)
        // held the resolver. Nothing is wrong with the bundle; try again shortly.
        LOG.debug("plugin {}: the resolver was busy, trying again", PluginHost.nameOf(bundle));
        CompletableFuture.delayedExecutor(RESOLVER_BUSY_RETRY_MS, TimeUnit.MILLISECONDS)
            .execute(this::startPendingSoon);
        return;
      }
      boolean unresolved = bundle.getState() == Bundle.INSTALLED;
      PluginErrorKind kind = unresolved ? PluginErrorKind.RESOLUTION : PluginErrorKind.START;
      String failure = PluginError.describe(e);
      attempts.put(bundle.getBundleId(), new Attempt(revision, unresolved, failure));
      boolean news =
          previous == null
              || previous.revision() != revision
              || !previous.failure().equals(failure);
      if (news) {
        problems.startFailed(bundle.getBundleId(), kind, e);
        LOG.error(
            "plugin {} {} failed to {}: {}",
            PluginHost.nameOf(bundle),
            bundle.getVersion(),
            unresolved ? "resolve" : "start",
            failure,
            unresolved ? null : e);
      }
    } catch (IllegalStateException e) {
      // uninstalled meanwhile
    }
  }

  /** Felix's "Unable to acquire global lock for resolve": another resolve was under way. */
  static boolean isResolverBusy(BundleException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && cause.getMessage().contains("acquire global lock")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isFragment(Bundle bundle) {
    BundleRevision revision = bundle.adapt(BundleRevision.class);
    return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
  }
}
