package org.tailor.agent.settings;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.tailor.agent.i18n.Texts;

/**
 * The agent's settings from {@code config/kiosk-agent.properties}. Every value is checked when the
 * file is read, and all bad values are reported together, each with its key, the value found and
 * what was expected, so that a terminal never starts half-configured.
 *
 * @param brokerUrl {@code tcp://host:port} or, with TLS, {@code ssl://host:port}
 * @param storeCode the store the terminal stands in
 * @param terminalCode the terminal's code; also its MQTT user name
 * @param password the terminal's MQTT password, when the broker asks for one
 * @param trustStore the trust store for an {@code ssl://} broker; empty uses the JVM's default
 * @param dataDir where the durable outbox and the last remote configuration are kept
 * @param pagePort the port of the kiosk page on 127.0.0.1
 * @param mode kiosk page or till console
 * @param defaultLanguage the display language until the shopper's or the remote one is known
 * @param identifyTimeoutSeconds how long to wait for offers before asking the shopper to try again
 * @param maxOffers how many offers to show until a remote configuration says otherwise
 * @param idleSeconds after how long the kiosk page returns to "scan your card"
 * @param heartbeatSeconds how often the terminal reports its status
 */
public record AgentSettings(
    String brokerUrl,
    String storeCode,
    String terminalCode,
    Optional<String> password,
    Optional<TrustStore> trustStore,
    Path dataDir,
    int pagePort,
    Mode mode,
    String defaultLanguage,
    int identifyTimeoutSeconds,
    int maxOffers,
    int idleSeconds,
    int heartbeatSeconds) {

  public static final String BROKER_URL = "broker.url";
  public static final String STORE_CODE = "store.code";
  public static final String TERMINAL_CODE = "terminal.code";
  public static final String TERMINAL_PASSWORD = "terminal.password";
  public static final String TRUSTSTORE_PATH = "tls.truststore.path";
  public static final String TRUSTSTORE_PASSWORD = "tls.truststore.password";
  public static final String TRUSTSTORE_TYPE = "tls.truststore.type";
  public static final String DATA_DIR = "data.dir";
  public static final String PAGE_PORT = "page.port";
  public static final String MODE = "mode";
  public static final String DEFAULT_LANGUAGE = "language.default";
  public static final String IDENTIFY_TIMEOUT = "identify.timeout.seconds";
  public static final String MAX_OFFERS = "display.max.offers";
  public static final String IDLE_SECONDS = "display.idle.seconds";
  public static final String HEARTBEAT_SECONDS = "heartbeat.seconds";

  /** Every key the file may hold; any other is a typo and refused. */
  public static final Set<String> KEYS =
      Set.of(
          BROKER_URL,
          STORE_CODE,
          TERMINAL_CODE,
          TERMINAL_PASSWORD,
          TRUSTSTORE_PATH,
          TRUSTSTORE_PASSWORD,
          TRUSTSTORE_TYPE,
          DATA_DIR,
          PAGE_PORT,
          MODE,
          DEFAULT_LANGUAGE,
          IDENTIFY_TIMEOUT,
          MAX_OFFERS,
          IDLE_SECONDS,
          HEARTBEAT_SECONDS);

  /** Store and terminal codes: safe in an MQTT topic level and a file name. */
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  public AgentSettings {
    Objects.requireNonNull(brokerUrl, "brokerUrl");
    Objects.requireNonNull(storeCode, "storeCode");
    Objects.requireNonNull(terminalCode, "terminalCode");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(trustStore, "trustStore");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(defaultLanguage, "defaultLanguage");
  }

  /** Reads and checks a settings file (UTF-8 properties). */
  public static AgentSettings load(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidSettingsException(
          List.of(
              new SettingProblem("--config", file.toString(), "expected.readableFile", List.of())));
    }
    return from(properties);
  }

  /** Checks settings given as properties. */
  public static AgentSettings from(Properties properties) {
    return new Parser(properties).parse();
  }

  /** True when the broker is reached over TLS. */
  public boolean tls() {
    return brokerUrl.startsWith("ssl://");
  }

  /** Collects every problem before giving up. */
  private static final class Parser {

    private final Properties properties;
    private final List<SettingProblem> problems = new ArrayList<>();

    Parser(Properties properties) {
      this.properties = properties;
    }

    AgentSettings parse() {
      Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
      unknown.removeAll(KEYS);
      for (String key : unknown) {
        problems.add(
            new SettingProblem(
                key,
                properties.getProperty(key),
                "expected.knownKey",
                List.of(String.join(", ", new TreeSet<>(KEYS)))));
      }
      String brokerUrl = brokerUrl();
      String storeCode = code(STORE_CODE);
      String terminalCode = code(TERMINAL_CODE);
      Optional<String> password = optional(TERMINAL_PASSWORD);
      Optional<TrustStore> trustStore = trustStore(brokerUrl);
      Path dataDir = path(DATA_DIR, "var/kiosk-agent");
      int pagePort = integer(PAGE_PORT, 8765, 1, 65535);
      Mode mode = mode();
      String language = language();
      int identifyTimeout = integer(IDENTIFY_TIMEOUT, 5, 1, 60);
      int maxOffers = integer(MAX_OFFERS, 3, 1, 10);
      int idleSeconds = integer(IDLE_SECONDS, 30, 5, 3600);
      int heartbeatSeconds = integer(HEARTBEAT_SECONDS, 60, 5, 3600);
      if (!problems.isEmpty()) {
        throw new InvalidSettingsException(problems);
      }
      return new AgentSettings(
          brokerUrl,
          storeCode,
          terminalCode,
          password,
          trustStore,
          dataDir,
          pagePort,
          mode,
          language,
          identifyTimeout,
          maxOffers,
          idleSeconds,
          heartbeatSeconds);
    }

    private String brokerUrl() {
      String value = required(BROKER_URL, "expected.brokerUrl");
      if (value == null) {
        return "";
      }
      try {
        URI uri = new URI(value);
        boolean knownScheme = "tcp".equals(uri.getScheme()) || "ssl".equals(uri.getScheme());
        if (!knownScheme || uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65535) {
          problem(BROKER_URL, value, "expected.brokerUrl");
        }
      } catch (URISyntaxException e) {
        problem(BROKER_URL, value, "expected.brokerUrl");
      }
      return value;
    }

    private String code(String key) {
      String value = required(key, "expected.code");
      if (value != null && !CODE.matcher(value).matches()) {
        problem(key, value, "expected.code");
      }
      return value == null ? "" : value;
    }

    private Optional<TrustStore> trustStore(String brokerUrl) {
      Optional<String> pathValue = optional(TRUSTSTORE_PATH);
      String type = optional(TRUSTSTORE_TYPE).orElse("PKCS12").toUpperCase(Locale.ROOT);
      if (!type.equals("PKCS12") && !type.equals("JKS")) {
        problem(TRUSTSTORE_TYPE, properties.getProperty(TRUSTSTORE_TYPE), "expected.storeType");
      }
      if (pathValue.isEmpty()) {
        return Optional.empty();
      }
      if (!brokerUrl.startsWith("ssl://")) {
        problem(TRUSTSTORE_PATH, pathValue.get(), "expected.trustStoreOnlyWithSsl");
        return Optional.empty();
      }
      Path path = path(TRUSTSTORE_PATH, pathValue.get());
      if (path != null && !Files.isReadable(path)) {
        problem(TRUSTSTORE_PATH, pathValue.get(), "expected.readableFile");
      }
      return Optional.of(
          new TrustStore(
              path == null ? Path.of("") : path, optional(TRUSTSTORE_PASSWORD).orElse(""), type));
    }

    private Path path(String key, String defaultValue) {
      String value = optional(key).orElse(defaultValue);
      try {
        return Path.of(value);
      } catch (InvalidPathException e) {
        problem(key, value, "expected.path");
        return null;
      }
    }

    private int integer(String key, int defaultValue, int min, int max) {
      Optional<String> value = optional(key);
      if (value.isEmpty()) {
        return defaultValue;
      }
      try {
        int number = Integer.parseInt(value.get());
        if (number >= min && number <= max) {
          return number;
        }
      } catch (NumberFormatException e) {
        // reported below with what was expected
      }
      problem(key, value.get(), "expected.integerBetween", min, max);
      return defaultValue;
    }

    private Mode mode() {
      String value = optional(MODE).orElse("kiosk");
      return switch (value) {
        case "kiosk" -> Mode.KIOSK;
        case "till" -> Mode.TILL;
        default -> {
          problem(MODE, value, "expected.mode");
          yield Mode.KIOSK;
        }
      };
    }

    private String language() {
      String value = optional(DEFAULT_LANGUAGE).orElse("en");
      for (String language : Texts.LANGUAGES) {
        if (language.equals(value)) {
          return language;
        }
      }
      problem(DEFAULT_LANGUAGE, value, "expected.language", String.join(", ", Texts.LANGUAGES));
      return "en";
    }

    private String required(String key, String expectation) {
      Optional<String> value = optional(key);
      if (value.isEmpty()) {
        problems.add(new SettingProblem(key, null, expectation, List.of()));
        return null;
      }
      return value.get();
    }

    private Optional<String> optional(String key) {
      String value = properties.getProperty(key);
      return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private void problem(String key, String value, String expectation, Object... arguments) {
      problems.add(new SettingProblem(key, value, expectation, List.of(arguments)));
    }
  }
}
