package org.tailor.plugin.host;

import java.util.Objects;

/**
 * A host service refused a request because of one of its values. Channels pass the field, value and
 * expectation on to the terminal that sent it.
 */
public class RequestRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final String value;
  private final String expected;

  /**
   * @param field the field in error, such as {@code "terminalCode"}
   * @param value the value received
   * @param expected what was expected, such as {@code "a terminal of store S001"}
   */
  public RequestRejectedException(String field, String value, String expected) {
    super(field + ": " + value + " is not " + expected);
    this.field = Objects.requireNonNull(field, "field");
    this.value = Objects.requireNonNull(value, "value");
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
}
