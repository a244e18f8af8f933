package org.tailor.plugin.host;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Records what was shown and what was redeemed, so that reports and learning plugins can judge
 * every decision.
 */
@ProviderType
public interface DecisionLog {

  /** Stores a presentation and returns its id, to be quoted by a later redemption. */
  String recordPresentation(PresentationRecord presentation);

  /**
   * Stores a redemption. Idempotent by {@link RedemptionRecord#messageId()}: returns {@code true}
   * the first time a message id is seen and {@code false} for a repeat, which changes nothing.
   */
  boolean recordRedemption(RedemptionRecord redemption);
}
