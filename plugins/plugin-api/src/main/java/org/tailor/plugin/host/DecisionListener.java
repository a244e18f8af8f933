package org.tailor.plugin.host;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hears about every presentation and redemption the host records, so that a learning plugin (a
 * bandit) can update itself as soon as a shopper is shown an offer or redeems one. Register an
 * implementation as an OSGi service (whiteboard pattern); the host calls every registered listener
 * after the record is committed, on the thread that recorded it.
 *
 * <p>A listener must return quickly (it runs inside a decision's time budget) and must tolerate
 * hearing an event twice, for example when a plugin replays its own backlog: events carry the ids
 * that make them idempotent. A listener that throws is reported in its plugin's status; the record
 * stays stored and the other listeners still hear the event.
 */
@ConsumerType
public interface DecisionListener {

  /** Offers were shown to a shopper; called once per stored presentation. */
  void presented(PresentationEvent event);

  /**
   * An offer was redeemed; called once per stored redemption, not for a repeated message id the
   * host ignored.
   */
  void redeemed(RedemptionEvent event);
}
