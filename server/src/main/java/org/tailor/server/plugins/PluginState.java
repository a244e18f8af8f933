package org.tailor.server.plugins;

/**
 * Where a plugin bundle stands. The OSGi bundle states, plus {@link #FAILED}: the bundle could not
 * be resolved or started, or one of its components failed to activate.
 */
public enum PluginState {
  /** Installed but not yet resolved. */
  INSTALLED,
  /** Resolved, not started. */
  RESOLVED,
  STARTING,
  ACTIVE,
  STOPPING,
  /** Could not resolve or start, or a component failed to activate; see the status' errors. */
  FAILED
}
