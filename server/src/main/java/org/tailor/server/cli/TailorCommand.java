package org.tailor.server.cli;

import java.util.Optional;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tailor}: the command line of the Tailor server. Each subcommand is its own class; this one
 * only names them and runs the one asked for.
 */
@Command(
    name = "tailor",
    resourceBundle = "i18n.cli",
    mixinStandardHelpOptions = true,
    versionProvider = TailorCommand.Version.class,
    subcommands = {
      ServeCommand.class,
      DemoCommand.class,
      ImportCommand.class,
      GenerateCommand.class,
      KeysCommand.class,
      ClvCommand.class,
      EvaluateCommand.class,
      TerminalsCommand.class,
      UsersCommand.class,
      ReportsCommand.class
    })
public final class TailorCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    int exit = commandLine().execute(args);
    if (exit != 0 || !isLongRunning(args)) {
      System.exit(exit);
    }
  }

  /** The command tree, for tests and for {@link #main}. */
  public static CommandLine commandLine() {
    return new CommandLine(new TailorCommand())
        .setExecutionExceptionHandler(new CliErrors())
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  private static boolean isLongRunning(String[] args) {
    return args.length > 0 && (args[0].equals("serve") || args[0].equals("demo"));
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version of the running build, from the jar's manifest. */
  public static String version() {
    return Optional.ofNullable(TailorCommand.class.getPackage().getImplementationVersion())
        .orElse("development");
  }

  /** Picocli's {@code --version}. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"Tailor " + version()};
    }
  }
}
