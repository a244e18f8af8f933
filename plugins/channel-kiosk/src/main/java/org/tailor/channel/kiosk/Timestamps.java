package org.tailor.channel.kiosk;

import java.time.Instant;
import java.time.Month;
import java.time.Year;
import java.time.format.DateTimeParseException;

/**
 * Reads a timestamp as {@link Instant#parse} does, the form every terminal sends ({@code
 * 2024-05-01T09:30:00Z}, {@code 2024-05-01T09:30:00.123Z}) read directly: {@link Instant#parse}
 * goes through a {@code DateTimeFormatter}, which builds a map of fields and several objects for
 * each value, and reading the {@code sentAt} of every identify that way was the largest allocation
 * of the kiosk channel. Anything not of exactly that form (another offset, a leap second, a lower
 * case letter, a field out of range) is handed to {@link Instant#parse}, so every text gives the
 * same instant, or the same refusal, as there.
 */
final class Timestamps {

  private static final int SHORTEST = "2024-05-01T09:30:00Z".length();
  private static final int LONGEST = "2024-05-01T09:30:00.123456789Z".length();

  private Timestamps() {}

  /**
   * The instant, as {@link Instant#parse} gives it.
   *
   * @throws DateTimeParseException as {@link Instant#parse} does
   */
  static Instant parse(String text) {
    Instant read = readUsualForm(text);
    return read != null ? read : Instant.parse(text);
  }

  /** The instant of {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} with every field in range, else null. */
  static Instant readUsualForm(String text) {
    int length = text.length();
    if (length < SHORTEST
        || length > LONGEST
        || length == SHORTEST + 1 // a point without digits
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || text.charAt(length - 1) != 'Z') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) {
      return null;
    }
    if (minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    if (day > Month.of(month).length(Year.isLeap(year))) {
      return null;
    }
    int nanos = 0;
    if (length > SHORTEST) {
      if (text.charAt(19) != '.') {
        return null;
      }
      int fractionDigits = length - SHORTEST - 1;
      int fraction = digits(text, 20, fractionDigits);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction;
      for (int i = fractionDigits; i < 9; i++) {
        nanos *= 10;
      }
    }
    long days = epochDay(year, month, day);
    return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
  }

  /** The decimal number of {@code count} ASCII digits from {@code from}, or -1. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** Days from 1970-01-01, as {@code LocalDate.toEpochDay} counts them (proleptic Gregorian). */
  private static long epochDay(int year, int month, int day) {
    long y = year; // 0 to 9999 here
    long total = 365 * y + (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
    total += (367 * month - 362) / 12;
    total += day - 1;
    if (month > 2) {
      total--;
      if (!Year.isLeap(year)) {
        total--;
      }
    }
    return total - 719_528; // days from year 0 to 1970
  }
}
