package org.tailor.server.plugins;

/** What a plugin was doing when it failed. */
public enum PluginErrorKind {
  /** A jar in the plugins folder is not an OSGi bundle or cannot be read; nothing was installed. */
  INSTALL,
  /** The bundle's requirements (imported packages, capabilities) could not be satisfied. */
  RESOLUTION,
  /** The bundle's activator threw while starting. */
  START,
  /** The framework reported an error for the bundle (a restart after update or refresh failed). */
  FRAMEWORK,
  /** A call from the host into one of the plugin's services threw. */
  CALL
}
