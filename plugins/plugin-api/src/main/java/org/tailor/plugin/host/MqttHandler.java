package org.tailor.plugin.host;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives the messages of an {@link MqttGateway} subscription. */
@ConsumerType
@FunctionalInterface
public interface MqttHandler {

  /**
   * Handles one message. An exception is logged by the host and the message acknowledged anyway, so
   * that a message the plugin cannot handle is not delivered again and again.
   */
  void onMessage(MqttIncoming message);
}
