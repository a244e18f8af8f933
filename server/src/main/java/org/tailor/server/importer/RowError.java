package org.tailor.server.importer;

import java.util.Locale;
import java.util.Objects;
import org.tailor.server.i18n.Message;

/**
 * One thing wrong with an imported file: where (file, line, column), what was found and why it was
 * refused — enough for a person to open the file and fix it. Renders as, for example, {@code
 * purchases.csv line 17, column unit_price: "12,5O" is not a number}.
 *
 * @param file the file's name as the user gave it
 * @param line the physical line (1-based) where the row starts; the header is line 1
 * @param column the source column's header; empty when the error concerns the whole row or file
 * @param value the value found, as written; empty when there was none
 * @param reason why it was refused, a message of bundle {@code importer}
 */
public record RowError(String file, long line, String column, String value, Message reason) {

  public RowError {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(reason, "reason");
    if (line < 1) {
      throw new IllegalArgumentException("line " + line + ": expected 1 or more");
    }
  }

  /** The whole sentence in a reader's language. */
  public String describe(Locale locale) {
    String why = reason.in(locale);
    if (column.isEmpty()) {
      return Message.of("importer", "error.line", file, line, why).in(locale);
    }
    return Message.of("importer", "error.cell", file, line, column, shorten(value), why).in(locale);
  }

  @Override
  public String toString() {
    return describe(Locale.ENGLISH);
  }

  private static String shorten(String value) {
    return value.length() <= 80 ? value : value.substring(0, 77) + "...";
  }
}
