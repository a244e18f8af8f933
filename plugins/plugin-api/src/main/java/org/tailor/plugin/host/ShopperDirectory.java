package org.tailor.plugin.host;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;
import org.tailor.plugin.ShopperProfile;

/** Finds shoppers by anything they identify with at a terminal. */
@ProviderType
public interface ShopperDirectory {

  /**
   * Finds a shopper by loyalty id or by any other identifier the chain keeps (card number, phone
   * number, email address, QR code payload). Empty when nobody matches: an unknown shopper is a
   * newcomer, not an error.
   */
  Optional<ShopperProfile> find(String identifier);
}
