package org.tailor.scoring.rules.language;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

/** A rule that compiled; safe to evaluate from many threads. */
public final class CompiledRule {

  private final String source;
  private final RuleKind kind;
  private final CelRuntime.Program program;

  CompiledRule(String source, RuleKind kind, CelRuntime.Program program) {
    this.source = source;
    this.kind = kind;
    this.program = program;
  }

  public String source() {
    return source;
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
