package org.tailor.plugin.host;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A message received through the {@link MqttGateway}.
 *
 * @param topic the topic it was published to
 * @param payload its bytes (a copy; the handler may keep it)
 * @param qos the QoS it was delivered with
 * @param retained true when the broker delivered a retained message
 * @param responseTopic the MQTT 5 response topic the sender asked to be answered on, or empty
 * @param correlationData the MQTT 5 correlation data to send back with the answer, or empty
 */
public record MqttIncoming(
    String topic,
    byte[] payload,
    int qos,
    boolean retained,
    Optional<String> responseTopic,
    Optional<byte[]> correlationData) {

  public MqttIncoming {
    Objects.requireNonNull(topic, "topic");
    payload = payload.clone();
    Objects.requireNonNull(responseTopic, "responseTopic");
    correlationData = correlationData.map(byte[]::clone);
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public Optional<byte[]> correlationData() {
    return correlationData.map(byte[]::clone);
  }

  /** The number of payload bytes, without copying them. */
  public int payloadSize() {
    return payload.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MqttIncoming that
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
    return "MqttIncoming[" + topic + ", " + payload.length + " bytes, qos " + qos + "]";
  }
}
