package org.tailor.server.permission;

/**
 * Why the host would not hand a message to a channel. Some refusals are for good (the message is
 * blocked), others only for now (the message waits and is tried again).
 */
public enum Refusal {
  /** No current grant for this shopper, channel and purpose. */
  NO_CONSENT(true),
  /** An email address whose double opt-in has not been confirmed. */
  ADDRESS_NOT_CONFIRMED(true),
  /** The shopper or the address is on the do-not-contact list. */
  DO_NOT_CONTACT(true),
  /** The shopper had as many messages on this channel as the period allows. */
  FREQUENCY_CAP(false),
  /** It is night (or another quiet time) in the shopper's time zone. */
  QUIET_HOURS(false);

  private final boolean permanent;

  Refusal(boolean permanent) {
    this.permanent = permanent;
  }

  /** True when trying again later cannot help. */
  public boolean permanent() {
    return permanent;
  }
}
