package org.tailor.server.validation;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.tailor.server.i18n.Message;

/**
 * Checks of single input fields shared by the domain services: each returns the value (trimmed or
 * put in canonical form) or throws {@link InvalidInputException} naming the field, the value and
 * what was expected.
 */
public final class Check {

  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

  private Check() {}

  /** A value that must be there. */
  public static <T> T present(String field, T value) {
    if (value == null) {
      throw new InvalidInputException(field, null, Message.of("errors", "expected.present"));
    }
    return value;
  }

  /** A code such as a store code or an offer code: 1 to 64 letters, digits, '.', '-' or '_'. */
  public static String code(String field, String value) {
    present(field, value);
    if (!CODE.matcher(value).matches()) {
      throw new InvalidInputException(field, value, Message.of("errors", "expected.code"));
    }
    return value;
  }

  /** A {@link #code} of at most {@code maxLength} characters, such as a channel or a purpose. */
  public static String code(String field, String value, int maxLength) {
    code(field, value);
    if (value.length() > maxLength) {
      throw new InvalidInputException(
          field, value, Message.of("domain", "expected.short.code", maxLength));
    }
    return value;
  }

  /** Text of 1 to {@code maxLength} characters, trimmed; blank text counts as missing. */
  public static String text(String field, String value, int maxLength) {
    present(field, value);
    String trimmed = value.strip();
    if (trimmed.isEmpty() || trimmed.codePointCount(0, trimmed.length()) > maxLength) {
      throw new InvalidInputException(
          field, value, Message.of("errors", "expected.text", maxLength));
    }
    return trimmed;
  }

  /** Optional text: empty or blank becomes empty, otherwise as {@link #text}. */
  public static Optional<String> optionalText(String field, Optional<String> value, int maxLength) {
    return value.filter(v -> !v.isBlank()).map(v -> text(field, v, maxLength));
  }

  /** One of a fixed set of words, such as a terminal kind. */
  public static String oneOf(String field, String value, List<String> allowed) {
    present(field, value);
    if (!allowed.contains(value)) {
      throw new InvalidInputException(
          field, value, Message.of("errors", "expected.one.of", String.join(", ", allowed)));
    }
    return value;
  }

  /** A time zone id such as {@code Europe/Madrid}. */
  public static String timeZone(String field, String value) {
    present(field, value);
    try {
      return ZoneId.of(value.strip()).getId();
    } catch (DateTimeException e) {
      throw new InvalidInputException(field, value, Message.of("errors", "expected.time.zone"));
    }
  }

  /**
   * A well-formed BCP 47 language tag, returned in canonical case ({@code zh-tw} → {@code zh-TW}).
   */
  public static String language(String field, String value) {
    present(field, value);
    try {
      Locale locale = new Locale.Builder().setLanguageTag(value.strip()).build();
      if (locale.getLanguage().isEmpty()) {
        throw new IllformedLocaleException("no language");
      }
      return locale.toLanguageTag();
    } catch (IllformedLocaleException e) {
      throw new InvalidInputException(field, value, Message.of("errors", "expected.language"));
    }
  }

  /** An ISO 3166-1 alpha-2 country code, returned in upper case. */
  public static String country(String field, String value) {
    present(field, value);
    String upper = value.strip().toUpperCase(Locale.ROOT);
    if (!COUNTRIES.contains(upper)) {
      throw new InvalidInputException(field, value, Message.of("domain", "expected.country"));
    }
    return upper;
  }
}
