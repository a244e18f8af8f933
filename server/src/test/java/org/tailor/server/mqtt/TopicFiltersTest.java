package org.tailor.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;
import org.junit.jupiter.api.Test;

class TopicFiltersTest {

  @Test
  void matchesTheTerminalFilters() {
    String identify = "tailor/+/stores/+/terminals/+/identify";
    assertThat(TopicFilters.matches(identify, "tailor/v1/stores/S1/terminals/K1/identify"))
        .isTrue();
    assertThat(TopicFilters.matches(identify, "tailor/v1/stores/S1/terminals/K1/shown")).isFalse();
    assertThat(TopicFilters.matches(identify, "tailor/v1/stores/S1/terminals/K1/identify/x"))
        .isFalse();
    assertThat(TopicFilters.matches(identify, "tailor/v1/stores/S1/identify")).isFalse();
    assertThat(TopicFilters.matches("a/+", "a/")).isFalse(); // as Paho: "+" is not empty
    assertThat(TopicFilters.handles(identify)).isTrue();
    assertThat(TopicFilters.handles("tailor/#")).isFalse();
  }

  /** The same answer as Paho's isMatched for every pair of many filters (no #) and topics. */
  @Test
  void answersAsPahoDoes() {
    Random random = new Random(11);
    String[] levels = {"a", "b", "ab", "", "tailor", "v1"};
    List<String> filters = new ArrayList<>();
    List<String> topics = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      int n = 1 + random.nextInt(5);
      List<String> filter = new ArrayList<>();
      List<String> topic = new ArrayList<>();
      for (int l = 0; l < n; l++) {
        String level = levels[random.nextInt(levels.length)];
        topic.add(level);
        int kind = random.nextInt(3);
        filter.add(kind == 0 ? "+" : level);
      }
      filters.add(String.join("/", filter));
      topics.add(String.join("/", topic));
      if (random.nextBoolean()) {
        topics.add(String.join("/", topic.subList(0, random.nextInt(n + 1))));
      }
    }
    int matched = 0;
    for (String filter : filters) {
      for (String topic : topics) {
        if (topic.isEmpty() || filter.isEmpty()) {
          continue; // not a topic name
        }
        boolean paho = MqttTopicValidator.isMatched(filter, topic);
        assertThat(TopicFilters.matches(filter, topic))
            .as("%s matches %s", filter, topic)
            .isEqualTo(paho);
        matched += paho ? 1 : 0;
      }
    }
    assertThat(matched).isGreaterThan(1_000);
  }
}
