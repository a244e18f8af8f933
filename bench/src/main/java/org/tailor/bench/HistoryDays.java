package org.tailor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The benchmarks' {@code --history-days} option: a plugin configuration folder in which the history
 * scoring plugin reads a number of days of purchases back from today for its model and its
 * bestsellers ({@code ledgerDays}, {@code bestsellerDays}), so that a chain dated in the past, as
 * the generated one is, gets a model; the shipped {@code config/plugins/*.cfg} copied for the rest.
 */
final class HistoryDays {

  /** The option's description, the same in every benchmark that has it. */
  static final String DESCRIPTION =
      "Above 0: the history plugin reads this many days of purchases back from today for its"
          + " model and bestsellers (ledgerDays, bestsellerDays; the rest of config/plugins as it"
          + " is), so that a chain dated in the past, as the generated one is, gets a model; 0"
          + " keeps the plugins' configuration as it was, whose 365 days see none of it.";

  private HistoryDays() {}

  /**
   * Fills {@code folder} (created when missing) with a copy of {@code config/plugins/*.cfg} (where
   * the benchmark runs from the repository) in which the history plugin reads {@code days} back;
   * files already in the folder are kept, except the history plugin's, whose other settings stay.
   * Returns the folder.
   */
  static Path config(Path folder, int days) throws IOException {
    return config(Path.of("config/plugins"), folder, days);
  }

  /** {@link #config(Path, int)} from another folder of shipped configuration files. */
  static Path config(Path shipped, Path folder, int days) throws IOException {
    Files.createDirectories(folder);
    if (Files.isDirectory(shipped)) {
      try (Stream<Path> files = Files.list(shipped)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".cfg")).toList()) {
          Path copy = folder.resolve(file.getFileName());
          if (!Files.exists(copy)) {
            Files.copy(file, copy);
          }
        }
      }
    }
    Path history = folder.resolve("org.tailor.scoring.history.cfg");
    String text = Files.exists(history) ? Files.readString(history) : "";
    Files.writeString(
        history,
        text.replaceAll("(?m)^(ledgerDays|bestsellerDays)\\s*=.*$", "")
            + "\nledgerDays = "
            + days
            + "\nbestsellerDays = "
            + days
            + "\n");
    return folder;
  }
}
