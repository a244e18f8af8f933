package org.tailor.channel.kiosk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tailor.terminal.protocol.Topics;

class TerminalTopicTest {

  @Test
  void takesATerminalTopicApart() {
    assertThat(TerminalTopic.parse("tailor/v1/stores/S001/terminals/K-7/identify"))
        .contains(new TerminalTopic("v1", "S001", "K-7", "identify"));
    assertThat(TerminalTopic.parse("tailor/v1/stores/S001/terminals/K-7/identify/x")).isEmpty();
    assertThat(TerminalTopic.parse("tailor/v1/stores//terminals/K-7/identify")).isEmpty();
    assertThat(TerminalTopic.parse("tailor/v1/stores/S001/terminals/K-7/")).isEmpty();
    assertThat(TerminalTopic.parse("tailor/v1/shops/S001/terminals/K-7/identify")).isEmpty();
  }

  @Test
  void ownsOnlyTopicsInTheTerminalsSubtree() {
    TerminalTopic topic = new TerminalTopic("v1", "S001", "K-7", "identify");
    assertThat(topic.owns("tailor/v1/stores/S001/terminals/K-7/offers")).isTrue();
    assertThat(topic.owns("tailor/v2/stores/S001/terminals/K-7/offers/more")).isTrue();
    assertThat(topic.owns("tailor/v1/stores/S001/terminals/K-77/offers")).isFalse();
    assertThat(topic.owns("tailor/v1/stores/S0011/terminals/K-7/offers")).isFalse();
    assertThat(topic.owns("tailor/v1/stores/S001/terminals/K-7/")).isFalse();
    assertThat(topic.owns("tailor/v1/stores/S001/terminals/K-7")).isFalse();
    assertThat(topic.owns("tailor//stores/S001/terminals/K-7/offers")).isFalse();
    assertThat(topic.owns("tailor/v1/stores/S001/terminals/K-7/+")).isFalse();
  }

  /** The same answers as taking the topics apart with {@code split}, as before, for many topics. */
  @Test
  void answersAsSplittingDid() {
    Random random = new Random(7);
    String[] pieces = {
      Topics.ROOT,
      "v1",
      "v2",
      "stores",
      "terminals",
      "S001",
      "S0",
      "K-7",
      "K",
      "identify",
      "offers",
      "",
      "+",
      "#",
      "x/y",
      "tailorx"
    };
    List<String> topics = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      int levels = 5 + random.nextInt(5);
      List<String> parts = new ArrayList<>();
      // mostly well-formed, so that the interesting comparisons happen
      String[] shape = {Topics.ROOT, "v1", "stores", "S001", "terminals", "K-7", "offers"};
      for (int l = 0; l < levels; l++) {
        boolean keep = l < shape.length && random.nextInt(4) != 0;
        parts.add(keep ? shape[l] : pieces[random.nextInt(pieces.length)]);
      }
      topics.add(String.join("/", parts));
    }
    List<TerminalTopic> owners =
        List.of(
            new TerminalTopic("v1", "S001", "K-7", "identify"),
            new TerminalTopic("v1", "S0", "K", "identify"));
    for (String topic : topics) {
      assertThat(TerminalTopic.parse(topic)).as(topic).isEqualTo(parsedBySplit(topic));
      for (TerminalTopic owner : owners) {
        assertThat(owner.owns(topic))
            .as(owner + " owns " + topic)
            .isEqualTo(ownsBySplit(owner, topic));
      }
    }
    assertThat(topics.stream().filter(t -> TerminalTopic.parse(t).isPresent()).count())
        .isGreaterThan(500);
    assertThat(topics.stream().filter(t -> owners.get(0).owns(t)).count()).isGreaterThan(500);
  }

  private static Optional<TerminalTopic> parsedBySplit(String topic) {
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

  private static boolean ownsBySplit(TerminalTopic owner, String responseTopic) {
    if (responseTopic.contains("+") || responseTopic.contains("#")) {
      return false;
    }
    String[] levels = responseTopic.split("/", -1);
    return levels.length >= 7
        && levels[0].equals(Topics.ROOT)
        && !levels[1].isEmpty()
        && levels[2].equals("stores")
        && levels[3].equals(owner.storeCode())
        && levels[4].equals("terminals")
        && levels[5].equals(owner.terminalCode())
        && !levels[6].isEmpty();
  }
}
