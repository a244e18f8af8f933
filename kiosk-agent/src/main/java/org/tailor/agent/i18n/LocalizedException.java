package org.tailor.agent.i18n;

import java.util.List;

/**
 * Something a person at the terminal typed or scanned cannot be used; carries the reason as a text
 * key with its arguments so that it can be told in the shopper's or cashier's language.
 */
public class LocalizedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String reason;
  private final transient List<Object> arguments;

  /**
   * @param reason the text key explaining the problem, such as {@code input.unrecognized}
   * @param arguments the text's arguments
   */
  public LocalizedException(String reason, Object... arguments) {
    super(Texts.in("en").get(reason, arguments));
    this.reason = reason;
    this.arguments = List.of(arguments);
  }

  /** The text key explaining the problem. */
  public String reason() {
    return reason;
  }

  /** The text's arguments. */
  public List<Object> arguments() {
    return arguments;
  }

  /** The explanation in a reader's language. */
  public String describe(Texts texts) {
    return texts.get(reason, arguments.toArray());
  }
}
