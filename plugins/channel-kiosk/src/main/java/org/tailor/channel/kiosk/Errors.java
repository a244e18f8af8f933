package org.tailor.channel.kiosk;

import org.tailor.terminal.protocol.ProtocolError;

/** Building {@link ProtocolError}s whose message says field, value and expectation in English. */
final class Errors {

  static final String MALFORMED = ProtocolError.MALFORMED_PAYLOAD;
  static final String TOO_LARGE = ProtocolError.PAYLOAD_TOO_LARGE;
  static final String UNSUPPORTED_VERSION = ProtocolError.UNSUPPORTED_VERSION;
  static final String INVALID_FIELD = ProtocolError.INVALID_FIELD;
  static final String UNKNOWN_STORE = ProtocolError.UNKNOWN_STORE;
  static final String UNKNOWN_TERMINAL = ProtocolError.UNKNOWN_TERMINAL;
  static final String REJECTED = "rejected";
  static final String INTERNAL = ProtocolError.INTERNAL;

  private static final int MAX_VALUE = 80;
  private static final ProtocolError BUSY =
      new ProtocolError(
          ProtocolError.BUSY,
          null,
          null,
          null,
          "the server is busy and did not read the request; ask again in a moment");

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

  /** The answer to a request the server shed unread because it is overloaded. */
  static ProtocolError busy() {
    return BUSY;
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
