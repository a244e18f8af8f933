package org.tailor.agent.broker;

/** A payload that arrived from the server cannot be read as the protocol says. */
public class MalformedPayloadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public MalformedPayloadException(String message) {
    super(message);
  }

  public MalformedPayloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
