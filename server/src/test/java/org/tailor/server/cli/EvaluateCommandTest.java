package org.tailor.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.plugin.host.PresentationRecord;
import org.tailor.plugin.host.RedemptionRecord;
import org.tailor.plugin.host.ShownOffer;
import org.tailor.server.decision.DatabaseDecisionLog;
import org.tailor.server.offer.OfferDetails;
import org.tailor.server.offer.OfferService;
import org.tailor.server.offer.OfferText;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.DatabaseSettings;
import org.tailor.server.store.StoreDetails;
import org.tailor.server.store.StoreService;
import picocli.CommandLine;

/**
 * {@code tailor evaluate policy} on a small log worked out by hand: coffee-10 shown first twice
 * (redeemed once), tea-10 twice (never), each with logged probability ½.
 */
class EvaluateCommandTest {

  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path dir;
  private Path config;
  private Locale defaultLocale;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void setUp() throws Exception {
    defaultLocale = Locale.getDefault();
    Locale.setDefault(Locale.ENGLISH);
    config = dir.resolve("tailor.properties");
    Files.writeString(
        config, "tailor.data.dir=" + dir.resolve("data").toString().replace('\\', '/'));
    try (Database database = Database.open(DatabaseSettings.embedded(dir.resolve("data")))) {
      new StoreService(database, CLOCK)
          .createStore(
              new StoreDetails("S1", "High Street", Optional.empty(), Optional.empty(), "UTC"));
      OfferService offers = new OfferService(database, CLOCK);
      offers.createOffer(offer("coffee-10"));
      offers.createOffer(offer("tea-10"));
      DatabaseDecisionLog log = new DatabaseDecisionLog(database);
      String first = present(log, "coffee-10", "tea-10");
      present(log, "coffee-10", "tea-10");
      present(log, "tea-10", "coffee-10");
      present(log, "tea-10", "coffee-10");
      log.recordRedemption(
          new RedemptionRecord(
              "m-1",
              Optional.of(first),
              "coffee-10",
              Optional.empty(),
              "S1",
              Optional.empty(),
              NOW.plusSeconds(60),
              new BigDecimal("10.00")));
    }
  }

  @AfterEach
  void restoreLocale() {
    Locale.setDefault(defaultLocale);
  }

  @Test
  void uniformPolicyOnAUniformLogIsTheLoggedRate() {
    assertThat(run("evaluate", "policy", "--policy", "uniform")).isZero();
    JsonObject json = json();
    assertThat(json.getInt("rounds")).isEqualTo(4);
    assertThat(json.getJsonObject("loggedPolicy").getJsonNumber("value").doubleValue())
        .isCloseTo(0.25, within(1e-12));
    // π = ½ = p₀ for every round: every weight is 1, IPS = SNIPS = the logged rate.
    assertThat(value(json, 0)).isCloseTo(0.25, within(1e-12));
    assertThat(value(json, 1)).isCloseTo(0.25, within(1e-12));
  }

  @Test
  void bestRatePolicyByHand() {
    // Rates (r + 1)/(n + 2): coffee 2/4 = 0.5, tea 1/4 = 0.25; best coffee. ε = 0.2:
    // π(coffee) = 0.9, π(tea) = 0.1; weights 1.8 and 0.2.
    // IPS = (1.8 + 0 + 0 + 0)/4 = 0.45; SNIPS = 1.8 / 4.0 = 0.45;
    // DM = 0.9·0.5 + 0.1·0.25 = 0.475; DR = (1.375 − 0.425 + 0.425 + 0.425)/4 = 0.45.
    assertThat(run("evaluate", "policy", "--policy", "best_rate", "--epsilon", "0.2")).isZero();
    JsonObject json = json();
    assertThat(json.getString("policy")).isEqualTo("best-rate");
    assertThat(json.getJsonArray("estimates").getJsonObject(0).getString("estimator"))
        .isEqualTo("ips");
    assertThat(value(json, 0)).isCloseTo(0.45, within(1e-12));
    assertThat(value(json, 1)).isCloseTo(0.45, within(1e-12));
    assertThat(value(json, 2)).isCloseTo(0.475, within(1e-12));
    assertThat(value(json, 3)).isCloseTo(0.45, within(1e-12));
    JsonObject ips = json.getJsonArray("estimates").getJsonObject(0);
    assertThat(ips.getJsonNumber("lower").doubleValue()).isLessThan(0.45);
    assertThat(ips.getJsonNumber("upper").doubleValue()).isGreaterThan(0.45);
  }

  @Test
  void refusesAnEpsilonOutOfRangeAndAnEmptyPeriodInOneLine() {
    assertThat(run("evaluate", "policy", "--policy", "best_rate", "--epsilon", "1.5"))
        .isEqualTo(EvaluateCommand.BAD_INPUT);
    assertThat(err.toString()).contains("--epsilon \"1.5\": expected a number from 0 to 1.");
    assertThat(run("evaluate", "policy", "--policy", "uniform", "--from", "2030-01-01T00:00:00Z"))
        .isEqualTo(EvaluateCommand.BAD_INPUT);
    assertThat(err.toString()).contains("No logged presentations shown from 2030-01-01T00:00:00Z");
    assertThat(out.toString()).isEmpty();
  }

  private static double value(JsonObject json, int estimator) {
    return json.getJsonArray("estimates")
        .getJsonObject(estimator)
        .getJsonNumber("value")
        .doubleValue();
  }

  private JsonObject json() {
    try (JsonReader reader = Json.createReader(new StringReader(out.toString()))) {
      return reader.readObject();
    }
  }

  private static String present(DatabaseDecisionLog log, String first, String second) {
    return log.recordPresentation(
        new PresentationRecord(
            Optional.empty(),
            "S1",
            Optional.empty(),
            "kiosk",
            NOW,
            List.of(
                new ShownOffer(first, 1, 0.5, "test"), new ShownOffer(second, 2, 1.0, "test"))));
  }

  private static OfferDetails offer(String code) {
    return new OfferDetails(
        code,
        code,
        "percent_off",
        Optional.of(new BigDecimal("10")),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        NOW.minus(Duration.ofDays(1)),
        NOW.plus(Duration.ofDays(30)),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "active",
        Map.of("en", new OfferText(code, "This week.")),
        List.of(),
        List.of());
  }

  private int run(String... args) {
    String[] withConfig = new String[args.length + 2];
    System.arraycopy(args, 0, withConfig, 0, 2);
    withConfig[2] = "--config";
    withConfig[3] = config.toString();
    System.arraycopy(args, 2, withConfig, 4, args.length - 2);
    CommandLine line = TailorCommand.commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return line.execute(withConfig);
  }
}
