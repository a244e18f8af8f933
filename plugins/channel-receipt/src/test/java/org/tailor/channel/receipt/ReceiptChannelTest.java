package org.tailor.channel.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tailor.plugin.DeliveryException;
import org.tailor.plugin.OfferMessage;
import org.tailor.plugin.Printout;
import org.tailor.plugin.ShopperProfile;

class ReceiptChannelTest {

  private static OfferMessage coupon(String id, String language, String headline, String body) {
    return new OfferMessage(
        id,
        new ShopperProfile(
            "L-1", Optional.of("Ana"), language, Optional.empty(), List.of(), Map.of()),
        "till-1",
        "offers",
        List.of(),
        headline,
        body);
  }

  @Test
  void aKnownCouponGivesTheseEscPosBytesExactly() throws DeliveryException {
    Printout printout =
        new ReceiptChannel(32, "Tailor")
            .print(coupon("coupon-17", "en", "10% off tea", "Hello Ana. Show this coupon."));

    String expected =
        "1b40" // ESC @ initialise
            + "1b7410" // ESC t 16: code page WPC1252
            + "1b6101" // ESC a 1: centre
            + hex("Tailor")
            + "0a"
            + "1b4501"
            + "1d2111" // bold, double width and height
            + hex("10% off tea")
            + "0a"
            + "1d2100"
            + "1b4500" // normal size, bold off
            + "1b6100" // ESC a 0: left
            + hex("Hello Ana. Show this coupon.")
            + "0a"
            + "1b6101" // centre
            + "1d6850"
            + "1d7702"
            + "1d4802" // barcode height 80, width 2, digits below
            + "1d6b49"
            + "0b"
            + "7b42"
            + hex("coupon-17") // GS k CODE128, 11 bytes, set B
            + "0a"
            + "1b6403" // feed 3 lines
            + "1d564200"; // partial cut
    assertThat(HexFormat.of().formatHex(printout.escPos())).isEqualTo(expected);
    assertThat(printout.barcodeValue()).isEqualTo("coupon-17");
    assertThat(printout.text())
        .isEqualTo(
            "             Tailor\n"
                + "================================\n"
                + "          10% off tea\n"
                + "\n"
                + "Hello Ana. Show this coupon.\n"
                + "--------------------------------\n"
                + "           coupon-17\n");
  }

  @Test
  void longTextIsWrappedAtTheLineWidth() throws DeliveryException {
    Printout printout =
        new ReceiptChannel(24, "Shop")
            .print(
                coupon(
                    "c-1",
                    "es",
                    "Café",
                    "Un 15 % de descuento en su próxima compra de café molido"));
    assertThat(printout.text().lines().filter(line -> line.length() > 24)).isEmpty();
    assertThat(printout.text()).contains("Un 15 % de descuento en", "su próxima compra de");
    // é and ó are in the printer's code page, one byte each
    assertThat(HexFormat.of().formatHex(printout.escPos())).contains("436166e9"); // "Café"
  }

  @Test
  void persianAndChineseKeepTheirPlainText() throws DeliveryException {
    Printout persian = new ReceiptChannel(32, "Tailor").print(coupon("c-2", "fa", "تخفیف", "سلام"));
    assertThat(persian.text()).contains("تخفیف", "سلام");
    Printout chinese = new ReceiptChannel(32, "Tailor").print(coupon("c-3", "zh-TW", "優惠", "您好"));
    assertThat(chinese.text()).contains("優惠", "您好");
    assertThat(CouponLayout.encode("您好")).containsExactly('?', '?');
  }

  @Test
  void bulgarianPrintsAsTextInTheCyrillicCodePage() throws DeliveryException {
    Printout printout =
        new ReceiptChannel(32, "Tailor").print(coupon("c-4", "bg", "Подарък", "Здравейте, Мария"));
    String hex = HexFormat.of().formatHex(printout.escPos());
    String body =
        HexFormat.of().formatHex("Здравейте, Мария".getBytes(CouponLayout.CYRILLIC_CODE_PAGE));
    // ESC t 17 (PC866), the line, ESC t 16 back to WPC1252
    assertThat(hex).contains("1b7411" + body + "1b7410");
    assertThat(hex).doesNotContain("1d7630"); // no raster image needed
  }

  @Test
  void persianPrintsAsARightToLeftRasterImageWhenAFontShowsIt() throws DeliveryException {
    String line = "سلام مریم، تخفیف شما";
    assumeTrue(
        CouponLayout.fontFor(line, 20).isPresent(),
        "no font of this machine shows Persian (install fonts-dejavu-core)");

    Printout printout = new ReceiptChannel(32, "Tailor").print(coupon("c-5", "fa", "تخفیف", line));

    String hex = HexFormat.of().formatHex(printout.escPos());
    // the headline and the text line are images (GS v 0), not code-page text
    assertThat(hex.split("1d763000", -1)).hasSize(3);
    byte[] raster = CouponLayout.raster(line, 32 * 12, 1).orElseThrow();
    int bytesPerRow = (raster[4] & 0xFF) | (raster[5] & 0xFF) << 8;
    int rows = (raster[6] & 0xFF) | (raster[7] & 0xFF) << 8;
    assertThat(bytesPerRow).isEqualTo(48);
    assertThat(raster).hasSize(8 + bytesPerRow * rows);
    int inkLeft = 0;
    int inkRight = 0;
    for (int y = 0; y < rows; y++) {
      for (int x = 0; x < bytesPerRow; x++) {
        int ink = Integer.bitCount(raster[8 + y * bytesPerRow + x] & 0xFF);
        if (x < 8) {
          inkLeft += ink;
        } else if (x >= bytesPerRow - 8) {
          inkRight += ink;
        }
      }
    }
    // set right to left: ink at the right edge, none at the left
    assertThat(inkRight).isGreaterThan(0);
    assertThat(inkLeft).isZero();
  }

  @Test
  void theRasterCommandHoldsEveryDotOfTheImageInkAsOneBits() {
    java.awt.image.BufferedImage image =
        new java.awt.image.BufferedImage(40, 6, java.awt.image.BufferedImage.TYPE_BYTE_BINARY);
    java.awt.Graphics2D g = image.createGraphics();
    g.setColor(java.awt.Color.WHITE);
    g.fillRect(0, 0, 40, 6);
    g.setColor(java.awt.Color.BLACK);
    g.fillRect(0, 0, 1, 6); // the leftmost column
    g.fillRect(3, 1, 10, 2); // across a byte boundary
    g.fillRect(39, 5, 1, 1); // the last dot
    g.dispose();

    byte[] command = CouponLayout.rasterCommand(image);

    assertThat(HexFormat.of().formatHex(command, 0, 8)).isEqualTo("1d76300005000600");
    assertThat(command).hasSize(8 + 5 * 6);
    for (int y = 0; y < 6; y++) {
      for (int x = 0; x < 40; x++) {
        boolean black = (image.getRGB(x, y) & 0xFFFFFF) == 0;
        boolean ink = (command[8 + y * 5 + x / 8] & (0x80 >> (x % 8))) != 0;
        assertThat(ink).as("dot %d,%d", x, y).isEqualTo(black);
      }
    }
    assertThat(command[8]).isEqualTo((byte) 0x80); // row 0: only the leftmost dot
    assertThat(command[8 + 5 * 5 + 4]).isEqualTo((byte) 0x01); // row 5 ends in a dot
  }

  @Test
  void aLineDrawnAgainPrintsTheSameBytes() throws DeliveryException {
    String line = "سلام مریم، تخفیف شما";
    assumeTrue(
        CouponLayout.fontFor(line, 20).isPresent(),
        "no font of this machine shows Persian (install fonts-dejavu-core)");
    byte[] first =
        new ReceiptChannel(32, "Tailor").print(coupon("c-7", "fa", "تخفیف", line)).escPos();
    byte[] again =
        new ReceiptChannel(32, "Tailor").print(coupon("c-7", "fa", "تخفیف", line)).escPos();
    byte[] wider =
        new ReceiptChannel(40, "Tailor").print(coupon("c-7", "fa", "تخفیف", line)).escPos();

    assertThat(again).isEqualTo(first).isNotSameAs(first);
    // kept by text, width and size: a wider coupon draws its own, wider image
    assertThat(wider).isNotEqualTo(first);
    assertThat(HexFormat.of().formatHex(wider)).contains("1d7630003c00"); // 40 x 12 / 8 = 60 bytes
  }

  @Test
  void chinesePrintsAsARasterImageOrFallsBackToQuestionMarks() throws DeliveryException {
    String line = "點亮夜晚";
    Printout printout = new ReceiptChannel(32, "Tailor").print(coupon("c-6", "zh-TW", "優惠", line));
    String hex = HexFormat.of().formatHex(printout.escPos());
    if (CouponLayout.fontFor(line, 20).isPresent()) {
      assertThat(hex).contains("1d763000");
    } else {
      assertThat(hex).contains("3f3f3f3f").doesNotContain("1d763000");
    }
    assertThat(printout.text()).contains(line);
  }

  @Test
  void aMessageIdThatCannotBeABarcodeIsRefused() {
    assertThatThrownBy(() -> new ReceiptChannel(32, "T").print(coupon("c {1}", "en", "x", "y")))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("c {1}");
  }

  @Test
  void deliveringReportsTheBarcode() throws DeliveryException {
    assertThat(
            new ReceiptChannel(32, "T").deliver(coupon("c-9", "en", "x", "y")).externalReference())
        .isEqualTo("c-9");
  }

  private static String hex(String ascii) {
    return HexFormat.of().formatHex(ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }
}
