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

  private static final int LEVELS = 7;

  /**
   * The parts of a topic, or empty when it is not a terminal topic. Read by walking the separators
   * rather than splitting (a topic arrives with every message): only the four parts kept are
   * copied.
   */
  static Optional<TerminalTopic> parse(String topic) {
    int[] ends = new int[LEVELS];
    int count = 0;
    int from = 0;
    while (true) {
      int slash = topic.indexOf('/', from);
      int end = slash < 0 ? topic.length() : slash;
      if (count == LEVELS || end == from) {
        return Optional.empty(); // more than seven levels, or an empty one
      }
      ends[count++] = end;
      if (slash < 0) {
        break;
      }
      from = slash + 1;
    }
    if (count != LEVELS
        || !isLevel(topic, 0, ends, Topics.ROOT)
        || !isLevel(topic, 2, ends, "stores")
        || !isLevel(topic, 4, ends, "terminals")) {
      return Optional.empty();
    }
    return Optional.of(
        new TerminalTopic(
            level(topic, 1, ends),
            level(topic, 3, ends),
            level(topic, 5, ends),
            level(topic, 6, ends)));
  }

  private static int start(int level, int[] ends) {
    return level == 0 ? 0 : ends[level - 1] + 1;
  }

  private static boolean isLevel(String topic, int level, int[] ends, String expected) {
    int start = start(level, ends);
    return ends[level] - start == expected.length() && topic.startsWith(expected, start);
  }

  private static String level(String topic, int level, int[] ends) {
    return topic.substring(start(level, ends), ends[level]);
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
    if (responseTopic.indexOf('+') >= 0 || responseTopic.indexOf('#') >= 0) {
      return false;
    }
    // ROOT/{any version}/stores/{store}/terminals/{terminal}/{a level}[/...], compared in place
    String root = Topics.ROOT + "/";
    if (!responseTopic.startsWith(root)) {
      return false;
    }
    int versionEnd = responseTopic.indexOf('/', root.length());
    if (versionEnd <= root.length()) {
      return false; // no version level, or an empty one
    }
    int at = versionEnd + 1;
    at = followedBy(responseTopic, at, "stores");
    at = followedBy(responseTopic, at, storeCode);
    at = followedBy(responseTopic, at, "terminals");
    at = followedBy(responseTopic, at, terminalCode);
    // the next level must not be empty
    return at >= 0 && at < responseTopic.length() && responseTopic.charAt(at) != '/';
  }

  /**
   * The position after {@code level} and its separator when the topic has exactly that level at
   * {@code at}; else -1 (also when {@code at} is).
   */
  private static int followedBy(String topic, int at, String level) {
    if (at < 0
        || !topic.startsWith(level, at)
        || topic.length() <= at + level.length()
        || topic.charAt(at + level.length()) != '/') {
      return -1;
    }
    return at + level.length() + 1;
  }
}
