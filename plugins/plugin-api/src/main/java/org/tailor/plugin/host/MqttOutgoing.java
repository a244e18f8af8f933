package org.tailor.plugin.host;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A message to publish through the {@link MqttGateway}.
 *
 * @param topic where, without wildcards
 * @param payload the bytes (copied)
 * @param qos 0, 1 or 2
 * @param retained true to have the broker keep it for later subscribers
 * @param responseTopic an MQTT 5 response topic for the receiver to answer on, or empty
 * @param correlationData MQTT 5 correlation data: for an answer, the request's; or empty
 */
public record MqttOutgoing(
    String topic,
    byte[] payload,
    int qos,
    boolean retained,
    Optional<String> responseTopic,
    Optional<byte[]> correlationData) {

  public MqttOutgoing {
    Objects.requireNonNull(topic, "topic");
    payload = payload.clone();
    Objects.requireNonNull(responseTopic, "responseTopic");
    correlationData = correlationData.map(byte[]::clone);
    if (qos < 0 || qos > 2) {
      throw new IllegalArgumentException("qos must be 0, 1 or 2, was " + qos);
    }
  }

  /** A plain message: no response topic, no correlation data. */
  public static MqttOutgoing of(String topic, byte[] payload, int qos, boolean retained) {
    return new MqttOutgoing(topic, payload, qos, retained, Optional.empty(), Optional.empty());
  }

  /**
   * An answer to a request: published on the request's response topic with its correlation data.
   */
  public static MqttOutgoing replyTo(
      String responseTopic, Optional<byte[]> correlation, byte[] payload) {
    return new MqttOutgoing(responseTopic, payload, 1, false, Optional.empty(), correlation);
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public Optional<byte[]> correlationData() {
    return correlationData.map(byte[]::clone);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MqttOutgoing that
        && topic.equals(that.topic)
        && Arrays.equals(payload, that.payload)
        && qos == that.qos
        && retained == that.retained
        && responseTopic.equals(that.responseTopic)
        && Arrays.equals(correlationData.orElse(null), that.correlationData.orElse(null));
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, Arrays.hashCode(payload), qos, retained, responseTopic);
  }

  @Override
  public String toString() {
    return "MqttOutgoing[" + topic + ", " + payload.length + " bytes, qos " + qos + "]";
  }
}
