package org.tailor.server.offer;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.scoring.rules.language.CompiledRule;
import org.tailor.scoring.rules.language.RuleKind;
import org.tailor.scoring.rules.language.RuleResults;
import org.tailor.scoring.rules.language.RuleSyntaxException;

/**
 * An offer's eligibility rule: its text, and the condition compiled from it the first time a
 * decision asks, kept with the offer in the catalogue so that a decision neither compiles nor looks
 * the rule up. The catalogue gives the offers with the same text one instance (and keeps it across
 * its reloads while some offer has that text), so that they share one compiled rule and a decision
 * evaluates it once per distinct value of the offer facts it reads ({@link RuleResults}). Equal by
 * text. Thread-safe.
 */
public final class EligibilityRule {

  private static final Logger LOG = LoggerFactory.getLogger(EligibilityRule.class);

  private final String source;
  private final String offerCode;
  private volatile Optional<CompiledRule> compiled; // null until first asked for

  /**
   * @param source the rule's text
   * @param offerCode the code of the offer it was read for, named if it does not compile
   */
  EligibilityRule(String source, String offerCode) {
    this.source = source;
    this.offerCode = offerCode;
  }

  /** The rule's text. */
  public String source() {
    return source;
  }

  /**
   * The rule compiled as a condition, or empty if it does not compile (saved before rules were
   * checked, or written to the database directly): then its offers are to be left out. Compiled
   * and, if it fails, logged once.
   */
  public Optional<CompiledRule> compiled() {
    Optional<CompiledRule> known = compiled;
    return known != null ? known : compile();
  }

  private synchronized Optional<CompiledRule> compile() {
    if (compiled == null) {
      try {
        compiled = Optional.of(OfferService.RULES.compile(source, RuleKind.CONDITION));
      } catch (RuleSyntaxException e) {
        LOG.warn(
            "eligibility rule of offer {} does not compile, the offers with it are left out: {}",
            offerCode,
            e.getMessage());
        compiled = Optional.empty();
      }
    }
    return compiled;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EligibilityRule rule && rule.source.equals(source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return source;
  }
}
