package org.tailor.server.plugins;

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
import org.tailor.server.i18n.Message;

class PluginMessagesTest {

  @ParameterizedTest
  @ValueSource(strings = {"es", "bg", "fa", "zh_TW"})
  void everyMessageIsTranslatedAndFormats(String language) throws Exception {
    Properties english = load("i18n/plugins.properties");
    Properties translated = load("i18n/plugins_" + language + ".properties");

    assertThat(translated.stringPropertyNames())
        .containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
    for (String key : translated.stringPropertyNames()) {
      String pattern = translated.getProperty(key);
      assertThatCode(() -> new MessageFormat(pattern, Locale.forLanguageTag(language)))
          .as(key)
          .doesNotThrowAnyException();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "es", "bg", "fa", "zh-TW"})
  void theHealthDetailNamesTheWarmingUpPluginAndWhatItWaitsFor(String language) {
    Locale locale = Locale.forLanguageTag(language);
    String waiting = Message.of("plugins", "plugins.health.waiting", "history", "M").in(locale);
    String detail = Message.of("plugins", "plugins.health.warming", 8, waiting).in(locale);

    assertThat(waiting).contains("history").contains("M");
    assertThat(detail).contains(waiting).doesNotContain("{");
    assertThat(Message.of("plugins", "plugins.health", 8).in(locale)).doesNotContain("{");
  }

  private static Properties load(String resource) throws Exception {
    Properties properties = new Properties();
    try (InputStream in = PluginMessagesTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return properties;
  }
}
