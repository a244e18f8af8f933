package org.tailor.server.cli;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.tailor.scoring.value.lifetime.CustomerSummary;
import org.tailor.scoring.value.lifetime.ModelInputException;
import org.tailor.server.i18n.Message;
import org.tailor.server.lifetime.LifetimeValueFit;
import org.tailor.server.lifetime.TransactionColumns;
import org.tailor.server.lifetime.TransactionLog;
import org.tailor.server.lifetime.TransactionLogException;
import org.tailor.server.validation.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tailor clv}: customer lifetime value. {@code tailor clv fit} fits BG/NBD, Pareto/NBD or
 * Gamma-Gamma straight from a transaction log and prints the parameters, the log-likelihood and the
 * number of shoppers, as JSON with {@code --json}, else as lines for {@code
 * config/plugins/org.tailor.scoring.value.cfg}.
 */
@Command(
    name = "clv",
    resourceBundle = "i18n.clv",
    mixinStandardHelpOptions = true,
    subcommands = {ClvCommand.Fit.class})
public final class ClvCommand implements Runnable {

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code tailor clv fit}. Exit codes: 0 fitted, 1 the fit failed, 2 bad input. */
  @Command(
      name = "fit",
      resourceBundle = "i18n.clv",
      mixinStandardHelpOptions = true,
      sortOptions = false)
  public static final class Fit implements Callable<Integer> {

    static final int EXIT_FAILED = 1;
    static final int EXIT_INVALID = 2;

    @Option(
        names = "--model",
        required = true,
        paramLabel = "MODEL",
        descriptionKey = "option.model")
    String model;

    @Option(
        names = "--transactions",
        required = true,
        paramLabel = "FILE",
        descriptionKey = "option.transactions")
    Path transactions;

    @Option(
        names = "--customer",
        required = true,
        paramLabel = "COLUMN",
        descriptionKey = "option.customer")
    String customer;

    @Option(
        names = "--date",
        required = true,
        paramLabel = "COLUMN",
        descriptionKey = "option.date")
    String date;

    @Option(names = "--amount", paramLabel = "COLUMN", descriptionKey = "option.amount")
    String amount;

    @Option(
        names = "--calibration-end",
        required = true,
        paramLabel = "DATE",
        descriptionKey = "option.calibration.end")
    String calibrationEnd;

    @Option(names = "--date-format", paramLabel = "PATTERN", descriptionKey = "option.date.format")
    String dateFormat;

    @Option(names = "--json", descriptionKey = "option.json")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Locale locale = Cli.locale();
      try {
        LifetimeValueFit.Model chosen = model();
        LocalDate end = calibrationEnd();
        if (chosen.needsAmounts() && amount == null) {
          throw new InvalidInputException(
              "--amount", null, Message.of("clv", "expected.amount", chosen.id()));
        }
        TransactionColumns columns =
            new TransactionColumns(customer, date, Optional.ofNullable(amount), datePattern());
        if (!Files.isReadable(transactions)) {
          throw new InvalidInputException(
              "--transactions", transactions, Message.of("importer", "file.expected"));
        }
        TransactionLog.Read read = TransactionLog.read(transactions, columns);
        List<CustomerSummary> summaries = read.summaries().summarise(end);
        if (summaries.isEmpty()) {
          throw new InvalidInputException(
              "--calibration-end", end, Message.of("clv", "expected.first.purchases"));
        }
        if (chosen.needsAmounts()
            && summaries.stream().noneMatch(s -> s.frequency() > 0 && s.meanRepeatSpend() > 0)) {
          throw new InvalidInputException(
              "--transactions", transactions, Message.of("clv", "expected.repeat.buyers"));
        }
        LifetimeValueFit.Result result = LifetimeValueFit.fit(chosen, summaries, end);
        out.println(json ? asJson(result, read.transactions()) : asSettings(result, locale));
        return 0;
      } catch (InvalidInputException e) {
        err.println(e.describe(locale));
        return EXIT_INVALID;
      } catch (TransactionLogException e) {
        err.println(e.describe(locale));
        return EXIT_INVALID;
      } catch (ModelInputException e) {
        err.println(
            Message.of("clv", "fit.unusable", e.field(), e.value(), e.expected()).in(locale));
        return EXIT_INVALID;
      } catch (ArithmeticException e) {
        err.println(Message.of("clv", "fit.failed", model, e.getMessage()).in(locale));
        return EXIT_FAILED;
      } finally {
        out.flush();
        err.flush();
      }
    }

    private LifetimeValueFit.Model model() {
      return Arrays.stream(LifetimeValueFit.Model.values())
          .filter(m -> m.id().equals(model.strip().toLowerCase(Locale.ROOT)))
          .findFirst()
          .orElseThrow(
              () ->
                  new InvalidInputException(
                      "--model",
                      model,
                      Message.of(
                          "errors",
                          "expected.one.of",
                          Arrays.stream(LifetimeValueFit.Model.values())
                              .map(LifetimeValueFit.Model::id)
                              .collect(Collectors.joining(", ")))));
    }

    private LocalDate calibrationEnd() {
      try {
        return LocalDate.parse(calibrationEnd.strip());
      } catch (DateTimeParseException e) {
        throw new InvalidInputException(
            "--calibration-end", calibrationEnd, Message.of("errors", "expected.date"));
      }
    }

    private Optional<String> datePattern() {
      if (dateFormat == null) {
        return Optional.empty();
      }
      try {
        java.time.format.DateTimeFormatter.ofPattern(dateFormat);
        return Optional.of(dateFormat);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            "--date-format", dateFormat, Message.of("importer", "mapping.pattern"));
      }
    }

    static String asJson(LifetimeValueFit.Result result, long transactions) {
      JsonObjectBuilder parameters = Json.createObjectBuilder();
      result.parameters().forEach(parameters::add);
      return Json.createObjectBuilder()
          .add("model", result.model().id())
          .add("parameters", parameters)
          .add("logLikelihood", result.logLikelihood())
          .add("customers", result.customers())
          .add("customersSummarised", result.customersSummarised())
          .add("transactions", transactions)
          .add("calibrationEnd", result.calibrationEnd().toString())
          .add("timeUnit", "weeks")
          .build()
          .toString();
    }

    /** Lines for the value plugin's .cfg file, under a comment saying what was fitted. */
    static String asSettings(LifetimeValueFit.Result result, Locale locale) {
      StringBuilder text =
          new StringBuilder("# ")
              .append(
                  Message.of(
                          "clv",
                          "fit.summary",
                          result.model().id(),
                          result.customers(),
                          result.logLikelihood(),
                          result.calibrationEnd().toString())
                      .in(locale));
      result
          .parameters()
          .forEach(
              (name, value) ->
                  text.append(System.lineSeparator())
                      .append(result.model().id())
                      .append('.')
                      .append(name)
                      .append(" = ")
                      .append(value));
      return text.toString();
    }
  }
}
