package org.tailor.terminal.protocol;

import java.time.Instant;

/**
 * The terminal confirms that a presentation was on screen.
 *
 * @param messageId unique per message
 * @param presentationId from the {@link OffersReply}
 * @param shownAt when it appeared
 */
public record PresentationShown(String messageId, String presentationId, Instant shownAt) {}
