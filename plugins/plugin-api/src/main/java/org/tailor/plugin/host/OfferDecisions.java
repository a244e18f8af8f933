package org.tailor.plugin.host;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The host's decision pipeline: channels that answer terminals (a kiosk, a till) ask it which
 * offers to show. The host resolves the shopper, filters offers by eligibility and permission, asks
 * every active scoring plugin, ranks, records the presentation and returns it.
 */
@ProviderType
public interface OfferDecisions {

  /**
   * Chooses offers for one request and records the presentation before returning it. An unknown
   * identifier is a newcomer, who gets offers for newcomers, not an error.
   *
   * @throws RequestRejectedException when the request names a store or terminal the chain does not
   *     have, a terminal of another store, or values out of range
   */
  Decision decide(DecisionRequest request);
}
