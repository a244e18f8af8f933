package org.tailor.plugin;

/** A message could not be delivered; {@link #retryable()} says whether trying again may help. */
public class DeliveryException extends Exception {

  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  public DeliveryException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
