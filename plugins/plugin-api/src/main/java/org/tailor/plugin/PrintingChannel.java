package org.tailor.plugin;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A channel that prints at the till (a receipt coupon): besides delivering, it renders a permitted
 * message for the till to print right away, so the till's request is answered with the printout.
 * Register it as a {@link ChannelPlugin} service; the host sees that it also prints.
 */
@ConsumerType
public interface PrintingChannel extends ChannelPlugin {

  /**
   * Renders one message for the till. Called instead of {@link #deliver} when the till waits for
   * the answer; the same message id must render the same printout.
   */
  Printout print(OfferMessage message) throws DeliveryException;
}
