package org.tailor.server.generator;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.tailor.server.i18n.Message;
import org.tailor.server.validation.InvalidInputException;

/**
 * What chain to generate: how many shoppers and stores, the seed, the purchase window and the
 * models behind the data. Everything in the output follows from these values; the same values give
 * the same bytes.
 *
 * @param shoppers loyalty-card holders, 1 to {@value #MAX_SHOPPERS}
 * @param stores stores, 1 to {@value #MAX_STORES}
 * @param seed the seed every random stream derives from
 * @param from the first day of the purchase window
 * @param to the last day of the purchase window (inclusive), on or after {@code from}
 * @param purchasing the BG/NBD purchase process, time in weeks
 * @param spend the Gamma-Gamma spend per transaction, in the chain's currency
 * @param preferences how category preferences vary across shoppers
 * @param response the ground-truth offer-response model
 * @param returnShare the share of receipts followed by a return of one of their lines, 0 to 0.5
 */
public record ChainParameters(
    int shoppers,
    int stores,
    long seed,
    LocalDate from,
    LocalDate to,
    BgNbdParameters purchasing,
    GammaGammaParameters spend,
    PreferenceParameters preferences,
    ResponseParameters response,
    double returnShare) {

  /** Loyalty ids, receipt numbers and phone numbers have room for this many shoppers. */
  public static final int MAX_SHOPPERS = 100_000_000;

  public static final int MAX_STORES = 9_999;

  /** Ten years. */
  public static final int MAX_WINDOW_DAYS = 3_653;

  /** The default window is the year 2024, fixed so that a seed always gives the same data. */
  public static final LocalDate DEFAULT_FROM = LocalDate.of(2024, 1, 1);

  public static final LocalDate DEFAULT_TO = LocalDate.of(2024, 12, 31);

  /** Two receipts in a hundred see a line returned. */
  public static final double DEFAULT_RETURN_SHARE = 0.02;

  public ChainParameters {
    ParameterRange.within("shoppers", shoppers, 1, MAX_SHOPPERS);
    ParameterRange.within("stores", stores, 1, MAX_STORES);
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(purchasing, "purchasing");
    Objects.requireNonNull(spend, "spend");
    Objects.requireNonNull(preferences, "preferences");
    Objects.requireNonNull(response, "response");
    if (to.isBefore(from)) {
      throw new InvalidInputException(
          "to", to, Message.of("generator", "expected.not.before", from.toString()));
    }
    long days = ChronoUnit.DAYS.between(from, to) + 1;
    if (days > MAX_WINDOW_DAYS) {
      throw new InvalidInputException(
          "to", to, Message.of("generator", "expected.window.at.most", MAX_WINDOW_DAYS));
    }
    ParameterRange.within("returnShare", returnShare, 0.0, 0.5);
  }

  /**
   * A chain over the default window (2024) with the CDNOW estimates of the BG/NBD model ({@link
   * BgNbdParameters#CDNOW}) and {@link GammaGammaParameters#DEFAULT} spend: about 1.9 receipts of
   * about 20 and ten purchase lines per shopper in a year.
   */
  public static ChainParameters of(int shoppers, int stores, long seed) {
    return new ChainParameters(
        shoppers,
        stores,
        seed,
        DEFAULT_FROM,
        DEFAULT_TO,
        BgNbdParameters.CDNOW,
        GammaGammaParameters.DEFAULT,
        PreferenceParameters.DEFAULT,
        ResponseParameters.DEFAULT,
        DEFAULT_RETURN_SHARE);
  }

  /** The same chain over another purchase window. */
  public ChainParameters withWindow(LocalDate newFrom, LocalDate newTo) {
    return new ChainParameters(
        shoppers,
        stores,
        seed,
        newFrom,
        newTo,
        purchasing,
        spend,
        preferences,
        response,
        returnShare);
  }

  /** Days in the window, both ends included. */
  public int windowDays() {
    return (int) (ChronoUnit.DAYS.between(from, to) + 1);
  }

  /** The window's length in weeks, the BG/NBD time unit. */
  public double windowWeeks() {
    return windowDays() / 7.0;
  }
}
