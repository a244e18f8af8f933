package org.tailor.server.api;

import java.util.Optional;

/** A request body that is not JSON, with where the parser gave up. Mapped to 400. */
final class MalformedJsonException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final long line;
  private final long column;
  private final String field;

  MalformedJsonException(long line, long column, String field, Throwable cause) {
    super(
        "malformed JSON at line " + line + ", column " + column + " near field '" + field + "'",
        cause);
    this.line = line;
    this.column = column;
    this.field = field;
  }

  /** 1-based line of the error, when the parser told it. */
  Optional<Long> line() {
    return line > 0 ? Optional.of(line) : Optional.empty();
  }

  Optional<Long> column() {
    return column > 0 ? Optional.of(column) : Optional.empty();
  }

  /** The field being read when the error came, such as {@code lines[2].quantity}. */
  Optional<String> field() {
    return field.isEmpty() ? Optional.empty() : Optional.of(field);
  }
}
