package org.tailor.terminal.protocol;

import java.util.List;

/**
 * Why the server could not act on a message.
 *
 * @param code a stable machine-readable code, one of {@link #CODES}
 * @param field the field in error, optional
 * @param value the value received, optional (shortened when long)
 * @param expected what was expected, optional
 * @param message a readable explanation in English
 */
public record ProtocolError(
    String code, String field, String value, String expected, String message) {

  /** The payload is not UTF-8 JSON of the documented shape. */
  public static final String MALFORMED_PAYLOAD = "malformed-payload";

  /** The payload is larger than the server reads. */
  public static final String PAYLOAD_TOO_LARGE = "payload-too-large";

  /** The topic is of another protocol version than the server speaks. */
  public static final String UNSUPPORTED_VERSION = "unsupported-version";

  /** A field has a value outside what is documented. */
  public static final String INVALID_FIELD = "invalid-field";

  /** The topic names a store the chain does not have. */
  public static final String UNKNOWN_STORE = "unknown-store";

  /** The topic names a terminal the store does not have. */
  public static final String UNKNOWN_TERMINAL = "unknown-terminal";

  /** The server failed on a good message; it was logged, try again later. */
  public static final String INTERNAL = "internal";

  /**
   * The server is overloaded and shed the request unread: ask again in a moment. Nothing is wrong
   * with the message, so {@code field}, {@code value} and {@code expected} are absent.
   */
  public static final String BUSY = "busy";

  /** Every code, as {@code docs/asyncapi.yaml} lists them. */
  public static final List<String> CODES =
      List.of(
          MALFORMED_PAYLOAD,
          PAYLOAD_TOO_LARGE,
          UNSUPPORTED_VERSION,
          INVALID_FIELD,
          UNKNOWN_STORE,
          UNKNOWN_TERMINAL,
          INTERNAL,
          BUSY);
}
