package org.tailor.server.permission;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * Hours of the shopper's local day in which no message is sent, such as 21:00 to 08:00. The window
 * starts at {@code start} (included) and ends at {@code end} (excluded); it wraps midnight when
 * {@code start} is after {@code end}. Local times are read in the shopper's time zone, so a message
 * sent at one instant may be quiet for one shopper and welcome for another.
 */
public record QuietHours(LocalTime start, LocalTime end) {

  public QuietHours {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (start.equals(end)) {
      throw new IllegalArgumentException("quiet hours must not start and end at " + start);
    }
  }

  /** Parses {@code "21:00-08:00"}. */
  public static QuietHours parse(String text) {
    String[] parts = text.strip().split("-");
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "quiet hours \"" + text + "\": expected start-end such as 21:00-08:00");
    }
    try {
      return new QuietHours(LocalTime.parse(parts[0].strip()), LocalTime.parse(parts[1].strip()));
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          "quiet hours \"" + text + "\": expected start-end such as 21:00-08:00", e);
    }
  }

  /** Whether {@code at} falls in the quiet hours of {@code zone}. */
  public boolean contains(Instant at, ZoneId zone) {
    LocalTime local = at.atZone(zone).toLocalTime();
    if (start.isBefore(end)) {
      return !local.isBefore(start) && local.isBefore(end);
    }
    return !local.isBefore(start) || local.isBefore(end);
  }

  /**
   * The first moment after {@code at} when the quiet hours that hold {@code at} are over; {@code
   * at} itself when it is not quiet. A local end time that a daylight-saving change skips is moved
   * forward by the length of the gap, as {@link ZonedDateTime#of} does.
   */
  public Instant over(Instant at, ZoneId zone) {
    if (!contains(at, zone)) {
      return at;
    }
    LocalDateTime local = at.atZone(zone).toLocalDateTime();
    LocalDate endDay =
        local.toLocalTime().isBefore(end) ? local.toLocalDate() : local.toLocalDate().plusDays(1);
    return ZonedDateTime.of(endDay, end, zone).toInstant();
  }

  @Override
  public String toString() {
    return start + "-" + end;
  }
}
