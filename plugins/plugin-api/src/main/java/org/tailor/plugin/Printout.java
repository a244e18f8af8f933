package org.tailor.plugin;

import java.util.Objects;

/**
 * A message rendered for a printer at the till: the coupon printed with the receipt.
 *
 * @param messageId the message printed
 * @param text the coupon as plain text, for printers that take text (and for the till's screen)
 * @param barcodeValue the value the coupon's barcode encodes, scanned when it is redeemed
 * @param escPos the coupon as ESC/POS commands for thermal receipt printers
 */
public record Printout(String messageId, String text, String barcodeValue, byte[] escPos) {

  public Printout {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(barcodeValue, "barcodeValue");
    escPos = escPos.clone();
  }

  /** A copy of the ESC/POS bytes. */
  @Override
  public byte[] escPos() {
    return escPos.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Printout that
        && messageId.equals(that.messageId)
        && text.equals(that.text)
        && barcodeValue.equals(that.barcodeValue)
        && java.util.Arrays.equals(escPos, that.escPos);
  }

  @Override
  public int hashCode() {
    return Objects.hash(messageId, text, barcodeValue, java.util.Arrays.hashCode(escPos));
  }

  @Override
  public String toString() {
    return "Printout[" + messageId + ", barcode " + barcodeValue + ", " + escPos.length + " bytes]";
  }
}
