package org.tailor.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.Test;

/** The PDF export shows Bulgarian, Persian and Traditional Chinese text, read back with PDFBox. */
class ReportPdfFontsTest {

  private static final String BULGARIAN = "Преглед на магазина: отстъпки и осребрявания";
  private static final String PERSIAN = "گزارش فروشگاه پیشنهاد چای ژله";
  private static final String CHINESE = "門市報告：優惠券兌換與顧客價值層級";

  @Test
  void bulgarianPersianAndTraditionalChineseComeBackOutOfThePdf() throws IOException {
    ReportView view =
        new ReportView(
            "overview",
            BULGARIAN,
            CHINESE,
            List.of(
                new ReportView.Figure(
                    PERSIAN, "12,5 %", "95 % ДИ 10,1 – 14,9", List.of(), List.of("0.125"))),
            List.of(),
            List.of(
                new ReportView.Table(
                    "stores",
                    "Магазини",
                    List.of("کد", "名稱", "Stores"),
                    List.of("code", "name", "stores"),
                    List.of(
                        List.of(
                            ReportView.Cell.of("فروشگاه ۱", "1"),
                            ReportView.Cell.of("台北門市", "2"),
                            ReportView.Cell.of("София", "3"))),
                    ReportView.Pager.single(1))));
    ByteArrayOutputStream pdf = new ByteArrayOutputStream();

    ReportExport.pdf(view, pdf);

    try (PDDocument document = Loader.loadPDF(pdf.toByteArray())) {
      String text = new PDFTextStripper().getText(document);
      // Persian comes out in its shaped (presentation) forms: NFKC gives back the letters
      String letters = Normalizer.normalize(text, Normalizer.Form.NFKC);
      assertThat(text).contains(BULGARIAN, CHINESE, "Магазини", "台北門市", "София");
      assertThat(letters).contains(PERSIAN, "فروشگاه ۱", "کد");
      assertThat(text).doesNotContain("?", "\uFFFD");
      // shaped: the glyphs drawn are the joined (initial, medial, final) presentation forms, which
      // PDFTextStripper itself normalises back to letters
      StringBuilder drawn = new StringBuilder();
      PDFTextStripper glyphs =
          new PDFTextStripper() {
            @Override
            protected void writeString(String string, List<TextPosition> positions) {
              positions.forEach(p -> drawn.append(p.getUnicode()));
            }
          };
      glyphs.getText(document);
      assertThat(drawn.codePoints().filter(c -> c >= 0xFB50 && c <= 0xFEFF).count())
          .isGreaterThan(10);
      List<String> fonts = new ArrayList<>();
      for (PDPage page : document.getPages()) {
        for (var name : page.getResources().getFontNames()) {
          PDFont font = page.getResources().getFont(name);
          fonts.add(font.getName());
          assertThat(font.isEmbedded()).as(font.getName()).isTrue();
        }
      }
      assertThat(fonts)
          .anyMatch(f -> f.contains("NotoSans-"))
          .anyMatch(f -> f.contains("NotoSansArabic"))
          .anyMatch(f -> f.contains("NotoSansTC"));
    }
  }

  @Test
  void onlyRightToLeftTextRunsRightToLeft() {
    assertThat(ReportExport.rightToLeft(PERSIAN)).isTrue();
    assertThat(ReportExport.rightToLeft(BULGARIAN)).isFalse();
    assertThat(ReportExport.rightToLeft(CHINESE + " 12 %")).isFalse();
  }
}
