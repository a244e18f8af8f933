package org.tailor.server.importer;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.tailor.server.i18n.Message;

/**
 * The cells of one source row, read as Tailor's fields: each typed reader returns the value or,
 * when the cell is bad, records an error naming the column, the value and the reason (and returns
 * {@code null} — this class is internal to the importer).
 */
final class Cells {

  /** The earliest and latest instant a DATETIME column holds on MariaDB. */
  static final Instant EARLIEST = Instant.parse("1000-01-01T00:00:00Z");

  static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern NUMBER = Pattern.compile("[-+]?[0-9]+(\\.[0-9]+)?");
  private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]{1,10}");
  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

  final SourceColumns columns;
  final List<String> values;
  final long line;
  final int ordinal;
  private List<RowError> errors = List.of();

  Cells(SourceColumns columns, List<String> values, long line, int ordinal) {
    this.columns = columns;
    this.values = values;
    this.line = line;
    this.ordinal = ordinal;
    if (values.size() != columns.width) {
      rowError(Message.of("importer", "row.width", values.size(), columns.width));
    }
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i).indexOf('\uFFFD') >= 0) {
        add(
            new RowError(
                columns.fileName,
                line,
                columns.headerAt(i),
                values.get(i),
                Message.of("importer", "value.encoding")));
        break;
      }
    }
  }

  boolean ok() {
    return errors.isEmpty();
  }

  List<RowError> errors() {
    return errors;
  }

  String raw(String field) {
    return columns.raw(values, field);
  }

  boolean present(String field) {
    return !raw(field).isEmpty();
  }

  /** Records that {@code field}'s value is refused for {@code reason}. */
  void reject(String field, Message reason) {
    add(new RowError(columns.fileName, line, columns.header(field), raw(field), reason));
  }

  void rowError(Message reason) {
    add(new RowError(columns.fileName, line, "", "", reason));
  }

  private void add(RowError error) {
    if (errors.isEmpty()) {
      errors = new ArrayList<>(2);
    }
    errors.add(error);
  }

  /** Text of at most {@code maxLength} characters; "" when empty and not required. */
  String text(String field, int maxLength, boolean required) {
    String value = raw(field);
    if (value.isEmpty()) {
      if (required) {
        reject(field, Message.of("importer", "value.required"));
        return null;
      }
      return "";
    }
    if (value.length() > maxLength) {
      reject(field, Message.of("importer", "value.too.long", maxLength));
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        reject(field, Message.of("importer", "value.control"));
        return null;
      }
    }
    return value;
  }

  /** A code: letters, digits, dots, dashes, underscores. */
  String code(String field, int maxLength, boolean required) {
    String value = text(field, maxLength, required);
    if (value == null || value.isEmpty()) {
      return value;
    }
    if (!CODE.matcher(value).matches()) {
      reject(field, Message.of("importer", "value.code", maxLength));
      return null;
    }
    return value;
  }

  /** A lower-case code from a fixed list. */
  String oneOf(String field, Set<String> allowed, boolean required) {
    String value = text(field, 64, required);
    if (value == null || value.isEmpty()) {
      return value;
    }
    String lower = value.toLowerCase(Locale.ROOT);
    if (!allowed.contains(lower)) {
      reject(
          field,
          Message.of(
              "importer", "value.one.of", String.join(", ", allowed.stream().sorted().toList())));
      return null;
    }
    return lower;
  }

  /** A whole number from {@code min} to {@code max}; {@code null} when empty or bad. */
  Integer integer(String field, int min, int max, boolean required) {
    String value = raw(field);
    if (value.isEmpty()) {
      if (required) {
        reject(field, Message.of("importer", "value.required"));
      }
      return null;
    }
    if (!INTEGER.matcher(value).matches()) {
      reject(field, Message.of("importer", "value.integer"));
      return null;
    }
    long number = Long.parseLong(value);
    if (number < min || number > max) {
      reject(field, Message.of("importer", "value.range", min, max));
      return null;
    }
    return (int) number;
  }

  /**
   * A decimal number written with the mapping's decimal separator, with at most {@code scale}
   * decimals and an absolute value below 10^{@code integerDigits}.
   */
  BigDecimal decimal(String field, int scale, int integerDigits, boolean required) {
    String value = raw(field);
    if (value.isEmpty()) {
      if (required) {
        reject(field, Message.of("importer", "value.required"));
      }
      return null;
    }
    String plain = value;
    if (columns.mapping.decimalSeparator() == ',') {
      if (value.indexOf('.') >= 0) {
        reject(field, Message.of("importer", "value.number", ","));
        return null;
      }
      plain = value.replace(',', '.');
    }
    if (!NUMBER.matcher(plain).matches()) {
      reject(field, Message.of("importer", "value.number", columns.mapping.decimalSeparator()));
      return null;
    }
    BigDecimal number = new BigDecimal(plain);
    if (number.scale() > scale) {
      BigDecimal stripped = number.stripTrailingZeros();
      if (stripped.scale() > scale) {
        reject(field, Message.of("importer", "value.scale", scale));
        return null;
      }
      number = stripped;
    }
    if (number.abs().compareTo(BigDecimal.TEN.pow(integerDigits)) >= 0) {
      reject(field, Message.of("importer", "value.magnitude", BigDecimal.TEN.pow(integerDigits)));
      return null;
    }
    return number;
  }

  /** A calendar date, ISO 8601 or in the mapping's {@code date.pattern}. */
  LocalDate date(String field, boolean required) {
    String value = raw(field);
    if (value.isEmpty()) {
      if (required) {
        reject(field, Message.of("importer", "value.required"));
      }
      return null;
    }
    try {
      return LocalDate.from(columns.dateFormat.parse(value));
    } catch (DateTimeException e) {
      reject(
          field,
          Message.of("importer", "value.date", columns.mapping.datePattern().orElse("yyyy-MM-dd")));
      return null;
    }
  }

  /** A birthday: a date from 1900 to today. */
  LocalDate birthday(String field) {
    LocalDate date = date(field, false);
    if (date != null
        && (date.getYear() < 1900 || date.isAfter(LocalDate.now(ZoneId.of("UTC")).plusDays(1)))) {
      reject(field, Message.of("importer", "value.birthday"));
      return null;
    }
    return date;
  }

  /**
   * A moment: ISO 8601 with an offset, or a local date-time (ISO or the mapping's {@code
   * date.time.pattern}) in the mapping's time zone. Within the range the databases store.
   */
  Instant instant(String field, boolean required) {
    String value = raw(field);
    if (value.isEmpty()) {
      if (required) {
        reject(field, Message.of("importer", "value.required"));
      }
      return null;
    }
    if (value.equals(columns.lastMoment)) {
      return columns.lastInstant; // rows of one receipt repeat its time: parse it once
    }
    Instant instant;
    try {
      DateTimeFormatter format = columns.dateTimeFormat.orElse(DateTimeFormatter.ISO_DATE_TIME);
      TemporalAccessor parsed = format.parseBest(value, ZonedDateTime::from, LocalDateTime::from);
      instant =
          parsed instanceof ZonedDateTime zoned
              ? zoned.toInstant()
              : ((LocalDateTime) parsed).atZone(columns.timeZone).toInstant();
    } catch (DateTimeParseException e) {
      reject(
          field,
          Message.of(
              "importer",
              "value.date.time",
              columns.mapping.dateTimePattern().orElse("2024-05-01T09:30:00Z")));
      return null;
    }
    if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
      reject(field, Message.of("importer", "value.date.time.range"));
      return null;
    }
    columns.lastMoment = value;
    columns.lastInstant = instant;
    return instant;
  }

  /** A BCP 47 language tag, normalised ({@code zh-tw} becomes {@code zh-TW}). */
  String language(String field, boolean required) {
    String value = text(field, 35, required);
    if (value == null || value.isEmpty()) {
      return value;
    }
    try {
      Locale locale = new Locale.Builder().setLanguageTag(value.replace('_', '-')).build();
      if (locale.getLanguage().isEmpty()) {
        throw new IllformedLocaleException("no language");
      }
      return locale.toLanguageTag();
    } catch (IllformedLocaleException e) {
      reject(field, Message.of("importer", "value.language"));
      return null;
    }
  }

  /** A time-zone id such as {@code Europe/Madrid}. */
  String timeZone(String field, boolean required) {
    String value = text(field, 64, required);
    if (value == null || value.isEmpty()) {
      return value;
    }
    try {
      return ZoneId.of(value).getId();
    } catch (DateTimeException e) {
      reject(field, Message.of("importer", "value.time.zone"));
      return null;
    }
  }

  /** A category path such as {@code grocery/coffee}: non-empty segments separated by "/". */
  String category(String field, boolean required) {
    String value = text(field, 200, required);
    if (value == null || value.isEmpty()) {
      return value;
    }
    for (String segment : value.split("/", -1)) {
      if (segment.isBlank()) {
        reject(field, Message.of("importer", "value.category"));
        return null;
      }
    }
    return value;
  }

  /** An ISO 3166 alpha-2 country code, upper case. */
  String country(String field, boolean required) {
    String value = text(field, 64, required);
    if (value == null || value.isEmpty()) {
      return value;
    }
    String upper = value.toUpperCase(Locale.ROOT);
    if (!COUNTRIES.contains(upper)) {
      reject(field, Message.of("importer", "value.country"));
      return null;
    }
    return upper;
  }
}
