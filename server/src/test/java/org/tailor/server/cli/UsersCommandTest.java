package org.tailor.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.server.access.UserRole;
import org.tailor.server.access.UserService;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class UsersCommandTest {

  @Command(
      name = "tailor",
      subcommands = {UsersCommand.class, ReportsCommand.class})
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
  void addsTheFirstAdminWhoCanSignIn() {
    assertThat(
            run(
                "users",
                "add",
                "--username",
                "root",
                "--role",
                "admin",
                "--password=first admin password"))
        .isZero();
    assertThat(out.toString()).contains("User root was created with role admin.");
    try (Database database = Database.open(DatabaseSettings.embedded(dir.resolve("data")))) {
      assertThat(
              new UserService(database, Clock.systemUTC())
                  .authenticate("root", "first admin password")
                  .orElseThrow()
                  .role())
          .isEqualTo(UserRole.ADMIN);
    }
    out.getBuffer().setLength(0);
    assertThat(run("users", "list")).isZero();
    assertThat(out.toString()).contains("root\tadmin\ten\troot");
  }

  @Test
  void badRoleIsOneLineNamingTheRoles() {
    assertThat(
            run("users", "add", "--username", "x", "--role", "boss", "--password=long password 1"))
        .isEqualTo(KeysCommand.BAD_INPUT);
    assertThat(err.toString()).contains("role").contains("boss").contains("head_office");
  }

  @Test
  void refreshesAnEmptyDatabase() {
    assertThat(run("reports", "refresh", "--from", "2026-01-01")).isZero();
    assertThat(out.toString())
        .contains("Roll-ups updated from 2026-01-01: 0 outcomes measured")
        .contains(
            "0 roll-up rows written; 0 state rows of settled days (older than 28 days) pruned;"
                + " 0 late redemptions of settled days left uncounted");
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
