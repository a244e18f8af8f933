package org.tailor.scoring.rules.language;

/**
 * A rule that does not compile: the first mistake, where it is, and the rule with a caret under it.
 */
public final class RuleSyntaxException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;
  private final String problem;
  private final String pointer;

  RuleSyntaxException(int line, int column, String problem, String pointer) {
    this(
        "line " + line + ", column " + column + ": " + problem + "\n" + pointer,
        line,
        column,
        problem,
        pointer);
  }

  /** The same mistake, found in the named field of a larger definition, such as {@code when}. */
  public RuleSyntaxException(String field, RuleSyntaxException mistake) {
    this(
        field + ": " + mistake.getMessage(),
        mistake.line,
        mistake.column,
        mistake.problem,
        mistake.pointer);
  }

  private RuleSyntaxException(
      String message, int line, int column, String problem, String pointer) {
    super(message);
    this.line = line;
    this.column = column;
    this.problem = problem;
    this.pointer = pointer;
  }

  /** 1-based line of the mistake. */
  public int line() {
    return line;
  }

  /** 1-based column of the mistake. */
  public int column() {
    return column;
  }

  /** What is wrong, such as {@code undeclared reference to 'langauge'}. */
  public String problem() {
    return problem;
  }

  /** The line of the rule in error with a caret under the mistake. */
  public String pointer() {
    return pointer;
  }
}
