package org.tailor.agent.terminal;

import java.util.List;
import java.util.Objects;
import org.tailor.agent.i18n.Texts;
import org.tailor.terminal.protocol.OffersReply;
import org.tailor.terminal.protocol.ShopperIdentifier;

/** What came of a shopper identifying: offers to show, or a reason to show instead. */
public sealed interface IdentifyOutcome {

  /**
   * The reason of a {@link Refused} outcome when the server is too busy to answer now (its broker
   * refused the request at once, or the server answered it with the error code {@code busy}): the
   * shopper is asked to scan again in a moment.
   */
  String BUSY = "identify.busy";

  /**
   * The server answered with offers.
   *
   * @param identifier what the shopper identified with
   * @param reply the server's answer, without error
   */
  record Offers(ShopperIdentifier identifier, OffersReply reply) implements IdentifyOutcome {

    public Offers {
      Objects.requireNonNull(identifier, "identifier");
      Objects.requireNonNull(reply, "reply");
    }

    /** Whether an offer code is among those shown. */
    public boolean shows(String offerCode) {
      return reply.offers() != null
          && reply.offers().stream().anyMatch(offer -> offerCode.equals(offer.code()));
    }
  }

  /**
   * No offers: the input was invalid, the terminal is offline, the server is busy ({@link #BUSY}),
   * no answer came in time, or the server refused the request.
   *
   * @param reason the text key to show, such as {@code identify.noAnswer}
   * @param arguments its arguments
   */
  record Refused(String reason, List<Object> arguments) implements IdentifyOutcome {

    public Refused {
      Objects.requireNonNull(reason, "reason");
      arguments = List.copyOf(arguments);
    }

    /** The reason in a reader's language. */
    public String describe(Texts texts) {
      return texts.get(reason, arguments.toArray());
    }
  }
}
