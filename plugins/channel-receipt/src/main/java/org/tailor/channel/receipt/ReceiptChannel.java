package org.tailor.channel.receipt;

import java.time.Instant;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.tailor.plugin.ChannelPlugin;
import org.tailor.plugin.DeliveryException;
import org.tailor.plugin.DeliveryReceipt;
import org.tailor.plugin.OfferMessage;
import org.tailor.plugin.PrintingChannel;
import org.tailor.plugin.Printout;

/**
 * The receipt coupon: prints a permitted offer message at the till as ESC/POS commands and as plain
 * text, with a CODE128 barcode of the message id that the till scans when the coupon is redeemed.
 */
@Component(
    service = ChannelPlugin.class,
    configurationPid = ReceiptChannel.PID,
    configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ReceiptChannel.Settings.class)
public class ReceiptChannel implements PrintingChannel {

  static final String PID = "tailor.channel.receipt";

  /** Barcode values CODE128 set B prints without escapes. */
  private static final Pattern BARCODE = Pattern.compile("[A-Za-z0-9.\\-]{1,60}");

  /** How the coupon is laid out. */
  @ObjectClassDefinition(name = "Receipt coupon", description = "Coupons printed at the till.")
  public @interface Settings {
    @AttributeDefinition(name = "Characters per line", min = "24", max = "64")
    int width() default 42;

    @AttributeDefinition(name = "Header line")
    String header() default "Tailor";
  }

  private volatile int width = 42;
  private volatile String header = "Tailor";

  /** For Declarative Services. */
  public ReceiptChannel() {}

  /** For use outside OSGi. */
  ReceiptChannel(int width, String header) {
    this.width = width;
    this.header = header;
  }

  @Activate
  @Modified
  void configure(Settings settings) {
    width = settings.width();
    header = settings.header();
  }

  @Override
  public String channel() {
    return "receipt";
  }

  @Override
  public Printout print(OfferMessage message) throws DeliveryException {
    String barcode = message.messageId();
    if (!BARCODE.matcher(barcode).matches()) {
      throw new DeliveryException(
          "message id "
              + barcode
              + " cannot be a CODE128 barcode: expected 1 to 60 letters,"
              + " digits, dots or dashes",
          false,
          null);
    }
    String headline = message.subject().isBlank() ? header : message.subject();
    int columns = width;
    return new Printout(
        message.messageId(),
        CouponLayout.text(header, headline, message.body(), barcode, columns),
        barcode,
        CouponLayout.escPos(header, headline, message.body(), barcode, columns));
  }

  /**
   * A coupon handed over without a till waiting (from the outbox) is rendered and reported with its
   * barcode; the till prints what {@link #print} returns.
   */
  @Override
  public DeliveryReceipt deliver(OfferMessage message) throws DeliveryException {
    Printout printout = print(message);
    return new DeliveryReceipt(message.messageId(), Instant.now(), printout.barcodeValue());
  }
}
