package org.tailor.server.permission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class QuietHoursTest {

  private static final QuietHours NIGHT = QuietHours.parse("21:00-08:00");
  private static final Instant EVENING_UTC = Instant.parse("2026-03-02T21:30:00Z");

  @Test
  void oneInstantIsQuietInMadridAndTaipeiButNotInNewYork() {
    assertThat(NIGHT.contains(EVENING_UTC, ZoneId.of("Europe/Madrid"))).isTrue(); // 22:30
    assertThat(NIGHT.contains(EVENING_UTC, ZoneId.of("Asia/Taipei"))).isTrue(); // 05:30
    assertThat(NIGHT.contains(EVENING_UTC, ZoneId.of("America/New_York"))).isFalse(); // 16:30
    assertThat(NIGHT.contains(EVENING_UTC, ZoneId.of("Asia/Tehran"))).isTrue(); // 01:00
  }

  @Test
  void quietHoursEndAtTheLocalMorningOfEachZone() {
    assertThat(NIGHT.over(EVENING_UTC, ZoneId.of("Europe/Madrid")))
        .isEqualTo(Instant.parse("2026-03-03T07:00:00Z"));
    assertThat(NIGHT.over(EVENING_UTC, ZoneId.of("Asia/Taipei")))
        .isEqualTo(Instant.parse("2026-03-03T00:00:00Z"));
    assertThat(NIGHT.over(EVENING_UTC, ZoneId.of("America/New_York"))).isEqualTo(EVENING_UTC);
  }

  @Test
  void aWindowWithinOneDayDoesNotWrap() {
    QuietHours lunch = new QuietHours(LocalTime.of(13, 0), LocalTime.of(15, 0));
    assertThat(lunch.contains(Instant.parse("2026-03-02T13:59:00Z"), ZoneId.of("UTC"))).isTrue();
    assertThat(lunch.contains(Instant.parse("2026-03-02T15:00:00Z"), ZoneId.of("UTC"))).isFalse();
    assertThat(lunch.contains(Instant.parse("2026-03-02T12:59:00Z"), ZoneId.of("UTC"))).isFalse();
  }

  @Test
  void anEndSkippedByTheSpringForwardMovesToTheFirstLocalTimeThatExists() {
    QuietHours untilHalfPastTwo = QuietHours.parse("22:00-02:30");
    // Europe/Madrid springs from 02:00 to 03:00 on 29 March 2026: 02:30 does not exist.
    Instant night = Instant.parse("2026-03-28T23:30:00Z"); // 00:30 local
    assertThat(untilHalfPastTwo.over(night, ZoneId.of("Europe/Madrid")))
        .isEqualTo(Instant.parse("2026-03-29T01:30:00Z")); // 03:30 local summer time
  }

  @Test
  void refusesAWindowThatIsNotStartDashEnd() {
    assertThatThrownBy(() -> QuietHours.parse("9pm to 8am"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("9pm to 8am")
        .hasMessageContaining("21:00-08:00");
    assertThatThrownBy(() -> QuietHours.parse("08:00-08:00"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
