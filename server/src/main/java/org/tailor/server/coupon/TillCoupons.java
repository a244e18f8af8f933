package org.tailor.server.coupon;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.tailor.plugin.Printout;
import org.tailor.plugin.ShopperProfile;
import org.tailor.plugin.host.ChosenOffer;
import org.tailor.plugin.host.Decision;
import org.tailor.plugin.host.DecisionRequest;
import org.tailor.plugin.host.OfferDecisions;
import org.tailor.plugin.host.RequestRejectedException;
import org.tailor.server.decision.DecisionCache;
import org.tailor.server.i18n.Message;
import org.tailor.server.outbox.Dispatcher;
import org.tailor.server.outbox.OutgoingMessage;
import org.tailor.server.validation.Check;
import org.tailor.server.validation.InvalidInputException;
import org.tailor.server.validation.NotFoundException;

/**
 * Receipt coupons: at checkout the till sends the shopper and the basket; the decision pipeline
 * chooses an offer for channel {@code receipt}; the coupon is written to the outbox, checked by the
 * permission gate and printed by the receipt channel plugin while the till waits, in one
 * transaction ({@link Dispatcher#enqueueAndPrint}).
 */
public final class TillCoupons {

  public static final String CHANNEL = "receipt";

  private final DecisionCache facts;
  private final OfferDecisions decisions;
  private final Dispatcher dispatcher;
  private final Clock clock;

  public TillCoupons(
      DecisionCache facts, OfferDecisions decisions, Dispatcher dispatcher, Clock clock) {
    this.facts = Objects.requireNonNull(facts, "facts");
    this.decisions = Objects.requireNonNull(decisions, "decisions");
    this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The coupon to print for this checkout, or empty when there is nothing to print (an anonymous
   * shopper, no offer, a holdout, no permission). Bad input is an {@link InvalidInputException}
   * naming the field.
   */
  public Optional<TillCoupon> atCheckout(String terminalCode, CouponRequest request) {
    return checkout(terminalCode, request).map(Printed::coupon);
  }

  /**
   * The coupon to print for this checkout as a PDF page 80 mm wide ({@link CouponPdf}), for
   * printers that take PDF; otherwise as {@link #atCheckout}.
   */
  public Optional<byte[]> pdfAtCheckout(String terminalCode, CouponRequest request) {
    return checkout(terminalCode, request)
        .map(
            printed ->
                CouponPdf.render(
                    printed.coupon().text().lines().findFirst().orElse("").strip(),
                    printed.offer().headline(),
                    printed.offer().body(),
                    printed.coupon().barcode()));
  }

  /** A coupon printed, with the offer it is for. */
  private record Printed(TillCoupon coupon, ChosenOffer offer) {}

  private Optional<Printed> checkout(String terminalCode, CouponRequest request) {
    Check.present("body", request);
    String identifier = Check.text("identifier", request.identifier(), 200);
    Check.text("receiptNumber", request.receiptNumber(), 64);
    validate(request.basket());
    // held in memory, as the decision's own look-up of the terminal is
    DecisionCache.TerminalRef terminal =
        facts
            .terminal(terminalCode)
            .orElseThrow(() -> new NotFoundException("kind.terminal", terminalCode));
    if (!terminal.kind().equals("till")) {
      throw new InvalidInputException(
          "terminal", terminalCode, Message.of("permission", "expected.till"));
    }
    String storeCode = terminal.storeCode();
    Instant now = clock.instant();
    Decision decision;
    try {
      decision =
          decisions.decide(
              new DecisionRequest(
                  Optional.of(identifier),
                  storeCode,
                  Optional.of(terminalCode),
                  CHANNEL,
                  now,
                  1,
                  Optional.empty()));
    } catch (RequestRejectedException e) {
      throw new InvalidInputException(
          e.field(), e.value(), Message.of("permission", "expected.known.terminal"));
    }
    if (decision.shopper().isEmpty() || decision.holdout() || decision.offers().isEmpty()) {
      return Optional.empty();
    }
    ChosenOffer offer = decision.offers().get(0);
    String messageId = "coupon-" + decision.presentationId();
    ShopperProfile shopper = decision.shopper().get();
    // the profile the decision was made with is the one printed: not read again
    Optional<Printout> printed =
        dispatcher.enqueueAndPrint(
            new OutgoingMessage(
                messageId,
                shopper.loyaltyId(),
                CHANNEL,
                "offers",
                terminalCode,
                offer.headline(),
                offer.body(),
                List.of(offer.offerCode()),
                "till:" + terminalCode + ":" + request.receiptNumber()),
            shopper);
    return printed.map(
        printout ->
            new Printed(
                new TillCoupon(
                    messageId,
                    printout.barcodeValue(),
                    printout.text(),
                    Base64.getEncoder().encodeToString(printout.escPos()),
                    offer.offerCode(),
                    decision.presentationId()),
                offer));
  }

  private static void validate(List<BasketLine> basket) {
    if (basket == null) {
      throw new InvalidInputException("basket", null, Message.of("permission", "expected.basket"));
    }
    for (int i = 0; i < basket.size(); i++) {
      BasketLine line = basket.get(i);
      String at = "basket[" + i + "]";
      if (line == null) {
        throw new InvalidInputException(at, null, Message.of("permission", "expected.basket"));
      }
      Check.text(at + ".sku", line.sku(), 64);
      if (line.quantity() == null || line.quantity() == 0) {
        throw new InvalidInputException(
            at + ".quantity", line.quantity(), Message.of("permission", "expected.quantity"));
      }
      if (line.amount() == null || line.amount().abs().compareTo(new BigDecimal("1000000")) >= 0) {
        throw new InvalidInputException(
            at + ".amount", line.amount(), Message.of("permission", "expected.amount"));
      }
    }
  }
}
