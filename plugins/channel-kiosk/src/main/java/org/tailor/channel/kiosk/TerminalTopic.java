package org.tailor.channel.kiosk;

import java.util.Optional;
import org.tailor.terminal.protocol.Topics;

/**
 * A terminal topic taken apart: {@code
 * tailor/{version}/stores/{store}/terminals/{terminal}/{kind}}.
 *
 * @param version such as {@code v1}; another than {@link Topics#VERSION} is answered with an error
 * @param storeCode the store
 * @param terminalCode the terminal
 * @param kind such as {@code identify}
 */
record TerminalTopic(String version, String storeCode, String terminalCode, String kind) {

  /** The parts of a topic, or empty when it is not a terminal topic. */
  static Optional<TerminalTopic> parse(String topic) {
    String[] levels = topic.split("/", -1);
    if (levels.length != 7
        || !levels[0].equals(Topics.ROOT)
        || !levels[2].equals("stores")
        || !levels[4].equals("terminals")) {
      return Optional.empty();
    }
    for (String level : levels) {
      if (level.isEmpty()) {
        return Optional.empty();
      }
    }
    return Optional.of(new TerminalTopic(levels[1], levels[3], levels[5], levels[6]));
  }

  boolean isSupportedVersion() {
    return version.equals(Topics.VERSION);
  }

  /** The topic of another kind of message of the same terminal, in the same version. */
  String sibling(String otherKind) {
    return Topics.ROOT
        + "/"
        + version
        + "/stores/"
        + storeCode
        + "/terminals/"
        + terminalCode
        + "/"
        + otherKind;
  }

  /**
   * True when a response topic the terminal asked for lies in its own subtree (any version, no
   * wildcards): the server answers nowhere else, so a terminal cannot make it publish into another
   * store's topics.
   */
  boolean owns(String responseTopic) {
    if (responseTopic.contains("+") || responseTopic.contains("#")) {
      return false;
    }
    String[] levels = responseTopic.split("/", -1);
    return levels.length >= 7
        && levels[0].equals(Topics.ROOT)
        && !levels[1].isEmpty()
        && levels[2].equals("stores")
        && levels[3].equals(storeCode)
        && levels[4].equals("terminals")
        && levels[5].equals(terminalCode)
        && !levels[6].isEmpty();
  }
}
