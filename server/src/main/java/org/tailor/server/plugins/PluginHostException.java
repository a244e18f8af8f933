package org.tailor.server.plugins;

import java.util.Locale;
import java.util.Objects;
import org.tailor.server.i18n.Message;

/**
 * The plugin host cannot start: a folder it needs is unusable, a runtime bundle is missing from the
 * server build, or the OSGi framework refused to start. The server cannot serve plugins until the
 * cause named in the message is fixed.
 */
public class PluginHostException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Message problem;

  public PluginHostException(Message problem, Throwable cause) {
    super(problem.english(), cause);
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  public PluginHostException(Message problem) {
    super(problem.english());
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  public Message problem() {
    return problem;
  }

  /** The problem in a reader's language. */
  public String describe(Locale locale) {
    return problem.in(locale);
  }
}
