package org.tailor.channel.kiosk;

import org.tailor.terminal.protocol.ProtocolError;

/** Building {@link ProtocolError}s whose message says field, value and expectation in English. */
final class Errors {

  static final String MALFORMED = "malformed-payload";
  static final String TOO_LARGE = "payload-too-large";
  static final String UNSUPPORTED_VERSION = "unsupported-version";
  static final String INVALID_FIELD = "invalid-field";
  static final String UNKNOWN_STORE = "unknown-store";
  static final String UNKNOWN_TERMINAL = "unknown-terminal";
  static final String REJECTED = "rejected";
  static final String INTERNAL = "internal";

  private static final int MAX_VALUE = 80;

  private Errors() {}

  static ProtocolError of(String code, String field, String value, String expectation) {
    String shown = shorten(value);
    String expected = plain(expectation);
    String message =
        value == null
            ? field + ": missing; expected " + expected
            : field + ": \"" + shown + "\" is not valid; expected " + expected;
    return new ProtocolError(code, field, shown, expected, message);
  }

  static ProtocolError internal(String requestId) {
    return new ProtocolError(
        INTERNAL,
        null,
        null,
        null,
        "the server could not handle message " + requestId + "; it was logged, try again later");
  }

  /** "Expected a code." (a sentence, as the host may word it) becomes "a code". */
  static String plain(String expectation) {
    String text = expectation.strip();
    if (text.regionMatches(true, 0, "expected ", 0, 9)) {
      text = text.substring(9);
    }
    return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
  }

  static String shorten(String value) {
    if (value == null || value.length() <= MAX_VALUE) {
      return value;
    }
    return value.substring(0, MAX_VALUE - 3) + "...";
  }
}
