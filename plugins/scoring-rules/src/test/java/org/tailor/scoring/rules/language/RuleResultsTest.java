package org.tailor.scoring.rules.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.ShopperProfile;

class RuleResultsTest {

  private final RuleCompiler compiler = new RuleCompiler();

  private static final DecisionContext ANA =
      new DecisionContext(
          Optional.of(
              new ShopperProfile(
                  "L-1",
                  Optional.of("Ana"),
                  "es",
                  Optional.empty(),
                  List.of("tea"),
                  Map.of("tier", "gold"))),
          "S1",
          Optional.of("K1"),
          "kiosk",
          Instant.parse("2026-03-02T16:30:00Z"));

  /** Offers of three categories, two campaigns, percentages and amounts, some without any. */
  private static List<CandidateOffer> offers() {
    List<CandidateOffer> offers = new ArrayList<>();
    String[] categories = {"tea", "coffee", "cake"};
    for (int i = 0; i < 30; i++) {
      offers.add(
          new CandidateOffer(
              "offer-" + i,
              i % 7 == 0 ? Optional.empty() : Optional.of(categories[i % 3]),
              i % 2 == 0 ? Optional.of(new BigDecimal(5 * (i % 4))) : Optional.empty(),
              i % 2 == 1
                  ? Optional.of(new BigDecimal("0.50").multiply(BigDecimal.valueOf(i % 3)))
                  : Optional.empty(),
              i % 5 == 0 ? Optional.of("spring") : Optional.empty()));
    }
    return offers;
  }

  @Test
  void theOfferVariablesARuleReadsAreFound() throws Exception {
    assertThat(
            compiler
                .compile("category == \"tea\" && hour >= 15", RuleKind.CONDITION)
                .offerVariables())
        .containsExactly("category");
    assertThat(compiler.compile("known && hour >= 15", RuleKind.CONDITION).readsOffer()).isFalse();
    assertThat(
            compiler
                .compile(
                    "discountPercent / 10.0 + (campaign == \"spring\" ? 1.0 : 0.0)", RuleKind.SCORE)
                .offerVariables())
        .containsExactlyInAnyOrder("discountPercent", "campaign");
    // a name only in a string counts too: more evaluations, never a wrong answer
    assertThat(compiler.compile("\"offerCode\" in attributes", RuleKind.CONDITION).offerVariables())
        .containsExactly("offerCode");
    // a longer name that merely contains one does not
    assertThat(compiler.compile("preferredCategories.size() > 0", RuleKind.CONDITION).readsOffer())
        .isFalse();
  }

  @Test
  void resultsAreThoseOfEvaluatingEachOfferOnItsOwnFacts() throws Exception {
    List<CompiledRule> conditions =
        List.of(
            compiler.compile("category in preferredCategories && hour >= 15", RuleKind.CONDITION),
            compiler.compile("known && attributes[\"tier\"] == \"gold\"", RuleKind.CONDITION),
            compiler.compile("campaign == \"spring\" || discountAmount > 0.6", RuleKind.CONDITION),
            compiler.compile("offerCode.endsWith(\"7\")", RuleKind.CONDITION));
    List<CompiledRule> scores =
        List.of(
            compiler.compile("discountPercent / 5.0 + discountAmount", RuleKind.SCORE),
            compiler.compile("hour", RuleKind.SCORE),
            compiler.compile("category == \"cake\" ? 2 : 1", RuleKind.SCORE));
    RuleResults results = new RuleResults(RuleFacts.of(ANA));
    int held = 0;
    for (CandidateOffer offer : offers()) {
      RuleFacts own = RuleFacts.of(ANA, offer);
      for (CompiledRule condition : conditions) {
        boolean expected = condition.test(own);
        assertThat(results.test(condition, offer))
            .as("%s on %s", condition.source(), offer)
            .isEqualTo(expected);
        held += expected ? 1 : 0;
      }
      for (CompiledRule score : scores) {
        assertThat(results.score(score, offer))
            .as("%s on %s", score.source(), offer)
            .isEqualTo(score.score(own));
      }
    }
    assertThat(held).isGreaterThan(0).isLessThan(offers().size() * conditions.size());
  }
}
