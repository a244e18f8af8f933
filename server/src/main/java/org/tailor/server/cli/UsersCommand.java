package org.tailor.server.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tailor.server.access.NewUser;
import org.tailor.server.access.ReportUser;
import org.tailor.server.access.UserRole;
import org.tailor.server.access.UserService;
import org.tailor.server.i18n.Message;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import org.tailor.server.validation.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tailor users}: the people who sign in to the reports UI. {@code tailor users add} creates
 * the first admin on a new installation; the password is asked for at the prompt (or read from
 * {@code TAILOR_USER_PASSWORD} for scripts) and never appears on the command line.
 */
@Command(
    name = "users",
    resourceBundle = "i18n.users",
    mixinStandardHelpOptions = true,
    description = "Manage the people who sign in to the reports.",
    subcommands = {UsersCommand.Add.class, UsersCommand.ListUsers.class})
public final class UsersCommand implements Runnable {

  @Spec private CommandSpec spec;

  public UsersCommand() {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a user.")
  static final class Add implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Option(names = "--username", required = true, descriptionKey = "username")
    private String username;

    @Option(names = "--name", descriptionKey = "name")
    private String name;

    @Option(names = "--role", required = true, descriptionKey = "role")
    private String role;

    @Option(names = "--store", split = ",", descriptionKey = "store")
    private List<String> stores = List.of();

    @Option(names = "--region", descriptionKey = "region")
    private String region;

    @Option(names = "--language", defaultValue = "en", descriptionKey = "language")
    private String language;

    @Option(names = "--email", descriptionKey = "email")
    private String email;

    @Option(names = "--password", interactive = true, arity = "0..1", descriptionKey = "password")
    private char[] password;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Locale locale = Locale.getDefault();
      String secret =
          password != null && password.length > 0
              ? new String(password)
              : Optional.ofNullable(System.getenv("TAILOR_USER_PASSWORD")).orElse("");
      try (Database database = Database.open(DatabaseSettings.from(CommandSettings.load(spec)))) {
        UserRole parsed =
            UserRole.fromId(role)
                .orElseThrow(
                    () ->
                        new InvalidInputException(
                            "role",
                            role,
                            Message.of("errors", "expected.one.of", UserRole.allIds())));
        ReportUser user =
            new UserService(database, Clock.systemUTC())
                .create(
                    new NewUser(
                        username,
                        name == null ? username : name,
                        secret,
                        parsed,
                        Optional.ofNullable(region),
                        stores,
                        language,
                        Optional.ofNullable(email)));
        out.println(
            Message.of("reports", "cli.user.created", user.username(), user.role().id())
                .in(locale));
        out.flush();
        return 0;
      } catch (InvalidInputException e) {
        err.println(e.describe(locale));
        err.flush();
        return KeysCommand.BAD_INPUT;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List users.")
  static final class ListUsers implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Database database = Database.open(DatabaseSettings.from(CommandSettings.load(spec)))) {
        for (ReportUser user : new UserService(database, Clock.systemUTC()).list()) {
          out.println(
              user.username()
                  + "\t"
                  + user.role().id()
                  + "\t"
                  + user.language()
                  + "\t"
                  + user.displayName());
        }
      }
      out.flush();
      return 0;
    }
  }
}
