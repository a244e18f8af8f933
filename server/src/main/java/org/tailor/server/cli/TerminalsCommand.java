package org.tailor.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tailor.server.access.BrokerPasswordHash;
import org.tailor.server.config.SettingsException;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.i18n.Message;
import org.tailor.server.mqtt.MosquittoFiles;
import org.tailor.server.mqtt.MqttSettings;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import org.tailor.server.store.TerminalCredentials;
import org.tailor.server.store.TerminalCredentials.Credential;
import org.tailor.server.store.TerminalCredentials.IssuedCredential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tailor terminals}: the terminals' MQTT credentials. {@code credentials CODE} issues a new
 * secret (shown once, stored hashed); {@code broker-files --dir DIR} writes Mosquitto's password
 * and ACL files from the terminals table.
 */
@Command(
    name = "terminals",
    resourceBundle = "i18n.terminals",
    mixinStandardHelpOptions = true,
    subcommands = {TerminalsCommand.Credentials.class, TerminalsCommand.BrokerFiles.class})
public final class TerminalsCommand implements Runnable {

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "credentials", mixinStandardHelpOptions = true)
  static final class Credentials implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CODE", descriptionKey = "code")
    private String code;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Locale locale = Cli.locale();
      try (Database database = Database.open(DatabaseSettings.from(config.load()))) {
        IssuedCredential issued = new TerminalCredentials(database, Clock.systemUTC()).issue(code);
        out.println(
            Message.of(
                    "terminals",
                    "credentials.issued",
                    issued.terminalCode(),
                    issued.storeCode(),
                    issued.username())
                .in(locale));
        out.println(Message.of("terminals", "credentials.secret").in(locale));
        out.println(issued.secret());
        out.flush();
      }
      return 0;
    }
  }

  @Command(name = "broker-files", mixinStandardHelpOptions = true)
  static final class BrokerFiles implements Callable<Integer> {
    @Mixin ConfigOption config;
    @Spec private CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", descriptionKey = "dir")
    private Path dir;

    @Override
    public Integer call() throws IOException {
      TailorSettings settings = config.load();
      MqttSettings mqtt = MqttSettings.from(settings);
      String serverPassword =
          mqtt.password()
              .orElseThrow(
                  () ->
                      new SettingsException(
                          "setting tailor.mqtt.password: expected the server's password at the"
                              + " external broker, to write its hash into the password file"));
      PrintWriter out = spec.commandLine().getOut();
      try (Database database = Database.open(DatabaseSettings.from(settings))) {
        List<Credential> terminals = new TerminalCredentials(database, Clock.systemUTC()).all();
        MosquittoFiles.write(
            dir, terminals, mqtt.username(), BrokerPasswordHash.hash(serverPassword));
        out.println(
            Message.of(
                    "terminals",
                    "broker.files.written",
                    dir.resolve(MosquittoFiles.PASSWORDS),
                    dir.resolve(MosquittoFiles.ACL),
                    terminals.size())
                .in(Cli.locale()));
        out.flush();
      }
      return 0;
    }
  }
}
