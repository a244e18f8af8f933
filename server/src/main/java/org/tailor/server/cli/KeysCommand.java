package org.tailor.server.cli;

import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tailor.server.access.ApiKeyInfo;
import org.tailor.server.access.ApiKeyService;
import org.tailor.server.access.IssuedApiKey;
import org.tailor.server.access.Role;
import org.tailor.server.config.TailorSettings;
import org.tailor.server.i18n.Message;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import org.tailor.server.validation.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code tailor keys}: create, list, rotate and revoke the API keys that callers of the REST API
 * send. Opens the database named by the settings ({@code --config} of an enclosing command, else
 * {@code TAILOR_CONFIG}, else {@code config/tailor.properties} when it exists, plus {@code
 * TAILOR_*} variables).
 */
@Command(
    name = "keys",
    resourceBundle = "i18n.keys",
    mixinStandardHelpOptions = true,
    description = "Manage API keys: create, list, rotate, revoke.",
    subcommands = {
      KeysCommand.Create.class,
      KeysCommand.ListKeys.class,
      KeysCommand.Rotate.class,
      KeysCommand.Revoke.class
    })
public final class KeysCommand implements Runnable {

  /** Exit code for bad input (an unknown role, store or key name). */
  static final int BAD_INPUT = 2;

  @Spec private CommandSpec spec;

  public KeysCommand() {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The settings: the enclosing command's {@code --config}, else the usual places. */
  TailorSettings settings() {
    return TailorSettings.load(configFile(), System.getenv());
  }

  private Optional<Path> configFile() {
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
      return optional.flatMap(KeysCommand::asPath);
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

  /** Opens the database, runs {@code work} on the key service, reports bad input as one line. */
  int withKeys(CommandSpec command, KeyWork work) {
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    Locale locale = Locale.getDefault();
    try (Database database = Database.open(DatabaseSettings.from(settings()))) {
      work.run(new ApiKeyService(database), out, locale);
      out.flush();
      return 0;
    } catch (InvalidInputException e) {
      err.println(e.describe(locale));
      err.flush();
      return BAD_INPUT;
    }
  }

  @FunctionalInterface
  interface KeyWork {
    void run(ApiKeyService keys, PrintWriter out, Locale locale);
  }

  /** How long a running server may still accept a key revoked or rotated here. */
  private static long cacheSeconds() {
    return ApiKeyService.AUTHENTICATION_CACHE_TTL.toSeconds();
  }

  private static void printIssued(IssuedApiKey issued, PrintWriter out, Locale locale) {
    out.println(issued.secret());
    out.flush();
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an API key.")
  static final class Create implements Callable<Integer> {
    @ParentCommand private KeysCommand parent;
    @Spec private CommandSpec spec;

    @Option(names = "--name", required = true, description = "Unique name, e.g. pos-integration.")
    private String name;

    @Option(names = "--role", required = true, description = "admin, integrator or store_manager.")
    private String role;

    @Option(names = "--store", description = "For store_manager: the code of the one store.")
    private String store;

    @Override
    public Integer call() {
      return parent.withKeys(
          spec,
          (keys, out, locale) -> {
            Role parsed =
                Role.fromId(role)
                    .orElseThrow(
                        () ->
                            new InvalidInputException(
                                "role",
                                role,
                                Message.of("errors", "expected.one.of", Role.allIds())));
            IssuedApiKey issued = keys.create(name, parsed, Optional.ofNullable(store));
            out.println(
                Message.of("api", "keys.created", issued.info().name(), parsed.id()).in(locale));
            issued
                .info()
                .storeCode()
                .ifPresent(
                    code -> out.println(Message.of("api", "keys.created.store", code).in(locale)));
            out.println(Message.of("api", "keys.secret").in(locale));
            printIssued(issued, out, locale);
          });
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List API keys.")
  static final class ListKeys implements Callable<Integer> {
    @ParentCommand private KeysCommand parent;
    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
      return parent.withKeys(
          spec,
          (keys, out, locale) -> {
            List<ApiKeyInfo> all = keys.list();
            if (all.isEmpty()) {
              out.println(Message.of("api", "keys.none").in(locale));
              return;
            }
            out.println(Message.of("api", "keys.header").in(locale));
            for (ApiKeyInfo key : all) {
              out.println(
                  String.join(
                      "\t",
                      key.name(),
                      key.role().id(),
                      key.storeCode().orElse(Message.of("api", "keys.all.stores").in(locale)),
                      key.createdAt().toString(),
                      key.revokedAt()
                          .map(at -> Message.of("api", "keys.revoked.at", at.toString()).in(locale))
                          .orElse(Message.of("api", "keys.active").in(locale))));
            }
          });
    }
  }

  @Command(
      name = "rotate",
      mixinStandardHelpOptions = true,
      description = "Give a key a new secret; the old one stops working.")
  static final class Rotate implements Callable<Integer> {
    @ParentCommand private KeysCommand parent;
    @Spec private CommandSpec spec;

    @Option(names = "--name", required = true, description = "Name of the key.")
    private String name;

    @Override
    public Integer call() {
      return parent.withKeys(
          spec,
          (keys, out, locale) -> {
            IssuedApiKey issued = keys.rotate(name);
            out.println(
                Message.of("api", "keys.rotated", issued.info().name(), cacheSeconds()).in(locale));
            out.println(Message.of("api", "keys.secret").in(locale));
            printIssued(issued, out, locale);
          });
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an API key.")
  static final class Revoke implements Callable<Integer> {
    @ParentCommand private KeysCommand parent;
    @Spec private CommandSpec spec;

    @Option(names = "--name", required = true, description = "Name of the key.")
    private String name;

    @Override
    public Integer call() {
      return parent.withKeys(
          spec,
          (keys, out, locale) -> {
            ApiKeyInfo revoked = keys.revoke(name);
            out.println(
                Message.of("api", "keys.revoked", revoked.name(), cacheSeconds()).in(locale));
          });
    }
  }
}
