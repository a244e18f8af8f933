package org.tailor.server.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.config.SettingsException;
import org.tailor.server.config.TailorSettings;

/**
 * Starting the plugin host with settings it cannot use fails with a message a person can act on.
 */
class PluginHostStartTest {

  @TempDir Path root;

  private TailorSettings settings(Map<String, String> overrides) {
    return TailorSettings.of(
            Map.of(
                "tailor.data.dir", root.resolve("data").toString(),
                "tailor.plugins.config.dir", root.resolve("config/plugins").toString(),
                "tailor.plugins.bundled", ""))
        .with(overrides);
  }

  @Test
  void refusesAPluginsFolderThatIsAFileAndNamesIt() throws Exception {
    Path file = Files.writeString(root.resolve("plugins"), "not a folder");
    PluginHost host = new PluginHost(settings(Map.of("tailor.plugins.dir", file.toString())));

    assertThatThrownBy(host::start)
        .isInstanceOfSatisfying(
            PluginHostException.class,
            e -> {
              assertThat(e.getMessage())
                  .startsWith("The plugin folder " + file.toAbsolutePath() + " cannot be used");
              assertThat(e.describe(Locale.forLanguageTag("es")))
                  .startsWith("No se puede usar la carpeta de plugins");
            });
    assertThat(host.isRunning()).isFalse();
    assertThat(host.status()).isEmpty();
  }

  @Test
  void refusesAPluginsFolderWhosePathHasAComma() {
    Path odd = root.resolve("plugins,old");
    PluginHost host = new PluginHost(settings(Map.of("tailor.plugins.dir", odd.toString())));

    assertThatThrownBy(host::start)
        .isInstanceOf(PluginHostException.class)
        .hasMessageContaining("contains a comma");
    assertThat(host.isRunning()).isFalse();
  }

  @Test
  void refusesAPollIntervalThatIsNotAPositiveWholeNumber() {
    PluginHost zero = new PluginHost(settings(Map.of(PluginHost.POLL_SETTING, "0")));
    PluginHost words = new PluginHost(settings(Map.of(PluginHost.POLL_SETTING, "often")));

    assertThatThrownBy(zero::start)
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("tailor.plugins.poll.ms");
    assertThatThrownBy(words::start)
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("\"often\"");
  }

  @Test
  void createsMissingFoldersAndEmptiesTheFrameworkStorageOnStart() throws Exception {
    Path plugins = root.resolve("data/plugins");
    Path leftover = Files.createDirectories(root.resolve("data/osgi/cache/bundle99"));
    try (PluginHost host = new PluginHost(settings(Map.of()))) {
      host.start();

      assertThat(plugins).isDirectory();
      assertThat(root.resolve("config/plugins")).isDirectory();
      assertThat(leftover).doesNotExist();
      assertThat(host.status()).isEmpty();
      assertThatThrownBy(host::start).isInstanceOf(IllegalStateException.class);
    }
  }
}
