package org.tailor.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class RequestLanguageTest {

  @Test
  void picksTheFirstShippedLanguageByWeight() {
    assertThat(RequestLanguage.choose("de;q=1.0, bg;q=0.8, en;q=0.5").toLanguageTag())
        .isEqualTo("bg");
  }

  @Test
  void matchesARegionalVariantToItsLanguage() {
    assertThat(RequestLanguage.choose("es-MX").toLanguageTag()).isEqualTo("es");
    assertThat(RequestLanguage.choose("fa-IR").toLanguageTag()).isEqualTo("fa");
  }

  @Test
  void givesTraditionalChineseForAnyChinese() {
    assertThat(RequestLanguage.choose("zh-TW").toLanguageTag()).isEqualTo("zh-TW");
    assertThat(RequestLanguage.choose("zh").toLanguageTag()).isEqualTo("zh-TW");
    assertThat(RequestLanguage.choose("zh-Hant-HK").toLanguageTag()).isEqualTo("zh-TW");
  }

  @Test
  void fallsBackToEnglish() {
    assertThat(RequestLanguage.choose(null)).isEqualTo(Locale.ENGLISH);
    assertThat(RequestLanguage.choose("de, fr")).isEqualTo(Locale.ENGLISH);
    assertThat(RequestLanguage.choose(";;;not a header")).isEqualTo(Locale.ENGLISH);
    assertThat(RequestLanguage.choose("*")).isEqualTo(Locale.ENGLISH);
  }
}
