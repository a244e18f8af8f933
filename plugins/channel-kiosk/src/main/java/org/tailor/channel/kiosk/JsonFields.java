package org.tailor.channel.kiosk;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * Strict checks of one JSON object's fields, each failure a {@link PayloadException} naming the
 * field (with its path, such as {@code identifier.type}), the value received and what was expected.
 * JSON {@code null} counts as absent.
 */
final class JsonFields {

  private final JsonObject object;
  private final String path;

  JsonFields(JsonObject object, String path) {
    this.object = object;
    this.path = path;
  }

  /** Refuses any field not named here (a typo must not pass silently as an absent field). */
  JsonFields allowOnly(Set<String> names) throws PayloadException {
    for (String name : object.keySet()) {
      if (!names.contains(name)) {
        throw PayloadException.of(
            Errors.INVALID_FIELD,
            name(name),
            raw(object.get(name)),
            "no such field; the fields are " + String.join(", ", names.stream().sorted().toList()));
      }
    }
    return this;
  }

  String text(String name, int maxLength) throws PayloadException {
    JsonValue value = object.get(name);
    if (isAbsent(value)) {
      throw missing(name, textOf(maxLength));
    }
    return checkText(name, value, maxLength);
  }

  boolean has(String name) {
    JsonValue value = object.get(name);
    return value != null && value.getValueType() != JsonValue.ValueType.NULL;
  }

  /** The text of an optional field, {@code null} when absent. */
  String optionalText(String name, int maxLength) throws PayloadException {
    return has(name) ? checkText(name, object.get(name), maxLength) : null;
  }

  String oneOf(String name, List<String> allowed) throws PayloadException {
    JsonValue value = object.get(name);
    if (isAbsent(value)) {
      throw missing(name, oneOf(allowed));
    }
    if (!(value instanceof JsonString string) || !allowed.contains(string.getString())) {
      throw PayloadException.of(Errors.INVALID_FIELD, name(name), raw(value), oneOf(allowed));
    }
    return string.getString();
  }

  long integer(String name, long min, long max) throws PayloadException {
    JsonValue value = object.get(name);
    if (isAbsent(value)) {
      throw missing(name, wholeNumber(min, max));
    }
    if (value instanceof JsonNumber number && number.isIntegral()) {
      try {
        long result = number.bigDecimalValue().longValueExact();
        if (result >= min && result <= max) {
          return result;
        }
      } catch (ArithmeticException e) {
        // out of range: reported below
      }
    }
    throw PayloadException.of(Errors.INVALID_FIELD, name(name), raw(value), wholeNumber(min, max));
  }

  BigDecimal decimal(String name, BigDecimal min, BigDecimal max) throws PayloadException {
    String expected = "a number from " + min.toPlainString() + " to " + max.toPlainString();
    JsonValue value = present(name, expected);
    if (value instanceof JsonNumber number) {
      BigDecimal result = number.bigDecimalValue();
      if (result.compareTo(min) >= 0 && result.compareTo(max) <= 0) {
        return result;
      }
    }
    throw PayloadException.of(Errors.INVALID_FIELD, name(name), raw(value), expected);
  }

  Instant timestamp(String name) throws PayloadException {
    String expected = "a UTC timestamp such as 2024-05-01T09:30:00Z";
    JsonValue value = present(name, expected);
    if (value instanceof JsonString string) {
      try {
        return Timestamps.parse(string.getString());
      } catch (DateTimeParseException e) {
        // reported below
      }
    }
    throw PayloadException.of(Errors.INVALID_FIELD, name(name), raw(value), expected);
  }

  /** A nested object's fields, or {@code null} when it is absent. */
  JsonFields optionalObject(String name) throws PayloadException {
    if (!has(name)) {
      return null;
    }
    JsonValue value = object.get(name);
    if (!(value instanceof JsonObject nested)) {
      throw PayloadException.of(Errors.INVALID_FIELD, name(name), raw(value), "a JSON object");
    }
    return new JsonFields(nested, name(name));
  }

  private String checkText(String name, JsonValue value, int maxLength) throws PayloadException {
    if (value instanceof JsonString string) {
      String text = string.getString();
      if (!text.isBlank() && text.length() <= maxLength) {
        return text;
      }
    }
    throw PayloadException.of(Errors.INVALID_FIELD, name(name), raw(value), textOf(maxLength));
  }

  // What was expected, put into words only for an error: a good message's fields cost no text.

  private static String textOf(int maxLength) {
    return "text of 1 to " + maxLength + " characters";
  }

  private static String oneOf(List<String> allowed) {
    return "one of " + String.join(", ", allowed);
  }

  private static String wholeNumber(long min, long max) {
    return "a whole number from " + min + " to " + max;
  }

  private static boolean isAbsent(JsonValue value) {
    return value == null || value.getValueType() == JsonValue.ValueType.NULL;
  }

  private PayloadException missing(String name, String expected) {
    return PayloadException.of(Errors.INVALID_FIELD, name(name), null, expected);
  }

  private JsonValue present(String name, String expected) throws PayloadException {
    if (!has(name)) {
      throw PayloadException.of(Errors.INVALID_FIELD, name(name), null, expected);
    }
    return object.get(name);
  }

  private String name(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** The value as received: a string's text, anything else as JSON. */
  private static String raw(JsonValue value) {
    return value instanceof JsonString string ? string.getString() : value.toString();
  }
}
