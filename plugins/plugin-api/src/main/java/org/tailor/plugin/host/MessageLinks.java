package org.tailor.plugin.host;

import java.net.URI;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Links a channel puts into a message for the shopper to act on. The host signs them; a plugin only
 * places them (an email channel in its {@code List-Unsubscribe} header, an SMS channel at the end
 * of the text).
 */
@ProviderType
public interface MessageLinks {

  /**
   * The signed, expiring one-click unsubscribe link for a shopper, channel and purpose (RFC 8058: a
   * {@code POST} to it with {@code List-Unsubscribe=One-Click} unsubscribes; a browser's {@code
   * GET} shows a confirmation page in the shopper's language).
   */
  URI unsubscribe(String loyaltyId, String channel, String purpose);
}
