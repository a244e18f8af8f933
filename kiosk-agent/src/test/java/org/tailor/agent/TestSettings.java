package org.tailor.agent;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import org.tailor.agent.settings.AgentSettings;

/** Settings for a test terminal with codes of its own, so tests sharing a broker never meet. */
public final class TestSettings {

  private TestSettings() {}

  /** A fresh store code, unique per call. */
  public static String uniqueStore() {
    return "T" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Properties for a terminal in {@code store} reaching the broker at {@code brokerUrl}. */
  public static Properties properties(String brokerUrl, String store, Path dataDir) {
    Properties properties = new Properties();
    properties.setProperty(AgentSettings.BROKER_URL, brokerUrl);
    properties.setProperty(AgentSettings.STORE_CODE, store);
    properties.setProperty(AgentSettings.TERMINAL_CODE, "K01");
    properties.setProperty(AgentSettings.DATA_DIR, dataDir.toString());
    properties.setProperty(AgentSettings.IDENTIFY_TIMEOUT, "3");
    return properties;
  }

  /** Writes properties to a file, as an operator would. */
  public static Path write(Properties properties, Path file) throws IOException {
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      properties.store(writer, "test terminal");
    }
    return file;
  }
}
