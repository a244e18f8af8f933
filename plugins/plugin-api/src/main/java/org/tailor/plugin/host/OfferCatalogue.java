package org.tailor.plugin.host;

import java.time.Instant;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;
import org.tailor.plugin.CandidateOffer;

/** The offers staff have published. */
@ProviderType
public interface OfferCatalogue {

  /** Offers valid at {@code at} in the store on the channel, before per-shopper eligibility. */
  List<CandidateOffer> activeOffers(String storeCode, String channel, Instant at);
}
