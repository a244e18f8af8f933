package org.tailor.server.permission;

import java.util.Objects;

/**
 * A message the host would like to send, as the permission gate judges it.
 *
 * @param messageId the message's unique id
 * @param shopperId the shopper's database id
 * @param channel the channel, such as {@code "email"}
 * @param purpose the consent purpose, such as {@code "offers"}, or {@link PermissionGate#OPT_IN}
 *     for the confirmation of an email double opt-in
 * @param address where the message goes on that channel
 */
public record ContactRequest(
    String messageId, long shopperId, String channel, String purpose, String address) {

  public ContactRequest {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(address, "address");
  }
}
