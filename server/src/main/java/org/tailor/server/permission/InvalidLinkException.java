package org.tailor.server.permission;

import org.tailor.server.i18n.Message;
import org.tailor.server.validation.InvalidInputException;

/** An unsubscribe or opt-in link that was altered, is not one of ours, or has expired. */
public final class InvalidLinkException extends InvalidInputException {

  private static final long serialVersionUID = 1L;

  /** What is wrong with the link. */
  public enum Problem {
    /** Not a link in our format at all. */
    MALFORMED,
    /** The signature does not match: the link was altered or signed with another key. */
    TAMPERED,
    /** The link was valid but its time is up. */
    EXPIRED,
    /** No such token was ever issued. */
    UNKNOWN
  }

  private final Problem problem;

  public InvalidLinkException(String token, Problem problem) {
    super(
        "token",
        token,
        Message.of(
            "permission",
            problem == Problem.EXPIRED ? "expected.link.current" : "expected.link.unaltered"));
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
