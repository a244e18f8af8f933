package org.tailor.server.plugins;

import java.time.Instant;
import java.util.Objects;
import org.osgi.framework.BundleException;

/**
 * One failure of a plugin, as shown in its status.
 *
 * @param at when the host saw it
 * @param kind what the plugin was doing
 * @param message the exception and its causes on one line, such as {@code "Activator start error in
 *     bundle x [7]. Caused by: java.lang.IllegalStateException: no model"}
 */
public record PluginError(Instant at, PluginErrorKind kind, String message) {

  private static final int MAX_CAUSES = 5;

  public PluginError {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  static PluginError of(Instant at, PluginErrorKind kind, Throwable failure) {
    return new PluginError(at, kind, describe(failure));
  }

  /** The throwable and up to five of its causes, on one line. */
  static String describe(Throwable failure) {
    StringBuilder text = new StringBuilder(headline(failure));
    Throwable previous = failure;
    Throwable cause = failure.getCause();
    for (int depth = 0; cause != null && cause != previous && depth < MAX_CAUSES; depth++) {
      text.append(" Caused by: ").append(cause);
      previous = cause;
      cause = cause.getCause();
    }
    return text.toString();
  }

  private static String headline(Throwable failure) {
    // A framework's BundleException is a sentence about the bundle; other throwables need a type.
    return failure instanceof BundleException && failure.getMessage() != null
        ? failure.getMessage()
        : failure.toString();
  }
}
