package org.tailor.server.plugins;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.tailor.plugin.host.HostConfiguration;
import org.tailor.server.config.TailorSettings;

/**
 * The {@link HostConfiguration} plugins see, read from the server's {@link TailorSettings}.
 * Settings whose key names a secret (a password, secret, token, credential or key) are not shown to
 * plugins.
 */
public final class SettingsHostConfiguration implements HostConfiguration {

  private final TailorSettings settings;

  public SettingsHostConfiguration(TailorSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public String currency() {
    return settings.currency();
  }

  @Override
  public String defaultLanguage() {
    return settings.defaultLanguage();
  }

  @Override
  public Optional<String> setting(String key) {
    if (key == null || isSecret(key)) {
      return Optional.empty();
    }
    return settings.get(key);
  }

  static boolean isSecret(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return lower.contains("password")
        || lower.contains("secret")
        || lower.contains("token")
        || lower.contains("credential")
        || lower.endsWith(".key")
        || lower.endsWith(".keys");
  }
}
