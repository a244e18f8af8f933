package org.tailor.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableOutboxTest {

  @TempDir Path folder;

  @Test
  void aRecordedMessageSurvivesReopeningInOrder() {
    DurableOutbox outbox = new DurableOutbox(folder);
    outbox.add("redemptions", "id-1", json("first"));
    outbox.add("shown", "id-2", json("second"));

    DurableOutbox reopened = new DurableOutbox(folder);

    assertThat(reopened.size()).isEqualTo(2);
    List<OutboxEntry> pending = reopened.pending();
    assertThat(pending).extracting(OutboxEntry::messageId).containsExactly("id-1", "id-2");
    assertThat(pending).extracting(OutboxEntry::kind).containsExactly("redemptions", "shown");
    assertThat(new String(pending.get(0).payload(), StandardCharsets.UTF_8))
        .isEqualTo("{\"n\":\"first\"}");
  }

  @Test
  void newMessagesAfterReopeningComeAfterTheOldOnes() {
    new DurableOutbox(folder).add("redemptions", "old", json("a"));
    DurableOutbox reopened = new DurableOutbox(folder);
    reopened.add("redemptions", "new", json("b"));
    assertThat(reopened.pending()).extracting(OutboxEntry::messageId).containsExactly("old", "new");
  }

  @Test
  void recordingTheSameMessageIdTwiceKeepsOne() {
    DurableOutbox outbox = new DurableOutbox(folder);
    outbox.add("redemptions", "same", json("a"));
    outbox.add("redemptions", "same", json("b"));
    assertThat(outbox.size()).isEqualTo(1);
    assertThat(new String(outbox.pending().get(0).payload(), StandardCharsets.UTF_8)).contains("a");
  }

  @Test
  void anAcknowledgedMessageIsDeletedFromDisk() throws IOException {
    DurableOutbox outbox = new DurableOutbox(folder);
    outbox.add("redemptions", "id-1", json("x"));
    assertThat(outbox.remove("id-1")).isTrue();
    assertThat(outbox.remove("id-1")).isFalse();
    assertThat(files(folder.resolve("outbox"))).isEmpty();
    assertThat(new DurableOutbox(folder).size()).isZero();
  }

  @Test
  void aRejectedMessageIsSetAsideWithItsReasonNotDeleted() throws IOException {
    DurableOutbox outbox = new DurableOutbox(folder);
    outbox.add("redemptions", "id-1", json("x"));
    assertThat(outbox.reject("id-1", "offerCode: unknown offer")).isTrue();

    assertThat(outbox.size()).isZero();
    assertThat(files(folder.resolve("outbox"))).isEmpty();
    List<Path> rejected = files(outbox.rejectedFolder());
    assertThat(rejected).hasSize(2);
    Path reason =
        rejected.stream().filter(p -> p.toString().endsWith(".reason")).findFirst().orElseThrow();
    assertThat(Files.readString(reason)).isEqualTo("offerCode: unknown offer");
    assertThat(new DurableOutbox(folder).size()).isZero();
  }

  @Test
  void aHalfWrittenFileFromACrashIsNotTakenForAMessage() throws IOException {
    Files.createDirectories(folder.resolve("outbox"));
    Path leftover = folder.resolve("outbox").resolve("000000000001-redemptions-x.json.tmp");
    Files.writeString(leftover, "{\"n\":");

    DurableOutbox outbox = new DurableOutbox(folder);

    assertThat(outbox.size()).isZero();
    assertThat(leftover).doesNotExist();
  }

  @Test
  void refusesMessageIdsThatCouldEscapeTheFolder() {
    DurableOutbox outbox = new DurableOutbox(folder);
    assertThatThrownBy(() -> outbox.add("redemptions", "../../etc/passwd", json("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected a UUID");
    assertThat(outbox.size()).isZero();
  }

  private static byte[] json(String value) {
    return ("{\"n\":\"" + value + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static List<Path> files(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.toList();
    }
  }
}
