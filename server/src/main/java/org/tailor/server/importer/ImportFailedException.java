package org.tailor.server.importer;

import java.util.Locale;
import org.tailor.server.i18n.Message;

/**
 * An import that failed while writing (a database error, an unreadable file, an interruption):
 * everything it had written was rolled back, and its {@code import_batch} row says {@code failed}.
 */
public class ImportFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String sourceName;

  public ImportFailedException(String sourceName, Throwable cause) {
    super(Message.of("importer", "failed", sourceName, String.valueOf(cause)).english(), cause);
    this.sourceName = sourceName;
  }

  public String sourceName() {
    return sourceName;
  }

  /** The sentence in a reader's language. */
  public String describe(Locale locale) {
    return Message.of("importer", "failed", sourceName, String.valueOf(getCause())).in(locale);
  }
}
