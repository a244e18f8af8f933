package org.tailor.terminal.protocol;

/**
 * Remote configuration of a terminal, retained on its {@code config} topic.
 *
 * @param revision increases with every change
 * @param language the display language when the shopper has none (BCP 47)
 * @param maxOffers how many offers to show, 1 to 10
 * @param idleSeconds after how long without input the screen returns to "scan your card"
 * @param heartbeatSeconds how often to publish {@link TerminalStatus}
 */
public record TerminalConfig(
    long revision, String language, int maxOffers, int idleSeconds, int heartbeatSeconds) {}
