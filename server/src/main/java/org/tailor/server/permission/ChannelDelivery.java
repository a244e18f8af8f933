package org.tailor.server.permission;

import org.tailor.plugin.DeliveryException;
import org.tailor.plugin.DeliveryReceipt;
import org.tailor.plugin.OfferMessage;

/**
 * Hands a permitted message to the channel plugin that serves the permit's channel. The plugin host
 * implements it; it refuses a message whose id is not the permit's.
 */
@FunctionalInterface
public interface ChannelDelivery {

  DeliveryReceipt deliver(DeliveryPermit permit, OfferMessage message) throws DeliveryException;
}
