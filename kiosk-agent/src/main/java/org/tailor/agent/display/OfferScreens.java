package org.tailor.agent.display;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tailor.agent.i18n.Texts;
import org.tailor.agent.terminal.IdentifyOutcome;
import org.tailor.terminal.protocol.OfferView;
import org.tailor.terminal.protocol.OffersReply;
import org.tailor.terminal.protocol.ShopperGreeting;

/**
 * Renders the kiosk page's screens (Mustache, HTML-escaped): "scan your card", the shopper's offers
 * greeted by first name in their language (right to left for Persian), and a message when something
 * went wrong.
 */
public final class OfferScreens {

  private final Template page;
  private final ZoneId zone;

  /**
   * @param zone the store's time zone, for "valid until" dates
   */
  public OfferScreens(ZoneId zone) {
    this.zone = zone;
    try (InputStream in = OfferScreens.class.getResourceAsStream("page.mustache");
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      this.page =
          Mustache.compiler()
              .escapeHTML(true)
              .defaultValue("")
              .emptyStringIsFalse(true)
              .compile(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the kiosk page template", e);
    }
  }

  /** "Scan your card", with a message above the input when one is given. */
  public String start(Texts texts, int idleSeconds, Optional<String> message) {
    Map<String, Object> model = base(texts, "idle-screen", idleSeconds);
    model.put("greeting", texts.get("page.welcome"));
    model.put("subtitle", texts.get("page.prompt"));
    message.ifPresent(text -> model.put("message", text));
    return page.execute(model);
  }

  /** A problem with the shopper's entry or the connection, with the way to go on. */
  public String refused(Texts texts, int idleSeconds, IdentifyOutcome.Refused refused) {
    return start(texts, idleSeconds, Optional.of(refused.describe(texts)));
  }

  /** The shopper's offers. */
  public String offers(Texts texts, int idleSeconds, OffersReply reply) {
    Map<String, Object> model = base(texts, "offers-screen", idleSeconds);
    ShopperGreeting shopper = reply.shopper();
    if (shopper != null && shopper.rightToLeft()) {
      model.put("dir", "rtl");
    }
    model.put("greeting", greeting(texts, shopper));
    List<OfferView> offers = reply.offers() == null ? List.of() : reply.offers();
    if (offers.isEmpty()) {
      model.put("noOffers", texts.get("page.noOffers"));
    } else {
      model.put("subtitle", texts.get("page.offersForYou"));
      model.put("hasOffers", true);
      List<Map<String, Object>> cards = new ArrayList<>();
      for (OfferView offer : offers) {
        cards.add(card(texts, offer, reply.currency()));
      }
      model.put("offers", cards);
    }
    return page.execute(model);
  }

  /** "Hello, Ana!", or a welcome for a newcomer or a shopper without a first name. */
  public static String greeting(Texts texts, ShopperGreeting shopper) {
    if (shopper == null || !shopper.known()) {
      return texts.get("page.greeting.newcomer");
    }
    if (shopper.firstName() == null || shopper.firstName().isBlank()) {
      return texts.get("page.greeting.anonymous");
    }
    return texts.get("page.greeting.named", shopper.firstName().strip());
  }

  /**
   * "20% off" or "£5.00 off": the amount in the store's currency (ISO 4217, from the reply),
   * written as the reader's locale writes money (symbol, its place, digits and separators); empty
   * when the offer has neither.
   */
  public static Optional<String> discount(Texts texts, OfferView offer, String currency) {
    if (offer.discountPercent() != null && offer.discountPercent().signum() > 0) {
      return Optional.of(texts.get("offer.percent", offer.discountPercent().stripTrailingZeros()));
    }
    if (offer.discountAmount() != null && offer.discountAmount().signum() > 0) {
      return Optional.of(
          texts.get("offer.amount", money(texts.locale(), offer.discountAmount(), currency)));
    }
    return Optional.empty();
  }

  /**
   * An amount of money as {@code locale} writes it, in {@code currency} (ISO 4217). Without a
   * currency (a server older than the field), or with one this JVM does not know, the number alone
   * with two decimals, followed by the code when there is one.
   */
  public static String money(Locale locale, BigDecimal amount, String currency) {
    Optional<Currency> known = Optional.empty();
    if (currency != null && !currency.isBlank()) {
      try {
        known = Optional.of(Currency.getInstance(currency.strip()));
      } catch (IllegalArgumentException e) {
        // written as a plain number with the code below
      }
    }
    if (known.isPresent()) {
      NumberFormat format = NumberFormat.getCurrencyInstance(locale);
      format.setCurrency(known.get());
      int digits = Math.max(0, known.get().getDefaultFractionDigits());
      format.setMinimumFractionDigits(digits);
      format.setMaximumFractionDigits(digits);
      format.setRoundingMode(RoundingMode.HALF_UP);
      return format.format(amount);
    }
    NumberFormat number = NumberFormat.getNumberInstance(locale);
    number.setMinimumFractionDigits(2);
    number.setMaximumFractionDigits(2);
    number.setRoundingMode(RoundingMode.HALF_UP);
    String plain = number.format(amount);
    return currency == null || currency.isBlank() ? plain : plain + " " + currency.strip();
  }

  private Map<String, Object> card(Texts texts, OfferView offer, String currency) {
    Map<String, Object> card = new HashMap<>();
    card.put("code", offer.code());
    card.put("headline", offer.headline() == null ? offer.code() : offer.headline());
    if (offer.body() != null && !offer.body().isBlank()) {
      card.put("body", offer.body());
    }
    discount(texts, offer, currency).ifPresent(text -> card.put("discount", text));
    if (offer.validUntil() != null) {
      DateTimeFormatter date =
          DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
              .withLocale(texts.locale())
              .withZone(zone);
      card.put("validUntil", texts.get("offer.validUntil", date.format(offer.validUntil())));
    }
    return card;
  }

  private static Map<String, Object> base(Texts texts, String screen, int idleSeconds) {
    Map<String, Object> model = new HashMap<>();
    model.put("lang", texts.language());
    model.put("dir", texts.rightToLeft() ? "rtl" : "ltr");
    model.put("screen", screen);
    model.put("idleSeconds", idleSeconds);
    model.put("title", texts.get("page.title"));
    model.put("inputLabel", texts.get("page.inputLabel"));
    model.put("button", texts.get("page.button"));
    return model;
  }
}
