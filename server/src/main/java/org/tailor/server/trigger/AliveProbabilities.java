package org.tailor.server.trigger;

import java.time.Instant;
import java.util.OptionalDouble;

/**
 * The hook the lapsed-shopper trigger asks: the probability that a shopper is still "alive" (will
 * buy again), from a lifetime-value model such as BG/NBD (Fader, Hardie &amp; Lee 2005, eq. 18).
 * The host fills it from the lifetime-value plugin when one is installed; without one it answers
 * empty and the trigger sends nothing.
 */
@FunctionalInterface
public interface AliveProbabilities {

  /** No lifetime-value model: nobody is known to have lapsed. */
  AliveProbabilities NONE = (loyaltyId, at) -> OptionalDouble.empty();

  /** P(alive) in [0, 1] for a shopper at a moment, or empty when the model has no opinion. */
  OptionalDouble probabilityAlive(String loyaltyId, Instant at);
}
