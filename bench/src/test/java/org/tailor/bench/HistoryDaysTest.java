package org.tailor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryDaysTest {

  @TempDir Path root;

  @Test
  void theHistoryPluginReadsTheDaysAskedForAndTheOtherFilesStay() throws Exception {
    Path shipped = Files.createDirectories(root.resolve("config/plugins"));
    Files.writeString(
        shipped.resolve("org.tailor.scoring.history.cfg"),
        "rebuildMinutes = 360\nledgerDays = 365\nneighbours = 50\nbestsellerDays = 30\n");
    Files.writeString(shipped.resolve("org.tailor.scoring.bandit.cfg"), "policy = thompson\n");
    Path folder = Files.createDirectories(root.resolve("plugin-config"));
    Files.writeString(folder.resolve("tailor.channel.receipt.cfg"), "width = 42\n");

    assertThat(HistoryDays.config(shipped, folder, 7000)).isEqualTo(folder);

    String history = Files.readString(folder.resolve("org.tailor.scoring.history.cfg"));
    assertThat(history)
        .contains("rebuildMinutes = 360", "neighbours = 50", "ledgerDays = 7000")
        .contains("bestsellerDays = 7000")
        .doesNotContain("ledgerDays = 365", "bestsellerDays = 30");
    assertThat(folder.resolve("org.tailor.scoring.bandit.cfg")).hasContent("policy = thompson");
    assertThat(folder.resolve("tailor.channel.receipt.cfg")).hasContent("width = 42");
  }
}
