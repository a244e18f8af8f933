package org.tailor.channel.kiosk;

import org.tailor.terminal.protocol.ProtocolError;

/** A payload the channel cannot act on, with the error to send back. */
final class PayloadException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient ProtocolError error;

  PayloadException(ProtocolError error) {
    super(error.message());
    this.error = error;
  }

  ProtocolError error() {
    return error;
  }

  static PayloadException of(String code, String field, String value, String expected) {
    return new PayloadException(Errors.of(code, field, value, expected));
  }
}
