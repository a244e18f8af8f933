package org.tailor.server.trigger;

/** The moments that send a shopper a message on their own. */
public enum TriggerKind {
  /** The shopper's birthday, or a household member's: once a year each. */
  BIRTHDAY("birthday"),
  /** A shopper the lifetime-value model thinks has probably left: once a quarter at most. */
  LAPSED("lapsed"),
  /** A few days after a shopper's first purchase: once ever. */
  FIRST_PURCHASE("first-purchase");

  private final String id;

  TriggerKind(String id) {
    this.id = id;
  }

  /** The trigger's name in settings, templates and keys, such as {@code first-purchase}. */
  public String id() {
    return id;
  }
}
