package org.tailor.server.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.server.config.SettingsException;
import org.tailor.server.i18n.Message;
import org.tailor.server.validation.InvalidInputException;
import org.tailor.server.validation.NotFoundException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception a command throws into one line a person can act on (exit code 2 for bad input
 * or settings, 1 for anything else, whose stack trace goes to the log).
 */
final class CliErrors implements IExecutionExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(CliErrors.class);

  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, ParseResult parseResult) {
    var err = commandLine.getErr();
    if (e instanceof InvalidInputException invalid) {
      err.println(invalid.describe(Cli.locale()));
      return 2;
    }
    if (e instanceof NotFoundException notFound) {
      err.println(notFound.describe(Cli.locale()));
      return 2;
    }
    if (e instanceof SettingsException || e instanceof IllegalArgumentException) {
      err.println(e.getMessage());
      return 2;
    }
    LOG.error("tailor {} failed", commandLine.getCommandName(), e);
    err.println(
        Message.of("cli", "server.failed", String.valueOf(e.getMessage())).in(Cli.locale()));
    return 1;
  }
}
