package org.tailor.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tailor clv fit}, through the root command as a user types it. */
class ClvCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Locale defaultLocale;

  @BeforeEach
  void english() {
    defaultLocale = Locale.getDefault();
    Locale.setDefault(Locale.ENGLISH);
  }

  @AfterEach
  void restoreLocale() {
    Locale.setDefault(defaultLocale);
  }

  int run(String... args) {
    CommandLine command = TailorCommand.commandLine();
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    String[] full = new String[args.length + 2];
    full[0] = "clv";
    full[1] = "fit";
    System.arraycopy(args, 0, full, 2, args.length);
    return command.execute(full);
  }

  Path file(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  /** 400 shoppers buying at random over 2024, a few of them twice on one day. */
  Path syntheticLog() throws Exception {
    Random random = new Random(7);
    StringBuilder csv = new StringBuilder("customer,day,amount\n");
    LocalDate start = LocalDate.of(2024, 1, 1);
    for (int shopper = 1; shopper <= 400; shopper++) {
      int day = random.nextInt(90);
      double rate = random.nextDouble() * 0.1;
      int lifetime = random.nextInt(400);
      do {
        csv.append("c")
            .append(shopper)
            .append(',')
            .append(start.plusDays(day))
            .append(',')
            .append(String.format(Locale.ROOT, "%.2f", 5 + random.nextDouble() * 40))
            .append('\n');
        day += 1 + (int) (-Math.log(1 - random.nextDouble()) / Math.max(rate, 0.005));
      } while (day < Math.min(lifetime, 365));
    }
    return file("log.csv", csv.toString());
  }

  @Test
  void fitsBgNbdAndPrintsParametersLogLikelihoodAndShoppersAsJson() throws Exception {
    Path log = syntheticLog();
    int exit =
        run(
            "--model",
            "bgnbd",
            "--transactions",
            log.toString(),
            "--customer",
            "customer",
            "--date",
            "day",
            "--amount",
            "amount",
            "--calibration-end",
            "2024-09-30",
            "--json");

    assertThat(exit).as(err.toString()).isZero();
    JsonObject json = Json.createReader(new StringReader(out.toString())).readObject();
    assertThat(json.getString("model")).isEqualTo("bgnbd");
    assertThat(json.getJsonObject("parameters").keySet()).containsExactly("r", "alpha", "a", "b");
    assertThat(json.getJsonObject("parameters").getJsonNumber("r").doubleValue()).isPositive();
    assertThat(json.getJsonNumber("logLikelihood").doubleValue()).isNegative();
    assertThat(json.getInt("customers")).isEqualTo(400);
    assertThat(json.getString("calibrationEnd")).isEqualTo("2024-09-30");
  }

  @Test
  void withoutJsonPrintsSettingsForThePluginConfiguration() throws Exception {
    Path log = syntheticLog();
    int exit =
        run(
            "--model",
            "gammagamma",
            "--transactions",
            log.toString(),
            "--customer",
            "customer",
            "--date",
            "day",
            "--amount",
            "amount",
            "--calibration-end",
            "2024-09-30");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString().lines())
        .first()
        .asString()
        .startsWith("# gammagamma fitted to ")
        .endsWith("calibration to 2024-09-30; times in weeks.");
    assertThat(out.toString().lines().skip(1))
        .hasSize(3)
        .allMatch(line -> line.matches("gammagamma\\.(p|q|gamma) = [0-9.E-]+"));
  }

  @Test
  void cdnowFitFromTheTransactionFileMatchesThePublishedParameters() throws Exception {
    Path log = Path.of("../../shared/data/cdnow/cdnowElog.csv").toAbsolutePath().normalize();
    assumeThat(Files.isRegularFile(log))
        .as("CDNOW data absent at %s; skipping the command's reference run", log)
        .isTrue();
    int exit =
        run(
            "--model",
            "paretonbd",
            "--transactions",
            log.toString(),
            "--customer",
            "masterid",
            "--date",
            "date",
            "--amount",
            "sales",
            "--calibration-end",
            "1997-09-30",
            "--json");

    assertThat(exit).as(err.toString()).isZero();
    JsonObject json = Json.createReader(new StringReader(out.toString())).readObject();
    JsonObject parameters = json.getJsonObject("parameters");
    // REFERENCES.md 1b: r, alpha, s, beta = 0.553, 10.578, 0.606, 11.669 (FHL 2005).
    assertThat(parameters.getJsonNumber("r").doubleValue()).isCloseTo(0.553, within(0.00553));
    assertThat(parameters.getJsonNumber("alpha").doubleValue()).isCloseTo(10.578, within(0.106));
    assertThat(parameters.getJsonNumber("s").doubleValue()).isCloseTo(0.606, within(0.00606));
    assertThat(parameters.getJsonNumber("beta").doubleValue()).isCloseTo(11.669, within(0.117));
    assertThat(json.getInt("customers")).isEqualTo(2357);
    assertThat(json.getInt("transactions")).isEqualTo(6919);
  }

  @Test
  void aMissingColumnNamesTheFileAndTheColumnsItHas() throws Exception {
    Path log = file("tx.csv", "customer,day,amount\nc1,2024-01-01,3.50\n");
    int exit =
        run(
            "--model",
            "bgnbd",
            "--transactions",
            log.toString(),
            "--customer",
            "buyer",
            "--date",
            "day",
            "--calibration-end",
            "2024-09-30");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo(
            "tx.csv line 1: the header has no column \"buyer\" (it has: customer, day, amount).");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aBadDateNamesTheLineTheColumnTheValueAndTheExpectedForm() throws Exception {
    Path log = file("tx.csv", "customer,day,amount\nc1,2024-01-01,3.50\nc2,2024-13-01,4.00\n");
    int exit =
        run(
            "--model",
            "bgnbd",
            "--transactions",
            log.toString(),
            "--customer",
            "customer",
            "--date",
            "day",
            "--calibration-end",
            "2024-09-30");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo(
            "tx.csv line 3, column day: \"2024-13-01\" is not a date written as yyyy-MM-dd,"
                + " yyyyMMdd.");
  }

  @Test
  void aGivenDateFormatIsUsedAndABadAmountIsNamed() throws Exception {
    Path log = file("tx.csv", "customer,day,amount\nc1,01.02.2024,3.50\nc1,05.02.2024,12.5O\n");
    int exit =
        run(
            "--model",
            "gammagamma",
            "--transactions",
            log.toString(),
            "--customer",
            "customer",
            "--date",
            "day",
            "--amount",
            "amount",
            "--date-format",
            "dd.MM.yyyy",
            "--calibration-end",
            "2024-09-30");

    assertThat(exit).isEqualTo(2);
    // The date of line 2 was read with the pattern; line 3's amount has a letter O for a zero.
    assertThat(err.toString().strip())
        .isEqualTo(
            "tx.csv line 3, column amount: \"12.5O\" is not a number (with \".\" as the decimal"
                + " separator).");
  }

  @Test
  void theSpendModelWithoutAnAmountColumnSaysWhatIsMissingInTheReadersLanguage() throws Exception {
    Locale.setDefault(Locale.forLanguageTag("es"));
    Path log = file("tx.csv", "customer,day\nc1,2024-01-01\n");
    int exit =
        run(
            "--model",
            "gammagamma",
            "--transactions",
            log.toString(),
            "--customer",
            "customer",
            "--date",
            "day",
            "--calibration-end",
            "2024-09-30");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("--amount")
        .contains("el modelo gammagamma necesita los importes de las compras");
  }

  @Test
  void anUnknownModelAndABadCalibrationEndAreRefusedWithWhatWasExpected() throws Exception {
    Path log = file("tx.csv", "customer,day\nc1,2024-01-01\n");
    assertThat(
            run(
                "--model",
                "weibull",
                "--transactions",
                log.toString(),
                "--customer",
                "customer",
                "--date",
                "day",
                "--calibration-end",
                "2024-09-30"))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("--model: \"weibull\" is not valid.")
        .contains("bgnbd, paretonbd, gammagamma");

    assertThat(
            run(
                "--model",
                "bgnbd",
                "--transactions",
                log.toString(),
                "--customer",
                "customer",
                "--date",
                "day",
                "--calibration-end",
                "30/09/2024"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--calibration-end: \"30/09/2024\" is not valid.");
  }
}
