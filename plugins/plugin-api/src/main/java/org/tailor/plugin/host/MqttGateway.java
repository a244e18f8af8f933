package org.tailor.plugin.host;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The host's one connection to the MQTT broker (MQTT 5), shared by every plugin. The host keeps it
 * connected, reconnects after an outage and subscribes again; plugins only subscribe and publish.
 *
 * <p>A handler runs on one of the host's worker threads, never on the client's network thread, so
 * it may take its time (ask the database, decide offers). A QoS 1 or 2 message is acknowledged to
 * the broker only after its handler returns, so a message whose handler was cut short by a crash is
 * delivered again. QoS 0 messages beyond what the host queues for its handlers are shed, never
 * queued without bound; a handler may answer those at once ({@link MqttHandler#onShed}).
 */
@ProviderType
public interface MqttGateway {

  /**
   * Subscribes to a topic filter (wildcards {@code +} and {@code #} allowed).
   *
   * @param topicFilter such as {@code tailor/+/stores/+/terminals/+/identify}
   * @param shared true for an MQTT 5 shared subscription ({@code $share/<group>/<filter>}, the
   *     group named by the host), so that several servers share the messages instead of each
   *     getting every one
   * @param qos the maximum QoS to receive with, 0 to 2
   * @param handler called for every message
   * @return the subscription; closing it unsubscribes
   * @throws IllegalArgumentException for an invalid filter or QoS
   */
  MqttSubscription subscribe(String topicFilter, boolean shared, int qos, MqttHandler handler);

  /**
   * Publishes a message. Returns once the client has taken it; it is delivered when connected (QoS
   * 1 and 2 messages are kept by the client through a short outage).
   *
   * @throws IllegalArgumentException for a topic with wildcards or an invalid QoS
   * @throws IllegalStateException when the client cannot take the message (closed, or its buffer of
   *     messages for an outage is full)
   */
  void publish(MqttOutgoing message);

  /** True while connected to the broker. */
  boolean isConnected();
}
