package org.tailor.server.permission;

import java.time.Instant;

/**
 * Proof that the {@link PermissionGate} allowed one message to one shopper on one channel. Only the
 * gate creates permits (the constructor is package-private), and the host hands a message to a
 * channel plugin only together with a permit for that message: no code path reaches a plugin
 * without the check.
 */
public final class DeliveryPermit {

  private final String messageId;
  private final String channel;
  private final long shopperId;
  private final String purpose;
  private final String address;
  private final Instant checkedAt;

  DeliveryPermit(
      String messageId,
      String channel,
      long shopperId,
      String purpose,
      String address,
      Instant checkedAt) {
    this.messageId = messageId;
    this.channel = channel;
    this.shopperId = shopperId;
    this.purpose = purpose;
    this.address = address;
    this.checkedAt = checkedAt;
  }

  public String messageId() {
    return messageId;
  }

  public String channel() {
    return channel;
  }

  public long shopperId() {
    return shopperId;
  }

  public String purpose() {
    return purpose;
  }

  public String address() {
    return address;
  }

  public Instant checkedAt() {
    return checkedAt;
  }

  @Override
  public String toString() {
    return "permit for message " + messageId + " on " + channel + " checked at " + checkedAt;
  }
}
