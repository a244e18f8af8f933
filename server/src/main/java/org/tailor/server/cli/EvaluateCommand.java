package org.tailor.server.cli;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.text.MessageFormat;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.Callable;
import org.tailor.server.evaluation.CandidatePolicy;
import org.tailor.server.evaluation.LoggedPresentations;
import org.tailor.server.evaluation.LoggedPresentations.FirstSlot;
import org.tailor.server.evaluation.PolicyEvaluation;
import org.tailor.server.evaluation.offpolicy.OffPolicyEstimators;
import org.tailor.server.evaluation.offpolicy.PolicyValueEstimate;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tailor evaluate policy}: judges a candidate policy on the logged presentations before it
 * goes live, printing IPS, self-normalised IPS, direct-method and doubly robust estimates of its
 * first-slot redemption rate with 95 % normal (CLT) intervals as JSON.
 */
@Command(
    name = "evaluate",
    resourceBundle = "i18n.evaluate",
    mixinStandardHelpOptions = true,
    subcommands = EvaluateCommand.Policy.class)
public final class EvaluateCommand implements Runnable {

  /** Exit code when there is nothing to evaluate on, or bad input. */
  static final int BAD_INPUT = 2;

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The candidate policies the command knows. */
  enum PolicyName {
    UNIFORM,
    BEST_RATE
  }

  /** {@code tailor evaluate policy}. */
  @Command(name = "policy", mixinStandardHelpOptions = true)
  static final class Policy implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin ConfigOption config;

    @Option(names = "--policy", required = true, paramLabel = "NAME", descriptionKey = "policy")
    PolicyName policy;

    @Option(
        names = "--epsilon",
        defaultValue = "0.05",
        paramLabel = "EPSILON",
        descriptionKey = "epsilon")
    double epsilon;

    @Option(
        names = "--from",
        defaultValue = "1970-01-01T00:00:00Z",
        paramLabel = "INSTANT",
        descriptionKey = "from")
    Instant from;

    @Option(
        names = "--to",
        defaultValue = "9999-12-31T00:00:00Z",
        paramLabel = "INSTANT",
        descriptionKey = "to")
    Instant to;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      ResourceBundle messages = ResourceBundle.getBundle("i18n.evaluate", Locale.getDefault());
      if (!(epsilon >= 0 && epsilon <= 1)) {
        err.println(
            MessageFormat.format(
                messages.getString("evaluate.bad.epsilon"), String.valueOf(epsilon)));
        err.flush();
        return BAD_INPUT;
      }
      List<FirstSlot> slots;
      try (Database database = Database.open(DatabaseSettings.from(config.load()))) {
        slots = LoggedPresentations.read(database, from, to);
      }
      if (slots.isEmpty()) {
        err.println(MessageFormat.format(messages.getString("evaluate.nothing"), from, to));
        err.flush();
        return BAD_INPUT;
      }
      CandidatePolicy candidate =
          switch (policy) {
            case UNIFORM -> new CandidatePolicy.Uniform();
            case BEST_RATE ->
                new CandidatePolicy.BestRate(PolicyEvaluation.offerRates(slots), epsilon);
          };
      PolicyEvaluation.Report report = PolicyEvaluation.evaluate(slots, candidate);
      JsonObjectBuilder json =
          Json.createObjectBuilder()
              .add("policy", report.policy())
              .add("epsilon", policy == PolicyName.BEST_RATE ? epsilon : 0)
              .add("from", from.toString())
              .add("to", to.toString())
              .add("rounds", report.rounds())
              .add("reward", "first-slot offer redeemed")
              .add(
                  "interval", "95% normal (central limit theorem), z = " + OffPolicyEstimators.Z_95)
              .add("loggedPolicy", estimate(report.loggedRate()));
      JsonArrayBuilder estimates = Json.createArrayBuilder();
      report.estimates().forEach(e -> estimates.add(estimate(e)));
      json.add("estimates", estimates);
      JsonWriterFactory writers =
          Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));
      StringWriter text = new StringWriter();
      try (JsonWriter writer = writers.createWriter(text)) {
        writer.writeObject(json.build());
      }
      out.println(text.toString().strip());
      out.flush();
      return 0;
    }

    private static JsonObjectBuilder estimate(PolicyValueEstimate e) {
      JsonObjectBuilder json = Json.createObjectBuilder().add("estimator", e.estimator());
      addNumber(json, "value", e.value());
      addNumber(json, "standardError", e.standardError());
      addNumber(json, "lower", e.lower());
      addNumber(json, "upper", e.upper());
      return json;
    }

    private static void addNumber(JsonObjectBuilder json, String name, double value) {
      if (Double.isFinite(value)) {
        json.add(name, value);
      } else {
        json.addNull(name);
      }
    }
  }
}
