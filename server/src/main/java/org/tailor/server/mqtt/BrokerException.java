package org.tailor.server.mqtt;

/** The server could not start or use its MQTT broker or connection. */
public class BrokerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BrokerException(String message, Throwable cause) {
    super(message, cause);
  }

  public BrokerException(String message) {
    super(message);
  }
}
