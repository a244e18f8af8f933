package org.tailor.agent.identification;

import org.tailor.agent.i18n.LocalizedException;

/**
 * What a shopper scanned or typed is not a card number, a phone number or a QR code; says why in
 * the shopper's language.
 */
public class InvalidIdentifierException extends LocalizedException {

  private static final long serialVersionUID = 1L;

  /**
   * @param reason the text key explaining the problem, such as {@code input.unrecognized}
   * @param arguments the text's arguments
   */
  public InvalidIdentifierException(String reason, Object... arguments) {
    super(reason, arguments);
  }
}
