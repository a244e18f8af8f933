package org.tailor.agent.broker;

import java.util.Optional;
import org.eclipse.paho.mqttv5.common.packet.MqttReturnCode;

/**
 * The broker answered a QoS 1 publish with an MQTT 5 reason code of 0x80 or more in its PUBACK: it
 * did not take the message. {@code QUOTA_EXCEEDED} (0x97) is a busy broker's answer; Tailor's
 * embedded broker refuses identify requests so while its queues are full.
 */
public final class PublishRefusedException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int reasonCode;
  private final String reasonString;

  /**
   * @param topic the topic published to
   * @param reasonCode the PUBACK's reason code, 0x80 or more
   * @param reasonString the broker's explanation, if it gave one
   */
  public PublishRefusedException(String topic, int reasonCode, Optional<String> reasonString) {
    super(
        "the broker refused the message on "
            + topic
            + ": reason code 0x"
            + Integer.toHexString(reasonCode)
            + reasonString.map(text -> " (" + text + ")").orElse(""));
    this.reasonCode = reasonCode;
    this.reasonString = reasonString.orElse(null);
  }

  /** The MQTT 5 reason code of the broker's PUBACK. */
  public int reasonCode() {
    return reasonCode;
  }

  /** The broker's explanation, if it gave one. */
  public Optional<String> reasonString() {
    return Optional.ofNullable(reasonString);
  }

  /** True when the broker is too busy to take the message now ({@code QUOTA_EXCEEDED}). */
  public boolean busy() {
    return reasonCode == MqttReturnCode.RETURN_CODE_QUOTA_EXCEEDED;
  }
}
