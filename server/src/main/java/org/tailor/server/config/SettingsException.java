package org.tailor.server.config;

/** A setting is missing, unreadable or has a value of the wrong form. */
public class SettingsException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SettingsException(String message) {
    super(message);
  }

  public SettingsException(String message, Throwable cause) {
    super(message, cause);
  }
}
