package org.tailor.server.validation;

import java.util.Locale;
import org.tailor.server.i18n.Message;

/** Something asked for by its id does not exist (HTTP 404). */
public class NotFoundException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String kind;
  private final String id;

  /**
   * @param kind what was looked for, a key of bundle {@code errors} such as {@code "kind.shopper"}
   * @param id the id it was looked for by
   */
  public NotFoundException(String kind, String id) {
    super(Message.of("errors", "not.found", Message.of("errors", kind).english(), id).english());
    this.kind = kind;
    this.id = id;
  }

  public String kind() {
    return kind;
  }

  public String id() {
    return id;
  }

  public String describe(Locale locale) {
    return Message.of("errors", "not.found", Message.of("errors", kind).in(locale), id).in(locale);
  }
}
