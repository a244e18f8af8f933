package org.tailor.server.permission;

import org.tailor.plugin.DeliveryException;
import org.tailor.plugin.DeliveryReceipt;
import org.tailor.plugin.OfferMessage;
import org.tailor.plugin.Printout;

/**
 * Hands a permitted message to the channel plugin that serves the permit's channel. The plugin host
 * implements it; it refuses a message whose id is not the permit's.
 */
@FunctionalInterface
public interface ChannelDelivery {

  DeliveryReceipt deliver(DeliveryPermit permit, OfferMessage message) throws DeliveryException;

  /**
   * Has the permit's channel print a permitted message for a till that waits for it; channels that
   * do not print refuse for good.
   */
  default Printout print(DeliveryPermit permit, OfferMessage message) throws DeliveryException {
    throw new DeliveryException("channel " + permit.channel() + " does not print", false, null);
  }
}
