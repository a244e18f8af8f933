package org.tailor.server.outbox;

/** Where a message in the outbox stands. */
public enum DeliveryStatus {
  /** Waiting for its next attempt. */
  PENDING,
  /** A channel plugin delivered it. */
  DELIVERED,
  /** Permission was refused for good (no consent, do-not-contact); never sent. */
  BLOCKED,
  /** A dead letter: the channel failed for good, or too often. */
  DEAD;

  String column() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  static DeliveryStatus ofColumn(String value) {
    return valueOf(value.toUpperCase(java.util.Locale.ROOT));
  }
}
