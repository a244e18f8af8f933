package org.tailor.terminal.protocol;

/**
 * Why the server could not act on a message.
 *
 * @param code a stable machine-readable code, such as {@code malformed-payload}, {@code
 *     unsupported-version}, {@code payload-too-large}, {@code invalid-field}, {@code
 *     unknown-store}, {@code unknown-terminal}, {@code internal}
 * @param field the field in error, optional
 * @param value the value received, optional (shortened when long)
 * @param expected what was expected, optional
 * @param message a readable explanation in English
 */
public record ProtocolError(
    String code, String field, String value, String expected, String message) {}
