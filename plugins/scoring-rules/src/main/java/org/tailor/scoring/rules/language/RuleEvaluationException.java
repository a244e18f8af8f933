package org.tailor.scoring.rules.language;

/** A compiled rule that failed on particular facts, such as a missing attribute key. */
public final class RuleEvaluationException extends Exception {
  private static final long serialVersionUID = 1L;

  RuleEvaluationException(String message, Throwable cause) {
    super(message, cause);
  }
}
