package org.tailor.scoring.value.lifetime;

import java.util.Objects;

/**
 * Input a model cannot use: names the field, the value received and what was expected, so that the
 * caller (a CLI, the plugin) can tell a person what to fix.
 */
public final class ModelInputException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String field;
  private final String value;
  private final String expected;

  /**
   * @param field the field, such as {@code "frequency"} or {@code "alpha"}
   * @param value the value received
   * @param expected what was expected, in English, such as {@code "a whole number of 0 or more"}
   */
  public ModelInputException(String field, Object value, String expected) {
    super(field + ": \"" + value + "\" is not valid; expected " + expected + ".");
    this.field = Objects.requireNonNull(field, "field");
    this.value = String.valueOf(value);
    this.expected = Objects.requireNonNull(expected, "expected");
  }

  public String field() {
    return field;
  }

  public String value() {
    return value;
  }

  public String expected() {
    return expected;
  }

  static double positive(String field, double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new ModelInputException(field, value, "a finite number greater than 0");
    }
    return value;
  }

  static double nonNegative(String field, double value) {
    if (!(value >= 0) || !Double.isFinite(value)) {
      throw new ModelInputException(field, value, "a finite number of 0 or more");
    }
    return value;
  }
}
