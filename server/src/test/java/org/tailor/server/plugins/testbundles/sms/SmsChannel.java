package org.tailor.server.plugins.testbundles.sms;

import java.time.Instant;
import org.osgi.service.component.annotations.Component;
import org.tailor.plugin.ChannelPlugin;
import org.tailor.plugin.DeliveryException;
import org.tailor.plugin.DeliveryReceipt;
import org.tailor.plugin.OfferMessage;

/** Test channel plugin: "sends" an SMS, refusing numbers that do not start with '+'. */
@Component
public class SmsChannel implements ChannelPlugin {

  @Override
  public String channel() {
    return "sms";
  }

  @Override
  public DeliveryReceipt deliver(OfferMessage message) throws DeliveryException {
    if (message.address().equals("+crash")) {
      throw new IllegalStateException("SMS gateway client not initialised");
    }
    if (!message.address().startsWith("+")) {
      throw new DeliveryException("not an international number: " + message.address(), false, null);
    }
    return new DeliveryReceipt(message.messageId(), Instant.now(), "sms-" + message.address());
  }
}
