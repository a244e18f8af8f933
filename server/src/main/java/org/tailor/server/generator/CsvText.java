package org.tailor.server.generator;

import java.time.LocalDate;

/**
 * Appends CSV rows to a {@link StringBuilder}: comma-separated, {@code \n} line ends, fields quoted
 * as RFC 4180 says only when they hold a comma, a quote or a line break. Written by hand because it
 * runs for a hundred million rows: numbers, dates and instants are formatted without allocating.
 */
final class CsvText {

  private final StringBuilder text;
  private final long firstCachedEpochDay;
  private final String[] cachedDates;
  private boolean rowStarted;

  /** Dates from {@code firstCachedDay} on, for {@code cachedDays} days, are formatted once. */
  CsvText(int capacity, LocalDate firstCachedDay, int cachedDays) {
    this.text = new StringBuilder(capacity);
    this.firstCachedEpochDay = firstCachedDay.toEpochDay();
    this.cachedDates = new String[cachedDays];
    for (int d = 0; d < cachedDays; d++) {
      cachedDates[d] = firstCachedDay.plusDays(d).toString();
    }
  }

  StringBuilder text() {
    return text;
  }

  void clear() {
    text.setLength(0);
    rowStarted = false;
  }

  private StringBuilder next() {
    if (rowStarted) {
      text.append(',');
    }
    rowStarted = true;
    return text;
  }

  CsvText field(String value) {
    StringBuilder out = next();
    boolean quote = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        quote = true;
        break;
      }
    }
    if (!quote) {
      out.append(value);
      return this;
    }
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        out.append('"');
      }
      out.append(c);
    }
    out.append('"');
    return this;
  }

  /** A field known to need no quoting (codes, numbers). */
  CsvText plain(CharSequence value) {
    next().append(value);
    return this;
  }

  CsvText empty() {
    next();
    return this;
  }

  CsvText number(long value) {
    next().append(value);
    return this;
  }

  /** An amount in cents as a decimal with two places, such as {@code -12.05}. */
  CsvText cents(long cents) {
    StringBuilder out = next();
    if (cents < 0) {
      out.append('-');
      cents = -cents;
    }
    out.append(cents / 100).append('.');
    long fraction = cents % 100;
    if (fraction < 10) {
      out.append('0');
    }
    out.append(fraction);
    return this;
  }

  CsvText date(long epochDay) {
    next().append(dateText(epochDay));
    return this;
  }

  /** An instant in UTC as {@code 2024-05-01T09:30:00Z}. */
  CsvText instant(long epochSecond) {
    long day = Math.floorDiv(epochSecond, 86_400L);
    int second = (int) Math.floorMod(epochSecond, 86_400L);
    StringBuilder out = next().append(dateText(day)).append('T');
    twoDigits(out, second / 3600);
    out.append(':');
    twoDigits(out, second / 60 % 60);
    out.append(':');
    twoDigits(out, second % 60);
    out.append('Z');
    return this;
  }

  void endRow() {
    text.append('\n');
    rowStarted = false;
  }

  private String dateText(long epochDay) {
    long offset = epochDay - firstCachedEpochDay;
    if (offset >= 0 && offset < cachedDates.length) {
      return cachedDates[(int) offset];
    }
    return LocalDate.ofEpochDay(epochDay).toString();
  }

  private static void twoDigits(StringBuilder out, int value) {
    out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }
}
