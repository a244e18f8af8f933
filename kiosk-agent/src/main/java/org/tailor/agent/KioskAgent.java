package org.tailor.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.tailor.agent.display.KioskPage;
import org.tailor.agent.display.TillConsole;
import org.tailor.agent.i18n.Texts;
import org.tailor.agent.settings.AgentSettings;
import org.tailor.agent.settings.InvalidSettingsException;
import org.tailor.agent.settings.Mode;
import org.tailor.agent.terminal.Terminal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The kiosk agent's entry point: {@code java -jar tailor-kiosk-agent.jar --config
 * config/kiosk-agent.properties}. Reads and checks the settings, connects the terminal to the
 * broker and shows the kiosk page or the till console until stopped.
 */
@Command(
    name = "tailor-kiosk-agent",
    mixinStandardHelpOptions = true,
    versionProvider = KioskAgent.Version.class,
    description = "Tailor's terminal agent for kiosks and tills.")
public final class KioskAgent implements Callable<Integer> {

  /** Exit code for settings that are missing or wrong. */
  public static final int BAD_SETTINGS = 2;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      defaultValue = "config/kiosk-agent.properties",
      description = "The settings file (default: ${DEFAULT-VALUE}).")
  private Path config;

  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;

  KioskAgent(InputStream in, PrintStream out, PrintStream err) {
    this.in = in;
    this.out = out;
    this.err = err;
  }

  /** Starts the agent; returns when a till's console is closed, else runs until the JVM stops. */
  public static void main(String[] args) {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty(
          "java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n");
    }
    System.exit(run(args, System.in, System.out, System.err));
  }

  /** Runs the agent with the given streams and returns its exit code. */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    CommandLine commandLine = new CommandLine(new KioskAgent(in, out, err));
    commandLine.setOut(new java.io.PrintWriter(out, true, StandardCharsets.UTF_8));
    commandLine.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
    return commandLine.execute(args);
  }

  /** The agent's version, from the jar's manifest ({@code development} when run from classes). */
  public static String version() {
    String version = KioskAgent.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    AgentSettings settings;
    try {
      settings = AgentSettings.load(config);
    } catch (InvalidSettingsException e) {
      Texts texts = Texts.closestTo(Locale.getDefault().toLanguageTag(), "en");
      err.println(texts.get("settings.refused", config));
      err.println(e.describe(texts));
      return BAD_SETTINGS;
    }
    Terminal terminal = new Terminal(settings, version());
    terminal.start();
    Texts texts = Texts.in(settings.defaultLanguage());
    out.println(
        texts.get(
            "agent.started",
            version(),
            settings.terminalCode(),
            settings.storeCode(),
            settings.brokerUrl()));
    if (settings.mode() == Mode.TILL) {
      try {
        new TillConsole(
                terminal,
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)),
                out)
            .run();
      } finally {
        terminal.close();
      }
      return 0;
    }
    KioskPage page = new KioskPage(terminal, settings.pagePort());
    page.start();
    out.println(texts.get("agent.pageAt", page.address()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  page.close();
                  terminal.close();
                  stopped.countDown();
                },
                "tailor-agent-shutdown"));
    stopped.await();
    return 0;
  }

  /** Picocli's {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"Tailor kiosk agent " + version()};
    }
  }
}
