package org.tailor.server.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.OfferScore;
import org.tailor.plugin.ShopperProfile;
import org.tailor.scoring.rules.ScoringRule;
import org.tailor.server.config.TailorSettings;

/** The scoring-rules bundle installed in a running Felix framework, its rules in config files. */
class ScoringRulesPluginTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private static final DecisionContext ANA_AT_TEA_TIME =
      new DecisionContext(
          Optional.of(
              new ShopperProfile(
                  "L-1", Optional.of("Ana"), "es", Optional.empty(), List.of("tea"), Map.of())),
          "S1",
          Optional.of("K1"),
          "kiosk",
          Instant.parse("2026-03-02T16:00:00Z"));

  private static final List<CandidateOffer> OFFERS =
      List.of(offer("tea-10", "tea", "10"), offer("coffee-20", "coffee", "20"));

  @TempDir Path root;
  private PluginHost host;

  @BeforeEach
  void start() throws Exception {
    host =
        new PluginHost(
            TailorSettings.of(
                Map.of(
                    "tailor.data.dir",
                    root.resolve("data").toString(),
                    "tailor.plugins.config.dir",
                    root.resolve("config").toString(),
                    PluginHost.POLL_SETTING,
                    "50")));
    host.start();
    Files.createDirectories(root.resolve("config"));
    ModuleBundles.drop(ScoringRule.class, root.resolve("data/plugins"), "scoring-rules.jar");
  }

  @AfterEach
  void stop() {
    host.close();
  }

  private static CandidateOffer offer(String code, String category, String percent) {
    return new CandidateOffer(
        code,
        Optional.of(category),
        Optional.of(new BigDecimal(percent)),
        Optional.empty(),
        Optional.empty());
  }

  private void rule(String name, String... lines) throws Exception {
    Path staged = root.resolve(name + ".tmp");
    Files.writeString(staged, String.join("\n", lines) + "\n");
    Files.move(
        staged,
        root.resolve("config/org.tailor.scoring.rules.rule-" + name + ".cfg"),
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void aRuleInAConfigFileScoresTheOffersItsConditionHoldsFor() throws Exception {
    rule(
        "tea-time",
        "name = tea-time",
        "when = category in preferredCategories && hour >= 15",
        "score = discountPercent / 5.0",
        "description = tea lovers in the afternoon");

    // FileInstall may hand the new file to Configuration Admin more than once (created, then
    // modified), and each time the rule's component is registered anew: wait for an answer from it
    // rather than for its registration, which can be replaced between the two calls.
    PluginScores scores =
        await()
            .atMost(PATIENCE)
            .until(
                () ->
                    host.scoringPlugins().scoreAll(ANA_AT_TEA_TIME, OFFERS).answers().stream()
                        .filter(a -> a.pluginId().equals("rule.tea-time"))
                        .findFirst(),
                Optional::isPresent)
            .orElseThrow();
    assertThat(scores.scores())
        .containsExactly(new OfferScore("tea-10", 2.0, "tea lovers in the afternoon"));
  }

  @Test
  void aRuleThatDoesNotCompileIsReportedWithWhereTheMistakeIsAndTheOthersKeepWorking()
      throws Exception {
    rule("good", "name = good", "when = category == \"coffee\"", "score = 1");
    rule("typo", "name = typo", "when = langauge == \"es\"", "score = 1");

    await().atMost(PATIENCE).until(() -> host.scoringPlugins().ids().contains("rule.good"));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(
                        host.status().stream()
                            .filter(s -> s.symbolicName().equals("org.tailor.scoring.rules"))
                            .flatMap(s -> s.components().stream())
                            .flatMap(c -> c.failure().stream()))
                    .anySatisfy(
                        failure ->
                            assertThat(failure).contains("when", "line 1, column 1", "langauge")));
    assertThat(host.scoringPlugins().ids()).doesNotContain("rule.typo");
    assertThat(host.scoringPlugins().scoreAll(ANA_AT_TEA_TIME, OFFERS).answers())
        .anySatisfy(
            a ->
                assertThat(a.scores())
                    .extracting(OfferScore::offerCode)
                    .containsExactly("coffee-20"));
  }
}
