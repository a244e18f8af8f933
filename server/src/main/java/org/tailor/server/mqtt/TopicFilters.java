package org.tailor.server.mqtt;

/**
 * Whether a topic matches a subscription's filter without {@code #}, level by level in place, as
 * Paho's {@code MqttTopicValidator.isMatched} answers (which lets {@code +} stand for one level
 * that is not empty). That method first validates both strings again, copying each to UTF-8 bytes
 * and the filter to a char array, and the gateway asked it for every subscription of every message
 * that arrived; filters are validated once, when subscribed. A filter with {@code #} is left to
 * Paho, whose answers for {@code +} before {@code #} differ from the standard's.
 */
final class TopicFilters {

  private TopicFilters() {}

  /** Whether this class can match the filter: it has no {@code #}. */
  static boolean handles(String filter) {
    return filter.indexOf('#') < 0;
  }

  /**
   * @param filter a valid filter without {@code #} (validated when subscribed)
   * @param topic a topic name without wildcards, as the broker delivers them
   */
  static boolean matches(String filter, String topic) {
    int f = 0;
    int t = 0;
    while (true) {
      int filterEnd = levelEnd(filter, f);
      int topicEnd = levelEnd(topic, t);
      boolean anyLevel = filterEnd - f == 1 && filter.charAt(f) == '+' && topicEnd > t;
      if (!anyLevel
          && !(filterEnd - f == topicEnd - t && filter.regionMatches(f, topic, t, filterEnd - f))) {
        return false;
      }
      boolean filterEnded = filterEnd == filter.length();
      boolean topicEnded = topicEnd == topic.length();
      if (filterEnded || topicEnded) {
        return filterEnded && topicEnded;
      }
      f = filterEnd + 1;
      t = topicEnd + 1;
    }
  }

  /**
   * Whether a topic matches any valid filter: in place for one without {@code #} or ending in
   * {@code /#} (which also matches its parent level, as the standard says), else by Paho.
   */
  static boolean matchesAny(String filter, String topic) {
    if (handles(filter)) {
      return matches(filter, topic);
    }
    if (filter.endsWith("/#") && filter.indexOf('#') == filter.length() - 1) {
      String parent = filter.substring(0, filter.length() - 2);
      int levels = 1;
      for (int i = 0; i < parent.length(); i++) {
        if (parent.charAt(i) == '/') {
          levels++;
        }
      }
      int end = -1;
      for (int level = 0; level < levels; level++) {
        end = topic.indexOf('/', end + 1);
        if (end < 0) {
          return level == levels - 1 && matches(parent, topic);
        }
      }
      return matches(parent, topic.substring(0, end));
    }
    return org.eclipse.paho.mqttv5.common.util.MqttTopicValidator.isMatched(filter, topic);
  }

  private static int levelEnd(String text, int from) {
    int slash = text.indexOf('/', from);
    return slash < 0 ? text.length() : slash;
  }
}
