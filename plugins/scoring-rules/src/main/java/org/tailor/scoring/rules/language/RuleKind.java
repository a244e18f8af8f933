package org.tailor.scoring.rules.language;

/** What a rule computes. */
public enum RuleKind {
  /** A condition: true or false, such as an offer's eligibility. */
  CONDITION,
  /** A number: a score. Integers are accepted and read as decimals. */
  SCORE
}
