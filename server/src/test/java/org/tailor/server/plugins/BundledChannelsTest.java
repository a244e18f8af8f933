package org.tailor.server.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.config.TailorSettings;

/**
 * The email, webhook and receipt channels ship inside the server: installed and started at every
 * start, but serving no channel until their settings file exists.
 */
class BundledChannelsTest {

  private static final List<String> LOCATIONS =
      List.of(
          "tailor:bundled/channel-email",
          "tailor:bundled/channel-webhook",
          "tailor:bundled/channel-receipt");

  @TempDir Path root;
  private PluginHost host;

  @AfterEach
  void stop() {
    if (host != null) {
      host.close();
    }
  }

  @Test
  void theBundledChannelsStartCleanlyAndWaitForTheirSettings() throws Exception {
    Path config = Files.createDirectories(root.resolve("config"));
    host =
        new PluginHost(
            TailorSettings.of(
                Map.of(
                    "tailor.data.dir",
                    root.resolve("data").toString(),
                    "tailor.plugins.config.dir",
                    config.toString(),
                    PluginHost.POLL_SETTING,
                    "50")));
    host.start();

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                host.status().stream()
                        .filter(status -> LOCATIONS.contains(status.location()))
                        .filter(status -> status.state() == PluginState.ACTIVE)
                        .filter(
                            status ->
                                status.components().stream()
                                    .allMatch(
                                        c -> c.state() == ComponentState.UNSATISFIED_CONFIGURATION))
                        .count()
                    == 3);
    assertThat(host.status())
        .filteredOn(status -> LOCATIONS.contains(status.location()))
        .allSatisfy(
            status -> {
              assertThat(status.lastError()).isEmpty();
              assertThat(status.channels()).isEmpty();
            });
    assertThat(host.channelPlugins().channels()).doesNotContain("email", "sms", "receipt");

    Files.writeString(config.resolve("tailor.channel.receipt.cfg"), "width = 42\n");

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> host.channelPlugins().channels().contains("receipt"));
    assertThat(host.channelPlugins().channels()).doesNotContain("email", "sms");
  }
}
