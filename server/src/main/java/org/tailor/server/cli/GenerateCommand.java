package org.tailor.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tailor.server.generator.ChainGenerator;
import org.tailor.server.generator.ChainParameters;
import org.tailor.server.generator.GenerationProgress;
import org.tailor.server.generator.GenerationSummary;
import org.tailor.server.generator.OutputOptions;
import org.tailor.server.i18n.Message;
import org.tailor.server.validation.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tailor generate}: writes a synthetic chain with {@link ChainGenerator}. Options are read
 * as text and checked here, so that a bad value is reported in the user's language as option, value
 * and expectation ({@code --shoppers: "-5" is not valid. Expected a whole number from 1 to
 * 100000000.}), with exit code 2; a failure while writing gives exit code 1.
 */
@Command(
    name = "generate",
    resourceBundle = "i18n.generator",
    mixinStandardHelpOptions = true,
    sortOptions = false)
public final class GenerateCommand implements Callable<Integer> {

  /** Exit code for a bad option value. */
  public static final int EXIT_BAD_INPUT = 2;

  /** Exit code for a failure while writing. */
  public static final int EXIT_FAILURE = 1;

  @Spec private CommandSpec spec;

  @Option(
      names = "--shoppers",
      paramLabel = "N",
      defaultValue = "10000",
      descriptionKey = "option.shoppers")
  private String shoppers;

  @Option(
      names = "--stores",
      paramLabel = "S",
      defaultValue = "50",
      descriptionKey = "option.stores")
  private String stores;

  @Option(names = "--seed", paramLabel = "X", defaultValue = "1", descriptionKey = "option.seed")
  private String seed;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "generated-chain",
      descriptionKey = "option.out")
  private String out;

  @Option(names = "--from", paramLabel = "DATE", descriptionKey = "option.from")
  private String from;

  @Option(names = "--to", paramLabel = "DATE", descriptionKey = "option.to")
  private String to;

  @Option(names = "--gzip", descriptionKey = "option.gzip")
  private boolean gzip;

  @Option(names = "--threads", paramLabel = "T", descriptionKey = "option.threads")
  private String threads;

  public GenerateCommand() {
    // picocli fills the fields
  }

  @Override
  public Integer call() {
    Locale locale = Locale.getDefault();
    PrintWriter err = spec.commandLine().getErr();
    try {
      ChainParameters parameters = parameters();
      OutputOptions output = output();
      ProgressPrinter printer = new ProgressPrinter(err, locale);
      GenerationSummary summary = ChainGenerator.generate(parameters, output, printer::print);
      spec.commandLine()
          .getOut()
          .println(
              Message.of(
                      "generator",
                      "done",
                      parameters.shoppers(),
                      summary.purchases(),
                      summary.purchaseLines(),
                      summary.totalBytes() / 1e6,
                      summary.directory().toString(),
                      summary.elapsedNanos() / 1e9)
                  .in(locale));
      spec.commandLine().getOut().flush();
      return 0;
    } catch (InvalidInputException e) {
      err.println(e.describe(locale));
      err.flush();
      return EXIT_BAD_INPUT;
    } catch (IOException | java.io.UncheckedIOException e) {
      err.println(Message.of("generator", "failed", String.valueOf(e.getMessage())).in(locale));
      err.flush();
      return EXIT_FAILURE;
    }
  }

  /** The chain the options ask for; throws {@link InvalidInputException} naming the option. */
  ChainParameters parameters() {
    int shopperCount = (int) wholeNumber("--shoppers", shoppers, 1, ChainParameters.MAX_SHOPPERS);
    int storeCount = (int) wholeNumber("--stores", stores, 1, ChainParameters.MAX_STORES);
    long seedValue = wholeNumber("--seed", seed, Long.MIN_VALUE, Long.MAX_VALUE);
    Optional<LocalDate> first = date("--from", from);
    Optional<LocalDate> last = date("--to", to);
    LocalDate windowFrom =
        first.orElse(
            last.map(d -> d.minusYears(1).plusDays(1)).orElse(ChainParameters.DEFAULT_FROM));
    LocalDate windowTo =
        last.orElse(first.map(d -> d.plusYears(1).minusDays(1)).orElse(ChainParameters.DEFAULT_TO));
    if (windowTo.isBefore(windowFrom)) {
      throw new InvalidInputException(
          "--to", to, Message.of("generator", "expected.not.before", windowFrom.toString()));
    }
    if (ChronoUnit.DAYS.between(windowFrom, windowTo) + 1 > ChainParameters.MAX_WINDOW_DAYS) {
      throw new InvalidInputException(
          last.isPresent() ? "--to" : "--from",
          last.isPresent() ? to : from,
          Message.of("generator", "expected.window.at.most", ChainParameters.MAX_WINDOW_DAYS));
    }
    return ChainParameters.of(shopperCount, storeCount, seedValue).withWindow(windowFrom, windowTo);
  }

  /** Where and how to write; throws {@link InvalidInputException} naming the option. */
  OutputOptions output() {
    int threadCount =
        threads == null
            ? Runtime.getRuntime().availableProcessors()
            : (int) wholeNumber("--threads", threads, 1, OutputOptions.MAX_THREADS);
    Path directory;
    try {
      directory = Path.of(out);
    } catch (InvalidPathException e) {
      throw new InvalidInputException(
          "--out", out, Message.of("generator", "expected.writable.directory"));
    }
    return new OutputOptions(directory, gzip, threadCount);
  }

  private static long wholeNumber(String option, String text, long min, long max) {
    long value;
    try {
      value = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new InvalidInputException(option, text, expectedRange(min, max));
    }
    if (value < min || value > max) {
      throw new InvalidInputException(option, text, expectedRange(min, max));
    }
    return value;
  }

  private static Message expectedRange(long min, long max) {
    return min == Long.MIN_VALUE
        ? Message.of("errors", "expected.integer")
        : Message.of("errors", "expected.integer.range", min, max);
  }

  private static Optional<LocalDate> date(String option, String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(text.trim()));
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(option, text, Message.of("errors", "expected.date"));
    }
  }

  /** Prints progress lines to standard error with an estimate of the time left. */
  private static final class ProgressPrinter {
    private final PrintWriter err;
    private final Locale locale;

    ProgressPrinter(PrintWriter err, Locale locale) {
      this.err = err;
      this.locale = locale;
    }

    void print(GenerationProgress progress) {
      double done = progress.fractionDone();
      double elapsedSeconds = progress.elapsedNanos() / 1e9;
      long left = done > 0 ? Math.round(elapsedSeconds * (1 - done) / done) : 0;
      err.println(
          Message.of(
                  "generator",
                  "progress",
                  progress.shoppersWritten(),
                  progress.shoppersTotal(),
                  done,
                  progress.purchaseLinesWritten(),
                  progress.bytesWritten() / 1e6,
                  left)
              .in(locale));
      err.flush();
    }
  }
}
