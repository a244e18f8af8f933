package org.tailor.agent.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TextsTest {

  private static final String FOLDER = "/org/tailor/agent/i18n/";

  @Test
  void everyLanguageHasEveryTextAndEachIsAValidPattern() throws IOException {
    Properties english = bundle("texts.properties");
    for (String suffix : new String[] {"_es", "_bg", "_fa", "_zh_TW"}) {
      Properties translated = bundle("texts" + suffix + ".properties");
      assertThat(translated.stringPropertyNames())
          .as("keys of texts%s", suffix)
          .isEqualTo(english.stringPropertyNames());
      for (String key : translated.stringPropertyNames()) {
        new MessageFormat(translated.getProperty(key), Locale.ROOT); // throws when malformed
      }
    }
  }

  @Test
  void picksTheClosestSupportedLanguage() {
    assertThat(Texts.supported("es-MX")).contains("es");
    assertThat(Texts.supported("zh-Hant-TW")).contains("zh-TW");
    assertThat(Texts.supported("zh_TW")).contains("zh-TW");
    assertThat(Texts.supported("FA")).contains("fa");
    assertThat(Texts.supported("de")).isEmpty();
    assertThat(Texts.closestTo(null, "bg").language()).isEqualTo("bg");
  }

  @Test
  void persianIsWrittenRightToLeftAndTheOthersLeftToRight() {
    assertThat(Texts.in("fa").rightToLeft()).isTrue();
    assertThat(Texts.in("zh-TW").rightToLeft()).isFalse();
    assertThat(Texts.in("fa").get("page.greeting.named", "سارا")).isEqualTo("سلام سارا!");
    assertThat(Texts.in("zh-TW").get("page.greeting.named", "美玲")).isEqualTo("美玲，您好！");
  }

  @Test
  void aQuoteInATextSurvivesFormatting() {
    assertThat(Texts.in("en").get("till.ready")).contains("shopper's card");
  }

  private static Properties bundle(String name) throws IOException {
    Properties properties = new Properties();
    try (InputStream in = TextsTest.class.getResourceAsStream(FOLDER + name)) {
      assertThat(in).as(name).isNotNull();
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return properties;
  }
}
