package org.tailor.server.api;

import java.io.IOException;

/**
 * A request body grew past its limit: thrown by the body stream as it is read (so bodies sent
 * without {@code Content-Length} are limited too), or up front from {@code Content-Length}. An
 * {@link IOException} so that code reading the stream passes it on; mapped to 413 wherever it ends
 * up in a cause chain.
 */
final class BodyTooLargeException extends IOException {

  private static final long serialVersionUID = 1L;

  private final long limitBytes;

  BodyTooLargeException(long limitBytes) {
    super("request body larger than " + limitBytes + " bytes");
    this.limitBytes = limitBytes;
  }

  long limitBytes() {
    return limitBytes;
  }
}
