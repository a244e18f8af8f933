package org.tailor.server.plugins;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The failures the host has seen per plugin bundle: the last error of any kind, whether the current
 * revision failed to resolve or start, and how many calls into its services threw. Thread-safe.
 */
final class PluginProblems {

  /** What is known of one bundle; replaced as a whole. */
  private record Problems(
      Optional<PluginError> lastError, Optional<PluginError> startFailure, long failedCalls) {

    static final Problems NONE = new Problems(Optional.empty(), Optional.empty(), 0);
  }

  private final Clock clock;
  private final ConcurrentMap<Long, Problems> byBundle = new ConcurrentHashMap<>();

  PluginProblems(Clock clock) {
    this.clock = clock;
  }

  /** Records that the bundle's current revision could not resolve or start; returns the error. */
  PluginError startFailed(long bundleId, PluginErrorKind kind, Throwable failure) {
    PluginError error = PluginError.of(clock.instant(), kind, failure);
    byBundle.merge(
        bundleId,
        new Problems(Optional.of(error), Optional.of(error), 0),
        (old, fresh) -> new Problems(fresh.lastError, fresh.startFailure, old.failedCalls));
    return error;
  }

  /** The bundle started: an earlier start or resolution failure no longer holds. */
  void started(long bundleId) {
    byBundle.computeIfPresent(
        bundleId,
        (id, old) ->
            old.startFailure.isPresent() && old.lastError.equals(old.startFailure)
                ? new Problems(Optional.empty(), Optional.empty(), old.failedCalls)
                : new Problems(old.lastError, Optional.empty(), old.failedCalls));
  }

  /**
   * Records a call into one of the bundle's services that threw. Returns whether the message
   * differs from the previous error, so that a plugin failing on every call is logged once, not per
   * call.
   */
  boolean callFailed(long bundleId, Throwable failure) {
    PluginError error = PluginError.of(clock.instant(), PluginErrorKind.CALL, failure);
    Problems before = byBundle.getOrDefault(bundleId, Problems.NONE);
    byBundle.merge(
        bundleId,
        new Problems(Optional.of(error), Optional.empty(), 1),
        (old, fresh) -> new Problems(fresh.lastError, old.startFailure, old.failedCalls + 1));
    return before.lastError.map(e -> !e.message().equals(error.message())).orElse(true);
  }

  /** A new revision of the bundle was installed: what the old one did no longer counts. */
  void updated(long bundleId) {
    byBundle.remove(bundleId);
  }

  /** The bundle is gone. */
  void uninstalled(long bundleId) {
    byBundle.remove(bundleId);
  }

  Optional<PluginError> lastError(long bundleId) {
    return byBundle.getOrDefault(bundleId, Problems.NONE).lastError;
  }

  Optional<PluginError> startFailure(long bundleId) {
    return byBundle.getOrDefault(bundleId, Problems.NONE).startFailure;
  }

  long failedCalls(long bundleId) {
    return byBundle.getOrDefault(bundleId, Problems.NONE).failedCalls;
  }
}
