package org.tailor.agent.terminal;

import org.tailor.agent.i18n.LocalizedException;

/** A redemption the cashier entered has a bad offer code or basket amount. */
public class InvalidRedemptionException extends LocalizedException {

  private static final long serialVersionUID = 1L;

  /**
   * @param reason the text key explaining the problem, such as {@code redeem.amount}
   * @param arguments the text's arguments
   */
  public InvalidRedemptionException(String reason, Object... arguments) {
    super(reason, arguments);
  }
}
