package org.tailor.server.reports;

/** Why an uplift figure should not be trusted as it stands. */
public enum UpliftWarning {
  /** No measured holdout presentations: the uplift cannot be measured. */
  NO_HOLDOUT("warning.no.holdout"),
  /** Fewer measured holdout presentations than the configured minimum. */
  HOLDOUT_TOO_SMALL("warning.holdout.small"),
  /** No measured treatment presentations yet. */
  NOT_MEASURED("warning.not.measured"),
  /** The 95 % interval of the response uplift includes zero. */
  NOT_SIGNIFICANT("warning.not.significant");

  private final String messageKey;

  UpliftWarning(String messageKey) {
    this.messageKey = messageKey;
  }

  /** The key of its text in the {@code reports} bundle. */
  public String messageKey() {
    return messageKey;
  }
}
