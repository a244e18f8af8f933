package org.tailor.agent.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.agent.KioskAgent;
import org.tailor.agent.TestSettings;
import org.tailor.agent.i18n.Texts;

class AgentSettingsTest {

  @TempDir Path folder;

  @Test
  void readsTheShippedExampleFile() {
    AgentSettings settings = AgentSettings.load(Path.of("..", "config", "kiosk-agent.properties"));
    assertThat(settings.brokerUrl()).isEqualTo("tcp://127.0.0.1:1883");
    assertThat(settings.mode()).isEqualTo(Mode.KIOSK);
    assertThat(settings.password()).isEmpty();
    assertThat(settings.pagePort()).isEqualTo(8765);
    assertThat(settings.defaultLanguage()).isEqualTo("en");
  }

  @Test
  void takesATillInPersianWithCredentials() {
    Properties properties = TestSettings.properties("tcp://broker.example:1883", "S1", folder);
    properties.setProperty("mode", "till");
    properties.setProperty("language.default", "fa");
    properties.setProperty("terminal.password", "s3cret");
    AgentSettings settings = AgentSettings.from(properties);
    assertThat(settings.mode()).isEqualTo(Mode.TILL);
    assertThat(settings.defaultLanguage()).isEqualTo("fa");
    assertThat(settings.password()).contains("s3cret");
    assertThat(settings.tls()).isFalse();
  }

  @Test
  void namesEveryBadValueWithWhatWasExpected() {
    Properties properties = TestSettings.properties("http://broker.example", "S 1", folder);
    properties.setProperty("page.port", "eighty");
    properties.setProperty("mode", "kiosque");
    properties.setProperty("language.default", "de");
    properties.setProperty("display.max.offers", "11");
    properties.setProperty("page.prot", "8080");

    InvalidSettingsException problem =
        catchThrowableOfType(InvalidSettingsException.class, () -> AgentSettings.from(properties));

    assertThat(problem.problems()).hasSize(7);
    assertThat(problem.getMessage())
        .contains(
            "Setting \"broker.url\" = \"http://broker.example\" is invalid: expected a broker"
                + " address such as tcp://")
        .contains("Setting \"store.code\" = \"S 1\" is invalid: expected a code of 1 to 64")
        .contains(
            "Setting \"page.port\" = \"eighty\" is invalid: expected a whole number from 1"
                + " to 65535")
        .contains("Setting \"mode\" = \"kiosque\" is invalid: expected kiosk or till")
        .contains(
            "Setting \"language.default\" = \"de\" is invalid: expected one of en, es, bg,"
                + " fa, zh-TW")
        .contains(
            "Setting \"display.max.offers\" = \"11\" is invalid: expected a whole number"
                + " from 1 to 10")
        .contains("Setting \"page.prot\" = \"8080\" is invalid: expected one of the known keys");
  }

  @Test
  void namesMissingKeys() {
    assertThatThrownBy(() -> AgentSettings.from(new Properties()))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("Setting \"broker.url\" is missing: expected a broker address")
        .hasMessageContaining("Setting \"store.code\" is missing")
        .hasMessageContaining("Setting \"terminal.code\" is missing");
  }

  @Test
  void refusesATrustStoreForAPlainBrokerAndAMissingTrustStoreFile() {
    Properties plain = TestSettings.properties("tcp://broker.example:1883", "S1", folder);
    plain.setProperty("tls.truststore.path", "broker.p12");
    assertThatThrownBy(() -> AgentSettings.from(plain))
        .hasMessageContaining("\"tls.truststore.path\" = \"broker.p12\"")
        .hasMessageContaining("only with an ssl:// broker address");

    Properties tls = TestSettings.properties("ssl://broker.example:8883", "S1", folder);
    tls.setProperty("tls.truststore.path", folder.resolve("absent.p12").toString());
    tls.setProperty("tls.truststore.type", "PEM");
    assertThatThrownBy(() -> AgentSettings.from(tls))
        .hasMessageContaining("absent.p12\" is invalid: expected a readable file")
        .hasMessageContaining(
            "\"tls.truststore.type\" = \"PEM\" is invalid: expected PKCS12 or" + " JKS");
  }

  @Test
  void explainsProblemsInTheOperatorsLanguage() {
    Properties properties = TestSettings.properties("tcp://broker.example:1883", "S1", folder);
    properties.setProperty("mode", "caja");
    InvalidSettingsException problem =
        catchThrowableOfType(InvalidSettingsException.class, () -> AgentSettings.from(properties));
    assertThat(problem.describe(Texts.in("es")))
        .isEqualTo("El ajuste \"mode\" = \"caja\" no es válido: se esperaba kiosk o till.");
  }

  @Test
  void theAgentRefusesToStartWithBadSettingsAndSaysWhy() throws Exception {
    Properties properties = TestSettings.properties("tcp://broker.example:1883", "S1", folder);
    properties.setProperty("heartbeat.seconds", "0");
    Path file = TestSettings.write(properties, folder.resolve("kiosk-agent.properties"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit =
        KioskAgent.run(
            new String[] {"--config", file.toString()},
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(KioskAgent.BAD_SETTINGS);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("heartbeat.seconds\" = \"0\"")
        .contains("from 5 to 3600");
  }

  @Test
  void theAgentRefusesAMissingSettingsFile() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        KioskAgent.run(
            new String[] {"--config", folder.resolve("nowhere.properties").toString()},
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(exit).isEqualTo(KioskAgent.BAD_SETTINGS);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("\"--config\"")
        .contains("nowhere.properties")
        .contains("readable file");
  }
}
