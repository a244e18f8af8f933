package org.tailor.server.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The example templates under config/templates and the checks every template goes through. */
class MessageTemplatesTest {

  private static final MessageTemplates EXAMPLES =
      MessageTemplates.load(Path.of("../config/templates"), "EUR", "en");

  private static TemplateInput input(String language, String zone, Optional<String> member) {
    return new TemplateInput(
        "L-1",
        Optional.of("Ana"),
        language,
        ZoneId.of(zone),
        List.of(
            new OfferWords(
                "bday-5",
                "A gift for you",
                "5 off your next basket",
                Optional.empty(),
                Optional.of(new BigDecimal("5.00")),
                Instant.parse("2026-03-31T21:59:59Z"))),
        Map.of("unsubscribe_url", "https://offers.example.org/unsubscribe?token=t"),
        member);
  }

  @Test
  void everyExampleIsWrittenInTheFiveShippedLanguages() {
    assertThat(EXAMPLES.names())
        .containsExactlyInAnyOrder("birthday", "lapsed", "first-purchase", "opt-in");
    for (String name : EXAMPLES.names()) {
      assertThat(EXAMPLES.languagesOf(name))
          .as(name)
          .containsExactlyInAnyOrder("en", "es", "bg", "fa", "zh-TW");
    }
  }

  @Test
  void aSpanishShopperGetsMoneyAndDatesTheSpanishWay() {
    RenderedMessage message =
        EXAMPLES.render("birthday", input("es", "Europe/Madrid", Optional.empty()));
    assertThat(message.language()).isEqualTo("es");
    assertThat(message.subject()).isEqualTo("¡Feliz cumpleaños!");
    assertThat(message.body())
        .contains("Hola, Ana:", "5,00\u00a0€", "31 de marzo de 2026")
        .contains("https://offers.example.org/unsubscribe?token=t");
  }

  @Test
  void aChildsBirthdayNamesTheChild() {
    RenderedMessage message =
        EXAMPLES.render("birthday", input("en", "Europe/London", Optional.of("Leo")));
    assertThat(message.subject()).isEqualTo("Happy birthday, Leo!");
    assertThat(message.body()).contains("Leo has a birthday soon", "€5.00", "March 31, 2026");
  }

  @Test
  void datesFollowTheShoppersZone() {
    // 21:59 UTC on 31 March is already 1 April in Taipei
    assertThat(EXAMPLES.render("birthday", input("zh-TW", "Asia/Taipei", Optional.empty())).body())
        .contains("2026年4月1日", "Ana 您好");
  }

  @Test
  void persianIsRenderedInPersianAndBulgarianInCyrillic() {
    RenderedMessage persian =
        EXAMPLES.render("lapsed", input("fa", "Asia/Tehran", Optional.empty()));
    assertThat(persian.language()).isEqualTo("fa");
    assertThat(persian.subject()).isEqualTo("دلمان برایتان تنگ شده، Ana");
    assertThat(EXAMPLES.render("lapsed", input("bg", "Europe/Sofia", Optional.empty())).body())
        .contains("Здравейте, Ana", "Валидно до 1 април 2026 г.\n");
  }

  @Test
  void aLanguageWithoutTemplateFallsBackThroughTheChain() {
    assertThat(
            EXAMPLES
                .render("lapsed", input("es-MX", "America/Mexico_City", Optional.empty()))
                .language())
        .isEqualTo("es");
    assertThat(EXAMPLES.render("lapsed", input("pt-BR", "UTC", Optional.empty())).language())
        .isEqualTo("en");
    MessageTemplates spanishChain =
        MessageTemplates.load(Path.of("../config/templates"), "EUR", "es");
    assertThat(spanishChain.render("lapsed", input("pt-BR", "UTC", Optional.empty())).language())
        .isEqualTo("es");
    assertThat(LanguageChain.of("zh-TW", "es")).containsExactly("zh-TW", "zh", "es", "en");
  }

  @Test
  void unknownVariablesAreNamedBeforeAnythingIsSent() {
    assertThatThrownBy(
            () ->
                MessageTemplates.of(
                    Map.of(
                        "promo",
                        Map.of(
                            "en",
                            "Hi {{ shopper.frist_name }}, {{ offer.headline }} for {{ price }}")),
                    Map.of(),
                    "EUR",
                    "en"))
        .isInstanceOfSatisfying(
            TemplateException.class,
            e -> {
              assertThat(e.template()).isEqualTo("promo/en.body.liquid");
              assertThat(e.unknownVariables()).contains("price");
              assertThat(e.getMessage()).contains("price");
            });
  }

  @Test
  void aSyntaxErrorNamesTheFile() {
    assertThatThrownBy(
            () ->
                MessageTemplates.of(
                    Map.of("promo", Map.of("es", "Hola {% if %}")), Map.of(), "EUR", "en"))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("promo/es.body.liquid");
  }

  @Test
  void aTemplateThatDoesNotExistIsAnError() {
    assertThatThrownBy(() -> EXAMPLES.render("nope", input("en", "UTC", Optional.empty())))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void threadsRenderingTheSameTemplateAtOnceEachGetTheirOwnShopper() throws Exception {
    int threads = 4;
    int each = 2_000;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<List<String>>> parts = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        parts.add(
            pool.submit(
                () -> {
                  List<String> wrong = new java.util.ArrayList<>();
                  for (int i = 0; i < each; i++) {
                    String name = "Shopper" + thread + "x" + i;
                    String link = "https://offers.example.org/unsubscribe?token=" + name;
                    RenderedMessage message =
                        EXAMPLES.render(
                            "birthday",
                            new TemplateInput(
                                "L-" + name,
                                Optional.of(name),
                                "en",
                                ZoneId.of("Europe/London"),
                                List.of(),
                                Map.of("unsubscribe_url", link),
                                Optional.empty()));
                    if (!message.body().contains(name + ",") || !message.body().contains(link)) {
                      wrong.add(name);
                    }
                  }
                  return wrong;
                }));
      }
      for (java.util.concurrent.Future<List<String>> part : parts) {
        assertThat(part.get()).isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
