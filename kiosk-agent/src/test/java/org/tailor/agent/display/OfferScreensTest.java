package org.tailor.agent.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.tailor.agent.i18n.Texts;
import org.tailor.terminal.protocol.OfferView;
import org.tailor.terminal.protocol.OffersReply;
import org.tailor.terminal.protocol.ShopperGreeting;

class OfferScreensTest {

  private final OfferScreens screens = new OfferScreens(ZoneOffset.UTC);

  @Test
  void escapesWhatTheServerSends() {
    OffersReply reply =
        reply(
            new ShopperGreeting(true, "<b>Eve</b>", "en", false),
            new OfferView("X1", 1, "<script>alert(1)</script>", "a & b", null, null, null));

    String html = screens.offers(Texts.in("en"), 30, reply);

    assertThat(html).doesNotContain("<script>alert").doesNotContain("<b>Eve");
    Document document = Jsoup.parse(html);
    assertThat(document.selectFirst("h1").text()).isEqualTo("Hello, <b>Eve</b>!");
    assertThat(document.selectFirst("article.offer h2").text())
        .isEqualTo("<script>alert(1)</script>");
  }

  @Test
  void greetsANewcomerAndSaysWhenThereAreNoOffers() {
    OffersReply reply =
        new OffersReply(
            "r",
            "p",
            new ShopperGreeting(false, null, "bg", false),
            false,
            List.of(),
            "EUR",
            null,
            Instant.now());

    Document document = Jsoup.parse(screens.offers(Texts.in("bg"), 30, reply));

    assertThat(document.selectFirst("h1").text())
        .isEqualTo("Добре дошли! Ето нещо за първото ви посещение.");
    assertThat(document.selectFirst("#no-offers").text()).startsWith("В момента няма оферти.");
    assertThat(document.select("article.offer")).isEmpty();
  }

  @Test
  void showsDiscountsAndDatesInTheReadersFormat() {
    OfferView amount =
        new OfferView(
            "TEA-2",
            1,
            "Té para dos",
            null,
            null,
            new BigDecimal("2.5"),
            Instant.parse("2030-05-31T12:00:00Z"));

    Document document =
        Jsoup.parse(
            screens.offers(
                Texts.in("es"), 30, reply(new ShopperGreeting(true, "Ana", "es", false), amount)));

    // (jsoup's text() turns the no-break space before the € into a plain one)
    assertThat(document.selectFirst(".discount").text()).isEqualTo("2,50 € de descuento");
    assertThat(document.selectFirst(".valid").text()).startsWith("Válida hasta el 31");
    assertThat(document.selectFirst("html").attr("dir")).isEqualTo("ltr");
  }

  @Test
  void writesAnAmountInTheStoresCurrencyAsTheShoppersLocaleWritesMoney() {
    OfferView tea = new OfferView("TEA-3", 1, "Tea", null, null, new BigDecimal("3"), null);
    OffersReply pounds =
        new OffersReply(
            "r",
            "p",
            new ShopperGreeting(true, "Emma", "en", false),
            false,
            List.of(tea),
            "GBP",
            null,
            Instant.now());
    OffersReply persian =
        new OffersReply(
            "r",
            "p",
            new ShopperGreeting(true, "سارا", "fa", true),
            false,
            List.of(tea),
            "GBP",
            null,
            Instant.now());

    assertThat(
            Jsoup.parse(screens.offers(Texts.in("en"), 30, pounds)).selectFirst(".discount").text())
        .isEqualTo("£3.00 off");
    // Persian: Eastern Arabic-Indic digits and the Persian decimal separator, symbol first.
    assertThat(
            Jsoup.parse(screens.offers(Texts.in("fa"), 30, persian))
                .selectFirst(".discount")
                .text())
        .isEqualTo("\u200e£۳٫۰۰ تخفیف");
    assertThat(OfferScreens.discount(Texts.in("zh-TW"), tea, "TWD")).contains("折抵 $3.00");
    assertThat(OfferScreens.discount(Texts.in("bg"), tea, "EUR")).contains("3,00\u00a0€ отстъпка");
    assertThat(OfferScreens.money(Locale.forLanguageTag("en"), new BigDecimal("1234.5"), "JPY"))
        .isEqualTo("¥1,235");
  }

  @Test
  void writesThePlainNumberWhenTheServerSendsNoCurrencyOrAnUnknownOne() {
    assertThat(OfferScreens.money(Locale.forLanguageTag("en"), new BigDecimal("3"), null))
        .isEqualTo("3.00");
    assertThat(OfferScreens.money(Locale.forLanguageTag("es"), new BigDecimal("3"), "XYZ1"))
        .isEqualTo("3,00 XYZ1");
  }

  private static OffersReply reply(ShopperGreeting shopper, OfferView offer) {
    return new OffersReply("r", "p", shopper, false, List.of(offer), "EUR", null, Instant.now());
  }
}
