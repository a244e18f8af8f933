package org.tailor.agent.outbox;

import java.util.Objects;

/**
 * A message waiting in the {@link DurableOutbox} until the server acknowledges it.
 *
 * @param sequence the order it was recorded in
 * @param kind the topic kind it is published on, such as {@code redemptions}
 * @param messageId the message's id, made once when the event happened
 * @param payload the JSON payload exactly as it is published
 */
public record OutboxEntry(long sequence, String kind, String messageId, byte[] payload) {

  public OutboxEntry {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(messageId, "messageId");
    payload = payload.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }
}
