package org.tailor.terminal.protocol;

import java.util.Objects;

/**
 * Topic names of protocol version 1. Every topic of a terminal lies under {@code
 * tailor/v1/stores/{store}/terminals/{terminal}/}, so that a broker ACL can confine a terminal to
 * its own subtree.
 *
 * <ul>
 *   <li>{@code identify}: agent → server, an {@link IdentifyRequest}, MQTT 5 request with response
 *       topic and correlation data; answered with an {@link OffersReply} on the response topic
 *   <li>{@code offers}: server → agent, the response topic agents use for {@code identify}
 *   <li>{@code shown}: agent → server, a {@link PresentationShown}
 *   <li>{@code redemptions}: agent → server, a {@link RedemptionMessage}, QoS 1, answered with an
 *       {@link Ack} on {@code acks}
 *   <li>{@code acks}: server → agent, {@link Ack}
 *   <li>{@code status}: agent → server, retained {@link TerminalStatus}; birth message on connect,
 *       last will "offline"
 *   <li>{@code config}: server → agent, retained {@link TerminalConfig}
 * </ul>
 */
public final class Topics {

  /** The protocol version in every topic. */
  public static final String VERSION = "v1";

  /** The root of every Tailor topic. */
  public static final String ROOT = "tailor";

  public static final String IDENTIFY = "identify";
  public static final String OFFERS = "offers";
  public static final String SHOWN = "shown";
  public static final String REDEMPTIONS = "redemptions";
  public static final String ACKS = "acks";
  public static final String STATUS = "status";
  public static final String CONFIG = "config";

  private Topics() {}

  /** {@code tailor/v1/stores/{store}/terminals/{terminal}/{kind}}. */
  public static String terminalTopic(String storeCode, String terminalCode, String kind) {
    return prefix(storeCode, terminalCode) + kind;
  }

  /** {@code tailor/v1/stores/{store}/terminals/{terminal}/}. */
  public static String prefix(String storeCode, String terminalCode) {
    Objects.requireNonNull(storeCode, "storeCode");
    Objects.requireNonNull(terminalCode, "terminalCode");
    return ROOT + "/" + VERSION + "/stores/" + storeCode + "/terminals/" + terminalCode + "/";
  }

  /**
   * The filter a server subscribes with for one kind of message from every terminal of every store,
   * in any version (so that a wrong version can be answered with an error rather than ignored).
   */
  public static String anyTerminalFilter(String kind) {
    return ROOT + "/+/stores/+/terminals/+/" + kind;
  }
}
