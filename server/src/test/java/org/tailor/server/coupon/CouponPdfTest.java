package org.tailor.server.coupon;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.Test;

/** Coupon PDFs read back with PDFBox: page size, text in three scripts, the barcode's value. */
class CouponPdfTest {

  private static final String BARCODE = "coupon-7f3a9c1e";

  @Test
  void aBulgarianCouponIsAReceiptWidePageWithItsTextAndBarcodeValue() throws Exception {
    byte[] pdf =
        CouponPdf.render("Tailor", "20% отстъпка за свещи", "Осветете вечерите си с нас.", BARCODE);

    try (PDDocument document = Loader.loadPDF(pdf)) {
      assertThat(document.getNumberOfPages()).isEqualTo(1);
      PDRectangle page = document.getPage(0).getMediaBox();
      assertThat(page.getWidth() / 72 * 25.4)
          .isCloseTo(80.0, org.assertj.core.data.Offset.offset(0.1));
      String text = new PDFTextStripper().getText(document);
      assertThat(text).contains("Tailor", "20% отстъпка за свещи", "Осветете вечерите си с нас.");
      assertThat(text).contains(BARCODE);
    }
  }

  @Test
  void aPersianCouponIsShapedAndReadsBackAsTheSameWords() throws Exception {
    byte[] pdf =
        CouponPdf.render("Tailor", "۲۰٪ تخفیف شمع و چراغ", "شب‌هایتان را روشن کنید.", BARCODE);

    try (PDDocument document = Loader.loadPDF(pdf)) {
      StringBuilder drawn = new StringBuilder();
      PDFTextStripper glyphs =
          new PDFTextStripper() {
            @Override
            protected void processTextPosition(TextPosition position) {
              drawn.append(position.getUnicode());
              super.processTextPosition(position);
            }
          };
      String text = glyphs.getText(document);
      // joined letter forms were drawn: the glyphs, before PDFBox normalises them, are Arabic
      // presentation forms, such as the initial form of teh, U+FE97
      assertThat(drawn.codePoints().anyMatch(c -> c >= 0xFB50 && c <= 0xFEFF)).isTrue();
      assertThat(drawn.toString()).contains("\uFE97");
      String words = Normalizer.normalize(text, Normalizer.Form.NFKC);
      assertThat(words).contains("تخفیف", "چراغ", "روشن");
      assertThat(text).contains(BARCODE);
    }
  }

  @Test
  void aTraditionalChineseCouponKeepsItsTextAsUnicode() throws Exception {
    byte[] pdf = CouponPdf.render("Tailor", "蠟燭燈飾八折", "點亮夜晚：蠟燭、燈籠與燈飾享八折優惠。", BARCODE);

    try (PDDocument document = Loader.loadPDF(pdf)) {
      String text = new PDFTextStripper().getText(document);
      assertThat(text).contains("蠟燭燈飾八折", "燈籠與燈飾");
      assertThat(text).contains(BARCODE);
    }
  }

  @Test
  void theFirstStrongCharacterDecidesTheDirection() {
    assertThat(CouponPdf.startsRightToLeft("۲۰٪ تخفیف")).isTrue();
    assertThat(CouponPdf.startsRightToLeft("20% off")).isFalse();
    assertThat(CouponPdf.startsRightToLeft("蠟燭")).isFalse();
  }
}
