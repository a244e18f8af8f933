package org.tailor.scoring.rules.language;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.ShopperProfile;

class RuleCompilerTest {

  private final RuleCompiler compiler = new RuleCompiler();

  private static final CandidateOffer TEA =
      new CandidateOffer(
          "tea-10",
          Optional.of("tea"),
          Optional.of(new BigDecimal("10")),
          Optional.empty(),
          Optional.of("spring"));

  /** Ana, born on 2 March, at the kiosk on Monday 2 March 2026 at 16:30 UTC. */
  private static final DecisionContext ANA =
      new DecisionContext(
          Optional.of(
              new ShopperProfile(
                  "L-1",
                  Optional.of("Ana"),
                  "es",
                  Optional.of(LocalDate.of(1990, 3, 2)),
                  List.of("tea", "cake"),
                  Map.of("tier", "gold"))),
          "S1",
          Optional.of("K1"),
          "kiosk",
          Instant.parse("2026-03-02T16:30:00Z"));

  private static final DecisionContext NEWCOMER =
      new DecisionContext(
          Optional.empty(), "S1", Optional.empty(), "kiosk", Instant.parse("2026-03-02T09:00:00Z"));

  @Test
  void conditionsSeeTheShopperTheContextAndTheOffer() throws Exception {
    assertThat(test("category in preferredCategories && hour >= 15 && weekday == 1", ANA)).isTrue();
    assertThat(test("birthdayToday && language == \"es\" && firstName == \"Ana\"", ANA)).isTrue();
    assertThat(test("attributes[\"tier\"] == \"gold\" && campaign == \"spring\"", ANA)).isTrue();
    assertThat(test("known", NEWCOMER)).isFalse();
    assertThat(test("!known && terminal == \"\" && birthdayMonth == 0", NEWCOMER)).isTrue();
  }

  @Test
  void scoresMayBeIntegersOrDecimalsComputedFromTheFacts() throws Exception {
    RuleFacts facts = RuleFacts.of(ANA, TEA);
    assertThat(compiler.compile("2", RuleKind.SCORE).score(facts)).isEqualTo(2.0);
    assertThat(compiler.compile("discountPercent / 4.0", RuleKind.SCORE).score(facts))
        .isEqualTo(2.5);
  }

  @Test
  void aMisspeltNameIsRefusedWithItsLineColumnAndACaret() {
    assertThatThrownBy(() -> compiler.compile("known &&\n  langauge == \"es\"", RuleKind.CONDITION))
        .isInstanceOfSatisfying(
            RuleSyntaxException.class,
            e -> {
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.column()).isEqualTo(3);
              assertThat(e.problem()).contains("langauge");
              assertThat(e.pointer()).isEqualTo("  langauge == \"es\"\n  ^");
            });
  }

  @Test
  void aSyntaxErrorOrAWrongTypeIsRefused() {
    assertThatThrownBy(() -> compiler.compile("hour >= ", RuleKind.CONDITION))
        .isInstanceOf(RuleSyntaxException.class);
    assertThatThrownBy(() -> compiler.compile("hour >= \"15\"", RuleKind.CONDITION))
        .isInstanceOfSatisfying(
            RuleSyntaxException.class, e -> assertThat(e.problem()).contains("_>=_"));
    assertThatThrownBy(() -> compiler.compile("hour + 1", RuleKind.CONDITION))
        .isInstanceOfSatisfying(
            RuleSyntaxException.class,
            e -> assertThat(e.problem()).contains("gives a int", "expected a condition"));
    assertThatThrownBy(() -> compiler.compile("known", RuleKind.SCORE))
        .isInstanceOfSatisfying(
            RuleSyntaxException.class, e -> assertThat(e.problem()).contains("expected a number"));
    assertThatThrownBy(() -> compiler.compile("  ", RuleKind.CONDITION))
        .isInstanceOfSatisfying(
            RuleSyntaxException.class, e -> assertThat(e.problem()).contains("empty"));
    assertThatThrownBy(
            () -> compiler.compile("1 == 1 || ".repeat(300) + "true", RuleKind.CONDITION))
        .isInstanceOfSatisfying(
            RuleSyntaxException.class, e -> assertThat(e.problem()).contains("2000"));
  }

  @Test
  void aMissingAttributeFailsOnlyWhenUnguarded() throws Exception {
    CompiledRule unguarded = compiler.compile("attributes[\"pet\"] == \"dog\"", RuleKind.CONDITION);
    assertThatThrownBy(() -> unguarded.test(RuleFacts.of(ANA, TEA)))
        .isInstanceOf(RuleEvaluationException.class)
        .hasMessageContaining("pet");
    assertThat(test("\"pet\" in attributes && attributes[\"pet\"] == \"dog\"", ANA)).isFalse();
  }

  @Test
  void theVocabularyNamesEveryVariable() {
    assertThat(RuleCompiler.vocabulary())
        .containsEntry("hour", "int")
        .containsEntry("preferredCategories", "list")
        .hasSize(19);
  }

  private boolean test(String rule, DecisionContext context) throws Exception {
    return compiler.compile(rule, RuleKind.CONDITION).test(RuleFacts.of(context, TEA));
  }
}
