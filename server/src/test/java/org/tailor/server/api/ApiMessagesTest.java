package org.tailor.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiMessagesTest {

  @ParameterizedTest
  @ValueSource(strings = {"es", "bg", "fa", "zh_TW"})
  void everyMessageIsTranslatedAndFormats(String language) throws Exception {
    Properties english = load("i18n/api.properties");
    Properties translated = load("i18n/api_" + language + ".properties");

    assertThat(translated.stringPropertyNames())
        .containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
    for (String key : translated.stringPropertyNames()) {
      String pattern = translated.getProperty(key);
      assertThatCode(() -> new MessageFormat(pattern, Locale.forLanguageTag(language)))
          .as(key)
          .doesNotThrowAnyException();
      assertThat(pattern).as(key).isNotEqualTo(english.getProperty(key));
    }
  }

  private static Properties load(String resource) throws Exception {
    Properties properties = new Properties();
    try (InputStream in = ApiMessagesTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return properties;
  }
}
