package org.tailor.plugin;

import java.time.Instant;
import java.util.OptionalDouble;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A lifetime-value model's view of whether a shopper is still a customer: the probability that they
 * are "alive" (will buy again), such as BG/NBD's P(alive | x, t<sub>x</sub>, T) (Fader, Hardie
 * &amp; Lee 2005, eq. 18). A plugin that fits such a model registers it as an OSGi service; the
 * host asks it which shoppers have probably lapsed, for the lapsed-shopper trigger. Without one,
 * nobody is known to have lapsed.
 *
 * <p>Called from the host's trigger thread, once per candidate shopper; must be thread-safe and
 * should read no more than the shopper's own purchases.
 *
 * @since org.tailor.plugin 1.2
 */
@ConsumerType
public interface LifetimeModel {

  /** A short name of the model for logs and status, such as {@code "bgnbd"}. */
  String id();

  /**
   * P(alive) in [0, 1] of the shopper with this loyalty id at {@code at}, from their purchases up
   * to then; empty when the model has no opinion (unknown shopper, no purchases).
   */
  OptionalDouble probabilityAlive(String loyaltyId, Instant at);
}
