package org.tailor.server.lifetime;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;

/**
 * Which columns of a transaction log hold the shopper, the date and the amount, and how dates are
 * written.
 *
 * @param customer the header of the shopper id column
 * @param date the header of the purchase date column
 * @param amount the header of the amount column, or empty when only purchase counts are needed
 * @param datePattern a {@link DateTimeFormatter} pattern such as {@code dd.MM.yyyy}, or empty for
 *     the default: {@code 2024-05-01}, {@code 20240501} or an ISO date-time whose date is used
 */
public record TransactionColumns(
    String customer, String date, Optional<String> amount, Optional<String> datePattern) {

  /** What a date must look like when no pattern is given, for error messages. */
  public static final String DEFAULT_DATE_FORMS = "yyyy-MM-dd, yyyyMMdd";

  public TransactionColumns {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(datePattern, "datePattern");
  }

  /** The formatter of {@link #datePattern}; throws IllegalArgumentException for a bad pattern. */
  Optional<DateTimeFormatter> dateFormatter() {
    return datePattern.map(DateTimeFormatter::ofPattern);
  }

  /** The day written in {@code text}, or empty when it is not a date in the expected form. */
  static Optional<LocalDate> parseDay(String text, Optional<DateTimeFormatter> formatter) {
    String trimmed = text.strip();
    try {
      if (formatter.isPresent()) {
        return Optional.of(LocalDate.from(formatter.get().parse(trimmed)));
      }
      if (trimmed.length() == 8 && trimmed.chars().allMatch(Character::isDigit)) {
        return Optional.of(LocalDate.parse(trimmed, DateTimeFormatter.BASIC_ISO_DATE));
      }
      if (trimmed.length() >= 10) {
        return Optional.of(LocalDate.parse(trimmed.substring(0, 10)));
      }
      return Optional.empty();
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }
}
