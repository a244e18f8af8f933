package org.tailor.server.outbox;

import java.time.Duration;
import java.util.Objects;
import org.tailor.server.config.TailorSettings;

/**
 * How often and how soon a failed delivery is tried again: exponential back-off from {@code
 * firstDelay}, multiplied by {@code multiplier} each time up to {@code maxDelay}; after {@code
 * maxAttempts} failed attempts the message is a dead letter.
 */
public record RetryPolicy(
    int maxAttempts, Duration firstDelay, double multiplier, Duration maxDelay) {

  public RetryPolicy {
    Objects.requireNonNull(firstDelay, "firstDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be 1 or more, was " + maxAttempts);
    }
    if (!(multiplier >= 1.0) || firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
      throw new IllegalArgumentException("back-off must grow: " + firstDelay + " x" + multiplier);
    }
  }

  /**
   * Settings {@code tailor.outbox.max.attempts} (default 6) and {@code tailor.outbox.retry.seconds}
   * (default 30).
   */
  public static RetryPolicy from(TailorSettings settings) {
    return new RetryPolicy(
        settings.getInt("tailor.outbox.max.attempts", 6),
        Duration.ofSeconds(settings.getLong("tailor.outbox.retry.seconds", 30)),
        4.0,
        Duration.ofHours(6));
  }

  /** The wait after the {@code failedAttempts}-th failure (1 for the first). */
  public Duration delayAfter(int failedAttempts) {
    double factor = Math.pow(multiplier, Math.max(0, failedAttempts - 1));
    double millis = firstDelay.toMillis() * factor;
    return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
  }
}
