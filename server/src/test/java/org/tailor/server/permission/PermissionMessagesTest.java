package org.tailor.server.permission;

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
import org.tailor.server.i18n.Message;

class PermissionMessagesTest {

  @ParameterizedTest
  @ValueSource(strings = {"es", "bg", "fa", "zh_TW"})
  void translatesEveryKeyOfThePermissionBundle(String language) throws IOException {
    Properties english = load("i18n/permission.properties");
    Properties translated = load("i18n/permission_" + language + ".properties");

    assertThat(translated.stringPropertyNames())
        .containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
  }

  @Test
  void aBadLinkIsExplainedInTheReadersLanguage() {
    InvalidLinkException e = new InvalidLinkException("abc", InvalidLinkException.Problem.EXPIRED);
    assertThat(e.field()).isEqualTo("token");
    assertThat(e.describe(Locale.forLanguageTag("es"))).contains("abc", "no haya caducado");
    assertThat(
            Message.of("permission", "unsubscribe.question", "sms").in(Locale.forLanguageTag("fa")))
        .contains("sms", "پیام‌ها");
  }

  private static Properties load(String resource) throws IOException {
    Properties properties = new Properties();
    try (InputStream in =
        PermissionMessagesTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return properties;
  }
}
