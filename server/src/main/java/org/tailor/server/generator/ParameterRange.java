package org.tailor.server.generator;

import org.tailor.server.i18n.Message;
import org.tailor.server.validation.InvalidInputException;

/** Range checks shared by the generator's parameter records; bad values name the parameter. */
final class ParameterRange {

  private ParameterRange() {}

  static double positive(String field, double value) {
    return greaterThan(field, value, 0);
  }

  static double greaterThan(String field, double value, int bound) {
    if (!(value > bound) || Double.isInfinite(value)) {
      throw new InvalidInputException(
          field, value, Message.of("generator", "expected.greater.than", bound));
    }
    return value;
  }

  static double finite(String field, double value) {
    if (!Double.isFinite(value)) {
      throw new InvalidInputException(field, value, Message.of("generator", "expected.finite"));
    }
    return value;
  }

  static double within(String field, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new InvalidInputException(
          field, value, Message.of("errors", "expected.decimal.range", min, max));
    }
    return value;
  }

  static long within(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new InvalidInputException(
          field, value, Message.of("errors", "expected.integer.range", min, max));
    }
    return value;
  }
}
