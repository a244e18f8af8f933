package org.tailor.server.permission;

import java.time.Duration;
import java.util.Objects;

/**
 * At most {@code maxMessages} messages to one shopper on one channel within any {@code window} (a
 * rolling day or week), counting messages delivered.
 *
 * @param channel the channel, such as {@code "email"}
 * @param window the rolling period, such as one day
 * @param maxMessages how many messages the period allows, 0 or more
 */
public record FrequencyCap(String channel, Duration window, int maxMessages) {

  public FrequencyCap {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("a frequency cap's window must be positive: " + window);
    }
    if (maxMessages < 0) {
      throw new IllegalArgumentException(
          "a frequency cap must allow 0 or more, was " + maxMessages);
    }
  }
}
