package org.tailor.server.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tailor.server.i18n.Message;

/** The importer's bundle is complete and well-formed in every shipped language. */
class ImporterMessagesTest {

  static Properties bundle(String suffix) throws IOException {
    Properties properties = new Properties();
    try (InputStream in =
        ImporterMessagesTest.class.getResourceAsStream("/i18n/importer" + suffix + ".properties")) {
      assertThat(in).as("bundle importer%s", suffix).isNotNull();
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return properties;
  }

  @ParameterizedTest
  @ValueSource(strings = {"_es", "_bg", "_fa", "_zh_TW"})
  void everyTranslationHasExactlyTheEnglishKeysAndTranslatesThem(String suffix) throws IOException {
    Properties english = bundle("");
    Properties translated = bundle(suffix);

    assertThat(translated.stringPropertyNames())
        .containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
    long same =
        english.stringPropertyNames().stream()
            .filter(key -> english.getProperty(key).equals(translated.getProperty(key)))
            .count();
    assertThat(same).as("keys left in English").isLessThanOrEqualTo(2);
    for (String key : translated.stringPropertyNames()) {
      String pattern = translated.getProperty(key);
      assertThat(new MessageFormat(pattern).getFormats().length)
          .as("arguments of %s", key)
          .isEqualTo(new MessageFormat(english.getProperty(key)).getFormats().length);
      assertThat(pattern).as(key).doesNotContain("'");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "es", "bg", "fa", "zh-TW"})
  void aRowErrorReadsInEveryShippedLanguage(String tag) {
    RowError error =
        new RowError(
            "purchases.csv",
            17,
            "unit_price",
            "12,5O",
            Message.of("importer", "value.number", "."));

    Locale locale = Locale.forLanguageTag(tag);
    String sentence = error.describe(locale);

    // Persian writes the line number in its own digits (۱۷); the file's values stay as written.
    String line = new MessageFormat("{0,number,#}", locale).format(new Object[] {17});
    assertThat(sentence).contains("purchases.csv", line, "unit_price", "12,5O");
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "es", "bg", "fa", "zh-TW"})
  void lineNumbersAreWrittenWithoutGrouping(String tag) {
    RowError error =
        new RowError("big.csv", 1_234_567, "", "", Message.of("importer", "file.empty"));

    assertThat(error.describe(Locale.forLanguageTag(tag)))
        .doesNotContain("1,234", "1.234", "1 234");
  }
}
