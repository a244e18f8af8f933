package org.tailor.agent.display;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import org.tailor.agent.i18n.LocalizedException;
import org.tailor.agent.i18n.Texts;
import org.tailor.agent.terminal.IdentifyOutcome;
import org.tailor.agent.terminal.RedemptionEntry;
import org.tailor.agent.terminal.Terminal;
import org.tailor.terminal.protocol.OfferView;
import org.tailor.terminal.protocol.RedemptionMessage;

/**
 * The till's text mode: the cashier scans or types the shopper's card, phone number or QR code,
 * sees the offers, and records a redemption with {@code redeem <offerCode> <basketAmount>}. Texts
 * are in the till's language (the remote configuration's, else the settings file's).
 *
 * <p>Commands: a bare entry identifies a shopper; {@code redeem CODE AMOUNT}; {@code next} forgets
 * the current shopper; {@code status}; {@code help}; {@code quit}.
 */
public final class TillConsole {

  private final Terminal terminal;
  private final BufferedReader in;
  private final PrintStream out;
  private Optional<IdentifyOutcome.Offers> current = Optional.empty();

  public TillConsole(Terminal terminal, BufferedReader in, PrintStream out) {
    this.terminal = terminal;
    this.in = in;
    this.out = out;
  }

  /** Reads commands until {@code quit} or the end of input. */
  public void run() throws IOException {
    out.println(texts().get("till.ready"));
    prompt();
    String line;
    while ((line = in.readLine()) != null) {
      if (!handle(line.strip())) {
        return;
      }
      prompt();
    }
  }

  /**
   * Handles one line.
   *
   * @return false when the cashier quit
   */
  boolean handle(String line) {
    Texts texts = texts();
    List<String> words = List.of(line.split("\\s+"));
    String command = words.get(0);
    switch (command) {
      case "" -> {}
      case "quit", "exit" -> {
        return false;
      }
      case "help" -> out.println(texts.get("till.help"));
      case "next" -> {
        current = Optional.empty();
        out.println(texts.get("till.next"));
      }
      case "status" ->
          out.println(
              texts.get(
                  terminal.connected() ? "till.status.online" : "till.status.offline",
                  terminal.queuedMessages(),
                  terminal.config().revision()));
      case "redeem" -> redeem(texts, words);
      default -> identify(texts, line);
    }
    return true;
  }

  private void identify(Texts texts, String entry) {
    IdentifyOutcome outcome = terminal.identify(entry);
    if (outcome instanceof IdentifyOutcome.Refused refused) {
      out.println(refused.describe(texts));
      return;
    }
    IdentifyOutcome.Offers offers = (IdentifyOutcome.Offers) outcome;
    current = Optional.of(offers);
    out.println(OfferScreens.greeting(texts, offers.reply().shopper()));
    List<OfferView> views = offers.reply().offers() == null ? List.of() : offers.reply().offers();
    if (views.isEmpty()) {
      out.println(texts.get("page.noOffers"));
    }
    for (OfferView offer : views) {
      out.println(
          texts.get(
              "till.offer",
              offer.rank(),
              offer.code(),
              offer.headline() == null ? "" : offer.headline(),
              OfferScreens.discount(texts, offer, offers.reply().currency()).orElse("")));
    }
    if (!views.isEmpty()) {
      out.println(texts.get("till.redeemHint"));
    }
    terminal.presentationShown(offers.reply());
  }

  private void redeem(Texts texts, List<String> words) {
    if (words.size() != 3) {
      out.println(texts.get("till.redeemUsage"));
      return;
    }
    try {
      RedemptionEntry entry = RedemptionEntry.parse(words.get(1), words.get(2));
      RedemptionMessage redemption = terminal.redeem(entry, current);
      out.println(
          texts.get(
              "till.redeemed",
              redemption.offerCode(),
              redemption.basketAmount().toPlainString(),
              redemption.messageId(),
              terminal.queuedMessages()));
    } catch (LocalizedException e) {
      out.println(e.describe(texts));
    }
  }

  private void prompt() {
    out.print("> ");
    out.flush();
  }

  private Texts texts() {
    return Texts.closestTo(terminal.config().language(), terminal.settings().defaultLanguage());
  }
}
