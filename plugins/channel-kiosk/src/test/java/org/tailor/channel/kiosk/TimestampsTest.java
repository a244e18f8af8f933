package org.tailor.channel.kiosk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {

  @Test
  void readsTheUsualFormWithoutTheFormatter() {
    assertThat(Timestamps.readUsualForm("2024-05-01T09:30:00Z"))
        .isEqualTo(Instant.parse("2024-05-01T09:30:00Z"));
    assertThat(Timestamps.readUsualForm("2024-02-29T23:59:59.123456789Z"))
        .isEqualTo(Instant.parse("2024-02-29T23:59:59.123456789Z"));
    assertThat(Timestamps.readUsualForm("1969-12-31T23:59:59.5Z"))
        .isEqualTo(Instant.parse("1969-12-31T23:59:59.5Z"));
  }

  @Test
  void leavesAnyOtherFormToInstantParse() {
    for (String other :
        List.of(
            "2024-05-01T09:30:00+01:00",
            "2024-05-01t09:30:00Z",
            "2024-05-01T09:30:00z",
            "2023-02-29T09:30:00Z",
            "2024-04-31T09:30:00Z",
            "2024-05-01T24:00:00Z",
            "2024-12-31T23:59:60Z",
            "2024-05-01T09:30:00.Z",
            "2024-05-01T09:30:00.1234567890Z",
            "+2024-05-01T09:30:00Z",
            "2024-05-01 09:30:00Z",
            "2024-5-01T09:30:00Z")) {
      assertThat(Timestamps.readUsualForm(other)).as(other).isNull();
    }
    assertThat(Timestamps.parse("2024-05-01T09:30:00+01:00"))
        .isEqualTo(Instant.parse("2024-05-01T08:30:00Z"));
    assertThatThrownBy(() -> Timestamps.parse("2023-02-29T09:30:00Z"))
        .isInstanceOf(DateTimeParseException.class);
  }

  /** Every day of four centuries, random times and fractions, and each with one character off. */
  @Test
  void givesWhatInstantParseGivesForEveryTextTried() {
    Random random = new Random(42);
    List<String> texts = new ArrayList<>();
    for (long day = -150_000; day < 150_000; day += 1 + random.nextInt(3)) {
      long second = day * 86_400 + random.nextInt(86_400);
      int nanos = random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000);
      String text = Instant.ofEpochSecond(second, nanos).toString();
      texts.add(text);
      if (nanos > 0 && text.indexOf('.') > 0) {
        // fewer fraction digits than toString writes
        int point = text.indexOf('.');
        texts.add(text.substring(0, point + 1 + random.nextInt(text.length() - point - 2)) + "Z");
      }
      char[] changed = text.toCharArray();
      changed[random.nextInt(changed.length)] = "0123456789:-.TZtz+ 9".charAt(random.nextInt(20));
      texts.add(new String(changed));
    }
    int readDirectly = 0;
    for (String text : texts) {
      Object expected;
      try {
        expected = Instant.parse(text);
      } catch (DateTimeParseException e) {
        expected = DateTimeParseException.class;
      }
      Object actual;
      try {
        actual = Timestamps.parse(text);
      } catch (DateTimeParseException e) {
        actual = DateTimeParseException.class;
      }
      assertThat(actual).as(text).isEqualTo(expected);
      if (Timestamps.readUsualForm(text) != null) {
        readDirectly++;
      }
    }
    // most of them took the direct way, so the comparison above covers it
    assertThat(readDirectly).isGreaterThan(texts.size() / 2);
  }
}
