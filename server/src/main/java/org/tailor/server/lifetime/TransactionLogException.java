package org.tailor.server.lifetime;

import java.util.Locale;
import java.util.Objects;
import org.tailor.server.importer.RowError;

/**
 * A transaction log that cannot be read: where (file, line, column), what, and what was expected.
 */
public final class TransactionLogException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient RowError error;

  public TransactionLogException(RowError error) {
    super(error.describe(Locale.ENGLISH));
    this.error = Objects.requireNonNull(error, "error");
  }

  public RowError error() {
    return error;
  }

  /** The whole sentence in a reader's language. */
  public String describe(Locale locale) {
    return error.describe(locale);
  }
}
