package org.tailor.server.api;

/**
 * A JSON body of the right shape that JSON-B still could not turn into the resource's type, for
 * example because a record's constructor refused it with an unchecked exception. Mapped to 400
 * (unlike a JSON-B failure while writing a response, which is the server's fault).
 */
final class UnbindableBodyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  UnbindableBodyException(Throwable cause) {
    super(innermostMessage(cause), cause);
  }

  private static String innermostMessage(Throwable cause) {
    Throwable innermost = cause;
    while (innermost.getCause() != null && innermost.getCause() != innermost) {
      innermost = innermost.getCause();
    }
    String message = innermost.getMessage();
    return message == null ? innermost.getClass().getSimpleName() : message;
  }
}
