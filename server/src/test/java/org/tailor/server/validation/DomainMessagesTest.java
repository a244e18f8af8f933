package org.tailor.server.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DomainMessagesTest {

  @ParameterizedTest
  @ValueSource(strings = {"es", "bg", "fa", "zh_TW"})
  void translatesEveryKeyOfTheDomainBundle(String language) throws IOException {
    Properties english = load("i18n/domain.properties");
    Properties translated = load("i18n/domain_" + language + ".properties");

    assertThat(translated.stringPropertyNames())
        .containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
  }

  @Test
  void describesConflictInTheReadersLanguage() {
    ConflictException conflict = ConflictException.duplicate("kind.store", "sofia-01");

    assertThat(conflict.getMessage()).isEqualTo("A store with code \"sofia-01\" already exists.");
    assertThat(conflict.describe(Locale.forLanguageTag("bg")))
        .isEqualTo("Вече има запис (магазин) с код „sofia-01“.");
    assertThat(conflict.describe(Locale.forLanguageTag("zh-TW"))).isEqualTo("代碼為「sofia-01」的門市已存在。");
  }

  @Test
  void namesFieldValueAndExpectationOfBadInput() {
    InvalidInputException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            InvalidInputException.class,
            () -> Check.code("channel", "sms-and-a-very-long-name-indeed", 16));

    assertThat(e.field()).isEqualTo("channel");
    assertThat(e.getMessage())
        .isEqualTo(
            "channel: \"sms-and-a-very-long-name-indeed\" is not valid. Expected a code of 1 to 16"
                + " letters, digits, dots, dashes or underscores.");
    assertThat(Check.language("lang", "zh-tw")).isEqualTo("zh-TW");
    assertThat(Check.country("country", "bg")).isEqualTo("BG");
    assertThat(Check.timeZone("timeZone", "Asia/Tehran")).isEqualTo("Asia/Tehran");
  }

  private static Properties load(String resource) throws IOException {
    Properties properties = new Properties();
    try (InputStream in = DomainMessagesTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return properties;
  }
}
