package org.tailor.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.tailor.server.config.TailorSettings;
import picocli.CommandLine.Option;

/**
 * The {@code --config FILE} option every command shares. Without it the settings come from {@code
 * TAILOR_CONFIG}, else {@code config/tailor.properties} where that exists, else built-in defaults.
 */
public final class ConfigOption {

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      descriptionKey = "config")
  Path file;

  /** Loads the settings this option points at, with environment and system overrides. */
  public TailorSettings load() {
    Optional<Path> chosen = Optional.ofNullable(file);
    if (chosen.isEmpty()) {
      chosen = Optional.ofNullable(System.getenv("TAILOR_CONFIG")).map(Path::of);
    }
    if (chosen.isEmpty()) {
      Path conventional = Path.of("config", "tailor.properties");
      chosen = Files.isRegularFile(conventional) ? Optional.of(conventional) : Optional.empty();
    }
    return TailorSettings.load(chosen, System.getenv());
  }
}
