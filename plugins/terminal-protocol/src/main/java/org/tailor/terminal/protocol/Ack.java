package org.tailor.terminal.protocol;

/**
 * The server's acknowledgement of a {@link RedemptionMessage} or {@link PresentationShown}, on the
 * terminal's {@code acks} topic. An agent deletes a queued message when it is acknowledged as
 * {@code accepted} or {@code duplicate}; {@code rejected} messages are kept aside and reported.
 *
 * @param messageId the acknowledged message
 * @param status {@code accepted}, {@code duplicate} or {@code rejected}
 * @param error why it was rejected, or {@code null}
 */
public record Ack(String messageId, String status, ProtocolError error) {}
