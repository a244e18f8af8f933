package org.tailor.server.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tailor.plugin.host.HostConfiguration;
import org.tailor.server.config.TailorSettings;

class SettingsHostConfigurationTest {

  private final HostConfiguration configuration =
      new SettingsHostConfiguration(
          TailorSettings.of(
              Map.of(
                  "tailor.currency", "EUR",
                  "tailor.language.default", "es",
                  "tailor.http.port", "8080",
                  "tailor.db.password", "s3cret",
                  "tailor.api.keys", "k1,k2",
                  "tailor.mqtt.client.secret", "x",
                  "tailor.sms.token", "t")));

  @Test
  void showsTheChainsCurrencyAndLanguage() {
    assertThat(configuration.currency()).isEqualTo("EUR");
    assertThat(configuration.defaultLanguage()).isEqualTo("es");
  }

  @Test
  void showsOrdinarySettingsAndNothingForUnknownKeys() {
    assertThat(configuration.setting("tailor.http.port")).contains("8080");
    assertThat(configuration.setting("tailor.no.such.key")).isEmpty();
  }

  @Test
  void hidesSecretsFromPlugins() {
    assertThat(configuration.setting("tailor.db.password")).isEmpty();
    assertThat(configuration.setting("tailor.api.keys")).isEmpty();
    assertThat(configuration.setting("tailor.mqtt.client.secret")).isEmpty();
    assertThat(configuration.setting("tailor.sms.token")).isEmpty();
    assertThat(configuration.setting("TAILOR.DB.PASSWORD")).isEmpty();
  }

  @Test
  void defaultsToPoundsAndEnglishWhenNotSet() {
    HostConfiguration defaults = new SettingsHostConfiguration(TailorSettings.of(Map.of()));
    assertThat(defaults.currency()).isEqualTo("GBP");
    assertThat(defaults.defaultLanguage()).isEqualTo("en");
  }
}
