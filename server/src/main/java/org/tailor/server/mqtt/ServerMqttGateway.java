package org.tailor.server.mqtt;

import java.util.Locale;
import org.tailor.plugin.host.MqttGateway;

/**
 * The server's side of an {@link MqttGateway}: what the health check, the metrics and shutdown ask
 * of it. {@link PahoMqttGateway} talks to a broker over TCP (an external one, or the embedded one
 * when {@code tailor.mqtt.embedded.gateway = paho}); {@link EmbeddedMqttGateway} lives inside the
 * embedded broker.
 */
public interface ServerMqttGateway extends MqttGateway, AutoCloseable {

  /**
   * The detail of the server's {@code mqtt} health check in {@code language}; throws, saying what
   * is wrong, while the gateway cannot reach its broker.
   */
  String health(Locale language);

  /** QoS 0 messages shed because every handler was busy and the queue full. */
  long shedCount();

  /**
   * Shed messages answered at once with their subscriber's reply ({@link
   * org.tailor.plugin.host.MqttHandler#onShed}), counted when the reply was written (QoS 0) or
   * acknowledged (QoS 1).
   */
  long shedAnsweredCount();

  /**
   * Shed messages dropped without asking their subscriber for a reply, because too many shed
   * messages were already waiting for one.
   */
  long shedDroppedCount();

  /**
   * Shed messages left unanswered otherwise: no subscriber answers shed messages, it gave no reply
   * or failed, or the reply could not be published.
   */
  long shedUnansweredCount();

  /** Messages waiting for a handler now; QoS 0 messages are shed while too many wait. */
  int messagesWaiting();

  @Override
  void close();
}
