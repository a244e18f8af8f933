package org.tailor.server.trigger;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The hook the lapsed-shopper trigger asks: the probability that a shopper is still "alive" (will
 * buy again), from a lifetime-value model such as BG/NBD (Fader, Hardie &amp; Lee 2005, eq. 18).
 * The host fills it from the {@code LifetimeModel} a plugin (the value plugin) offers; without one
 * it answers empty, {@link #model()} is empty and the trigger sends nothing.
 */
@FunctionalInterface
public interface AliveProbabilities {

  /** No lifetime-value model: nobody is known to have lapsed. */
  AliveProbabilities NONE =
      new AliveProbabilities() {
        @Override
        public OptionalDouble probabilityAlive(String loyaltyId, Instant at) {
          return OptionalDouble.empty();
        }

        @Override
        public Optional<String> model() {
          return Optional.empty();
        }
      };

  /** P(alive) in [0, 1] for a shopper at a moment, or empty when the model has no opinion. */
  OptionalDouble probabilityAlive(String loyaltyId, Instant at);

  /** The model that answers now, for the log, or empty when there is none (nobody has lapsed). */
  default Optional<String> model() {
    return Optional.of(getClass().getSimpleName());
  }
}
