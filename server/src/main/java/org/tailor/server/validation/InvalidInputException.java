package org.tailor.server.validation;

import java.util.Locale;
import java.util.Objects;
import org.tailor.server.i18n.Message;

/**
 * Bad input from outside (a CSV cell, a JSON field, a CLI option, an MQTT payload): names the
 * field, the value received and what was expected, so that a person can fix it. The edges turn it
 * into problem+json (HTTP 400), one CLI line, or an error reply.
 */
public class InvalidInputException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String field;
  private final String value;
  private final transient Message expected;

  /**
   * @param field the field's name as the sender wrote it, such as {@code "validUntil"}
   * @param value the value received, or {@code null} when it was missing
   * @param expected what was expected, such as {@code Message.of("errors", "expected.date")}
   */
  public InvalidInputException(String field, Object value, Message expected) {
    super(render(field, value, expected, Locale.ENGLISH));
    this.field = Objects.requireNonNull(field, "field");
    this.value = value == null ? null : String.valueOf(value);
    this.expected = Objects.requireNonNull(expected, "expected");
  }

  public String field() {
    return field;
  }

  /** The value received, or {@code null} when the field was missing. */
  public String value() {
    return value;
  }

  public Message expected() {
    return expected;
  }

  /** The whole sentence in a reader's language. */
  public String describe(Locale locale) {
    return render(field, value, expected, locale);
  }

  private static String render(String field, Object value, Message expected, Locale locale) {
    String key = value == null ? "input.missing" : "input.invalid";
    return Message.of("errors", key, field, value == null ? "" : truncate(String.valueOf(value)))
            .in(locale)
        + " "
        + expected.in(locale);
  }

  private static String truncate(String value) {
    return value.length() <= 80 ? value : value.substring(0, 77) + "...";
  }
}
