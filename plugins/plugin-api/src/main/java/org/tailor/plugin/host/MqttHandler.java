package org.tailor.plugin.host;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the messages of an {@link MqttGateway} subscription, and may answer at once those the
 * host sheds unhandled because it is overloaded ({@link #onShed}).
 */
@ConsumerType
@FunctionalInterface
public interface MqttHandler {

  /**
   * Handles one message. An exception is logged by the host and the message acknowledged anyway, so
   * that a message the plugin cannot handle is not delivered again and again.
   */
  void onMessage(MqttIncoming message);

  /**
   * The answer to a message the host shed instead of handing it to {@link #onMessage}: when more
   * QoS 0 messages wait for a handler than the host queues, the excess is dropped, and a request
   * whose sender would otherwise wait for an answer that never comes can be told at once that the
   * server is busy. The host publishes what this returns, with nothing added; empty (the default)
   * answers nothing.
   *
   * <p>Called on the host's one busy-reply thread, and only while its small queue has room (else
   * the message is dropped and counted without this call), so it must be cheap: build the reply
   * from the message alone, without the database or waiting, and let a reply at QoS 0 cost the
   * broker no acknowledgement. Only answer where the sender may be answered (a request's response
   * topic in its own subtree, with its correlation data). An exception is logged and counts as no
   * answer.
   *
   * @param message the shed message
   * @return the reply to publish, or empty for none
   * @since 1.6
   */
  default Optional<MqttOutgoing> onShed(MqttIncoming message) {
    return Optional.empty();
  }
}
