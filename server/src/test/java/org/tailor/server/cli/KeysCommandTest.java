package org.tailor.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.access.ApiKeyService;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class KeysCommandTest {

  /** Stands in for the top-level {@code tailor} command, which owns {@code --config}. */
  @Command(name = "tailor", subcommands = KeysCommand.class)
  static final class Root {
    @Option(names = "--config")
    Path config;
  }

  @TempDir Path dir;
  private Path config;
  private Locale defaultLocale;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void writeConfig() throws Exception {
    defaultLocale = Locale.getDefault();
    Locale.setDefault(Locale.ENGLISH);
    config = dir.resolve("tailor.properties");
    Files.writeString(
        config, "tailor.data.dir=" + dir.resolve("data").toString().replace('\\', '/'));
  }

  @AfterEach
  void restoreLocale() {
    Locale.setDefault(defaultLocale);
  }

  @Test
  void createsAKeyThatAuthenticatesAndListsIt() {
    assertThat(run("keys", "create", "--name", "pos", "--role", "integrator")).isZero();
    String secret =
        out.toString().lines().filter(l -> l.startsWith("tlr_")).findFirst().orElseThrow();
    assertThat(out.toString()).contains("Created API key \"pos\" with role integrator.");

    try (Database database = Database.open(DatabaseSettings.embedded(dir.resolve("data")))) {
      assertThat(new ApiKeyService(database).authenticate(secret)).isPresent();
    }

    out.getBuffer().setLength(0);
    assertThat(run("keys", "list")).isZero();
    assertThat(out.toString()).contains("pos\tintegrator\tall\t").contains("active");
  }

  @Test
  void revokesAKey() {
    run("keys", "create", "--name", "pos", "--role", "admin");
    out.getBuffer().setLength(0);
    assertThat(run("keys", "revoke", "--name", "pos")).isZero();
    assertThat(out.toString())
        .contains(
            "API key \"pos\" is revoked; a running server stops accepting it within 30 seconds.");
    out.getBuffer().setLength(0);
    run("keys", "list");
    assertThat(out.toString()).contains("revoked ");
  }

  @Test
  void refusesAnUnknownRoleInOneLine() {
    assertThat(run("keys", "create", "--name", "pos", "--role", "root"))
        .isEqualTo(KeysCommand.BAD_INPUT);
    assertThat(err.toString().strip())
        .isEqualTo(
            "role: \"root\" is not valid. Expected one of: admin, integrator, store_manager.");
  }

  @Test
  void refusesToRevokeAnUnknownKey() {
    assertThat(run("keys", "revoke", "--name", "ghost")).isEqualTo(KeysCommand.BAD_INPUT);
    assertThat(err.toString()).contains("ghost");
  }

  @Test
  void saysHowToStartWhenThereAreNoKeys() {
    assertThat(run("keys", "list")).isZero();
    assertThat(out.toString()).contains("tailor keys create");
  }

  private int run(String... args) {
    String[] withConfig = new String[args.length + 2];
    withConfig[0] = "--config";
    withConfig[1] = config.toString();
    System.arraycopy(args, 0, withConfig, 2, args.length);
    CommandLine line = new CommandLine(new Root());
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return line.execute(withConfig);
  }
}
