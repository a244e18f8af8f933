package org.tailor.scoring.rules.language;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import org.tailor.plugin.CandidateOffer;

/**
 * The results of rules for the offers of one decision, each rule evaluated once per distinct value
 * of the offer variables it reads: a rule that reads none ({@code hour >= 15 && known}) is
 * evaluated once for all offers, one that reads {@code category} once per category. The result for
 * an offer is the one evaluating the rule on that offer's own facts would give, since the other
 * offer variables cannot change it. A rule that fails fails again for every offer it is asked for
 * (failures are not remembered, so each names its offer). Not thread-safe: one per decision.
 */
public final class RuleResults {

  private final RuleFacts.DecisionFacts decision;
  private final Map<CompiledRule, Map<Object, Object>> results = new IdentityHashMap<>();

  /** Results for the decision whose shopper and context these facts describe. */
  public RuleResults(RuleFacts.DecisionFacts decision) {
    this.decision = Objects.requireNonNull(decision, "decision");
  }

  /** Whether a {@link RuleKind#CONDITION} holds for the offer in this decision. */
  public boolean test(CompiledRule condition, CandidateOffer offer) throws RuleEvaluationException {
    Map<Object, Object> known = results.computeIfAbsent(condition, rule -> new HashMap<>());
    Object key = condition.offerKey(offer);
    Object result = known.get(key);
    if (result == null) {
      result = condition.test(decision.offer(offer));
      known.put(key, result);
    }
    return (Boolean) result;
  }

  /** The value of a {@link RuleKind#SCORE} for the offer in this decision. */
  public double score(CompiledRule score, CandidateOffer offer) throws RuleEvaluationException {
    Map<Object, Object> known = results.computeIfAbsent(score, rule -> new HashMap<>());
    Object key = score.offerKey(offer);
    Object result = known.get(key);
    if (result == null) {
      result = score.score(decision.offer(offer));
      known.put(key, result);
    }
    return (Double) result;
  }
}
