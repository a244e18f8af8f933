package org.tailor.server.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.tailor.server.config.TailorSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The settings a subcommand runs with: the {@code --config} of an enclosing command, else {@code
 * TAILOR_CONFIG}, else {@code config/tailor.properties} when it exists, plus {@code TAILOR_*}
 * variables.
 */
final class CommandSettings {

  private CommandSettings() {}

  static TailorSettings load(CommandSpec spec) {
    return TailorSettings.load(configFile(spec), System.getenv());
  }

  private static Optional<Path> configFile(CommandSpec spec) {
    for (CommandSpec command = spec.parent(); command != null; command = command.parent()) {
      OptionSpec option = command.findOption("--config");
      if (option != null) {
        Optional<Path> given = asPath(option.getValue());
        if (given.isPresent()) {
          return given;
        }
      }
    }
    String fromEnvironment = System.getenv("TAILOR_CONFIG");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return Optional.of(Path.of(fromEnvironment));
    }
    Path conventional = Path.of("config", "tailor.properties");
    return Files.isRegularFile(conventional) ? Optional.of(conventional) : Optional.empty();
  }

  private static Optional<Path> asPath(Object value) {
    if (value instanceof Optional<?> optional) {
      return optional.flatMap(CommandSettings::asPath);
    }
    if (value instanceof Path path) {
      return Optional.of(path);
    }
    if (value instanceof File file) {
      return Optional.of(file.toPath());
    }
    if (value instanceof String text && !text.isBlank()) {
      return Optional.of(Path.of(text));
    }
    return Optional.empty();
  }
}
