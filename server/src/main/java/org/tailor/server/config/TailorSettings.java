package org.tailor.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The server's settings, read from {@code config/tailor.properties} (or the file named by {@code
 * --config} or {@code TAILOR_CONFIG}), each overridable by an environment variable ({@code
 * tailor.db.url} by {@code TAILOR_DB_URL}) or a system property of the same key.
 *
 * <p>Immutable; keys are documented in {@code config/tailor.properties}.
 */
public final class TailorSettings {

  private final Map<String, String> values;

  private TailorSettings(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** Settings from a file, then the environment, then system properties (last wins). */
  public static TailorSettings load(Optional<Path> file, Map<String, String> environment) {
    Map<String, String> values = new TreeMap<>();
    if (file.isPresent()) {
      Path path = file.get();
      if (!Files.isRegularFile(path)) {
        throw new SettingsException(
            "configuration file " + path.toAbsolutePath() + " does not exist or is not a file");
      }
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new SettingsException("cannot read configuration file " + path + ": " + e, e);
      }
      properties
          .stringPropertyNames()
          .forEach(k -> values.put(k, properties.getProperty(k).trim()));
    }
    environment.forEach(
        (name, value) -> {
          if (name.startsWith("TAILOR_") && !name.equals("TAILOR_CONFIG")) {
            values.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value.trim());
          }
        });
    System.getProperties()
        .stringPropertyNames()
        .forEach(
            k -> {
              if (k.startsWith("tailor.")) {
                values.put(k, System.getProperty(k).trim());
              }
            });
    return new TailorSettings(values);
  }

  /** Settings from explicit values only (tests, benchmarks). */
  public static TailorSettings of(Map<String, String> values) {
    return new TailorSettings(values);
  }

  /** A copy with some values replaced. */
  public TailorSettings with(Map<String, String> overrides) {
    Map<String, String> merged = new TreeMap<>(values);
    merged.putAll(overrides);
    return new TailorSettings(merged);
  }

  public Optional<String> get(String key) {
    String value = values.get(key);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  public String get(String key, String defaultValue) {
    return get(key).orElse(defaultValue);
  }

  public int getInt(String key, int defaultValue) {
    Optional<String> value = get(key);
    if (value.isEmpty()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value.get());
    } catch (NumberFormatException e) {
      throw new SettingsException(
          "setting " + key + " = \"" + value.get() + "\": expected a whole number", e);
    }
  }

  public long getLong(String key, long defaultValue) {
    Optional<String> value = get(key);
    if (value.isEmpty()) {
      return defaultValue;
    }
    try {
      return Long.parseLong(value.get());
    } catch (NumberFormatException e) {
      throw new SettingsException(
          "setting " + key + " = \"" + value.get() + "\": expected a whole number", e);
    }
  }

  public boolean getBoolean(String key, boolean defaultValue) {
    Optional<String> value = get(key);
    if (value.isEmpty()) {
      return defaultValue;
    }
    return switch (value.get().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default ->
          throw new SettingsException(
              "setting " + key + " = \"" + value.get() + "\": expected true or false");
    };
  }

  /** The folder for the embedded database, plugin bundles and other files the server writes. */
  public Path dataDir() {
    return Path.of(get("tailor.data.dir", "data"));
  }

  /** The folder watched for plugin bundles ({@code .jar}); defaults to {@code <data>/plugins}. */
  public Path pluginsDir() {
    return get("tailor.plugins.dir").map(Path::of).orElse(dataDir().resolve("plugins"));
  }

  /** The folder of plugin configuration files ({@code <pid>.cfg}), {@code config/plugins}. */
  public Path pluginConfigDir() {
    return Path.of(get("tailor.plugins.config.dir", "config/plugins"));
  }

  public String httpHost() {
    return get("tailor.http.host", "127.0.0.1");
  }

  public int httpPort() {
    return getInt("tailor.http.port", 8080);
  }

  /** The chain's currency, ISO 4217. */
  public String currency() {
    return get("tailor.currency", "GBP");
  }

  /** BCP 47 tag of the language used when a shopper's own is unknown. */
  public String defaultLanguage() {
    return get("tailor.language.default", "en");
  }

  /** All values, for plugins' read-only view and diagnostics; secrets are not masked. */
  public Map<String, String> asMap() {
    return values;
  }
}
