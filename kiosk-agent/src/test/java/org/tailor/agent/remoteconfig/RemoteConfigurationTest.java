package org.tailor.agent.remoteconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.terminal.protocol.TerminalConfig;

class RemoteConfigurationTest {

  private static final TerminalConfig FROM_SETTINGS = new TerminalConfig(0, "en", 3, 30, 60);

  @TempDir Path folder;

  @Test
  void appliesANewerConfigurationAndKeepsItAcrossRestarts() {
    Path file = folder.resolve("terminal-config.json");
    RemoteConfiguration configuration = new RemoteConfiguration(file, FROM_SETTINGS);
    List<TerminalConfig> heard = new ArrayList<>();
    configuration.onChange(heard::add);

    TerminalConfig persian = new TerminalConfig(4, "fa", 5, 20, 30);
    assertThat(configuration.apply(persian)).isEqualTo(RemoteConfiguration.Outcome.APPLIED);

    assertThat(configuration.current()).isEqualTo(persian);
    assertThat(heard).containsExactly(persian);
    assertThat(new RemoteConfiguration(file, FROM_SETTINGS).current()).isEqualTo(persian);
  }

  @Test
  void ignoresARetainedConfigurationSeenAgainOrAnOlderOne() {
    RemoteConfiguration configuration =
        new RemoteConfiguration(folder.resolve("c.json"), FROM_SETTINGS);
    configuration.apply(new TerminalConfig(4, "fa", 5, 20, 30));
    assertThat(configuration.apply(new TerminalConfig(4, "fa", 5, 20, 30)))
        .isEqualTo(RemoteConfiguration.Outcome.NOT_NEWER);
    assertThat(configuration.apply(new TerminalConfig(3, "es", 2, 20, 30)))
        .isEqualTo(RemoteConfiguration.Outcome.NOT_NEWER);
    assertThat(configuration.current().language()).isEqualTo("fa");
  }

  @Test
  void refusesBadValuesAndKeepsTheConfigurationInForce() {
    RemoteConfiguration configuration =
        new RemoteConfiguration(folder.resolve("c.json"), FROM_SETTINGS);
    assertThat(configuration.apply(new TerminalConfig(5, "de", 3, 30, 60)))
        .isEqualTo(RemoteConfiguration.Outcome.INVALID);
    assertThat(configuration.apply(new TerminalConfig(5, "en", 0, 30, 60)))
        .isEqualTo(RemoteConfiguration.Outcome.INVALID);
    assertThat(configuration.current()).isEqualTo(FROM_SETTINGS);
    assertThat(folder.resolve("c.json")).doesNotExist();
    assertThat(RemoteConfiguration.problem(new TerminalConfig(5, "en", 3, 1, 60)))
        .contains("idleSeconds = 1: expected 5 to 3600");
  }
}
