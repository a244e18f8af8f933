package org.tailor.scoring.rules.language;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.tailor.plugin.CandidateOffer;

/**
 * A rule that compiled; safe to evaluate from many threads. Knows which of the offer's variables it
 * reads ({@link #offerVariables()}), so that a decision judging many offers evaluates it once per
 * distinct value of those ({@link RuleResults}) instead of once per offer.
 */
public final class CompiledRule {

  /** The variables that differ from offer to offer within one decision. */
  static final List<String> OFFER_VARIABLES =
      List.of("offerCode", "category", "campaign", "discountPercent", "discountAmount");

  private static final Object NO_OFFER_FACT = new Object();

  private final String source;
  private final RuleKind kind;
  private final CelRuntime.Program program;
  private final int[] offerFacts;

  CompiledRule(String source, RuleKind kind, CelRuntime.Program program) {
    this.source = source;
    this.kind = kind;
    this.program = program;
    this.offerFacts = offerFactsReadBy(source);
  }

  public String source() {
    return source;
  }

  /**
   * The offer variables the rule may read ({@code category}, {@code discountPercent}, …): every one
   * whose name occurs in the rule as a word, which CEL needs to read a variable at all (a name in a
   * string literal or as a map key counts too, which only costs an evaluation more).
   */
  public Set<String> offerVariables() {
    Set<String> names = new TreeSet<>();
    for (int fact : offerFacts) {
      names.add(OFFER_VARIABLES.get(fact));
    }
    return Collections.unmodifiableSet(names);
  }

  /** Whether the rule may read any offer variable; a rule that does not holds for all or none. */
  public boolean readsOffer() {
    return offerFacts.length > 0;
  }

  /**
   * A value that is equal for two offers exactly when the offer variables the rule reads are equal
   * for them: within one decision the rule gives the same result for both.
   */
  Object offerKey(CandidateOffer offer) {
    switch (offerFacts.length) {
      case 0:
        return NO_OFFER_FACT;
      case 1:
        return offerFact(offerFacts[0], offer);
      default:
        List<Object> key = new ArrayList<>(offerFacts.length);
        for (int fact : offerFacts) {
          key.add(offerFact(fact, offer));
        }
        return key;
    }
  }

  /** The value of an offer variable as {@link RuleFacts} gives it to CEL. */
  private static Object offerFact(int fact, CandidateOffer offer) {
    return switch (fact) {
      case 0 -> offer.offerCode();
      case 1 -> offer.category().orElse("");
      case 2 -> offer.campaignCode().orElse("");
      case 3 -> RuleFacts.number(offer.discountPercent());
      case 4 -> RuleFacts.number(offer.discountAmount());
      default -> throw new IllegalArgumentException("no offer fact " + fact);
    };
  }

  private static int[] offerFactsReadBy(String source) {
    List<Integer> read = new ArrayList<>();
    for (int fact = 0; fact < OFFER_VARIABLES.size(); fact++) {
      String name = OFFER_VARIABLES.get(fact);
      if (Pattern.compile("(?<![A-Za-z0-9_])" + name + "(?![A-Za-z0-9_])").matcher(source).find()) {
        read.add(fact);
      }
    }
    return read.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Whether a {@link RuleKind#CONDITION} holds for the facts. */
  public boolean test(RuleFacts facts) throws RuleEvaluationException {
    if (kind != RuleKind.CONDITION) {
      throw new IllegalStateException("not a condition: " + source);
    }
    return (Boolean) eval(facts);
  }

  /** The value of a {@link RuleKind#SCORE} for the facts; a finite number. */
  public double score(RuleFacts facts) throws RuleEvaluationException {
    if (kind != RuleKind.SCORE) {
      throw new IllegalStateException("not a score: " + source);
    }
    Object value = eval(facts);
    double score = value instanceof Number n ? n.doubleValue() : Double.NaN;
    if (!Double.isFinite(score)) {
      throw new RuleEvaluationException(
          "rule " + source + " gave " + value + ", expected a finite number", null);
    }
    return score;
  }

  private Object eval(RuleFacts facts) throws RuleEvaluationException {
    try {
      return program.eval(facts::find);
    } catch (CelEvaluationException e) {
      throw new RuleEvaluationException("rule " + source + " failed: " + e.getMessage(), e);
    }
  }
}
