package org.tailor.plugin.host;

import java.util.Objects;

/**
 * How a terminal should run, as the host's configuration says.
 *
 * @param revision increases whenever the settings change
 * @param language the display language when the shopper has none (BCP 47)
 * @param maxOffers how many offers to show, 1 to 10
 * @param idleSeconds after how long without input the screen returns to its start, 1 or more
 * @param heartbeatSeconds how often the agent reports its health, 1 or more
 */
public record TerminalSettings(
    long revision, String language, int maxOffers, int idleSeconds, int heartbeatSeconds) {

  public TerminalSettings {
    Objects.requireNonNull(language, "language");
    if (maxOffers < 1 || maxOffers > 10) {
      throw new IllegalArgumentException("maxOffers must be 1 to 10, was " + maxOffers);
    }
    if (idleSeconds < 1 || heartbeatSeconds < 1) {
      throw new IllegalArgumentException("idleSeconds and heartbeatSeconds must be 1 or more");
    }
  }
}
