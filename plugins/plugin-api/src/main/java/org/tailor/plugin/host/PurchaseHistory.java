package org.tailor.plugin.host;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** A shopper's purchases, newest first, returns included as negative quantities. */
@ProviderType
public interface PurchaseHistory {

  /** At most {@code limit} of the shopper's most recent purchases; empty for an unknown shopper. */
  List<PurchaseRecord> recentPurchases(String loyaltyId, int limit);
}
