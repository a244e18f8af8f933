package org.tailor.plugin;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Delivers offer messages to shoppers over one channel (kiosk screen, receipt coupon, email, SMS,
 * …). Register an implementation as an OSGi service. The host hands a message to a channel only
 * after it has checked the shopper's consent for that channel and purpose; a plugin never sees a
 * message it may not send.
 *
 * <p>Channels that answer requests from terminals (a kiosk, a till) also use the host services in
 * {@code org.tailor.plugin.host} to look shoppers up and ask for decisions.
 */
@ConsumerType
public interface ChannelPlugin {

  /** The channel this plugin serves, such as {@code "kiosk"} or {@code "email"}. */
  String channel();

  /**
   * Delivers one message. Returns the outcome; throws {@link DeliveryException} when the message
   * could not be delivered and should be retried or recorded as a dead letter.
   */
  DeliveryReceipt deliver(OfferMessage message) throws DeliveryException;
}
