package org.tailor.server.coupon;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Image;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.Barcode128;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.FontSelector;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A coupon as a PDF page the width of a receipt roll (80 mm, printable 72 mm) and as tall as its
 * content, for till printers driven through a PDF or system print driver rather than ESC/POS: the
 * header, the headline, the text and a CODE128 barcode with its value below.
 *
 * <p>Fonts: DejaVu Sans (shipped with the server, embedded as a subset) for Latin, Cyrillic and
 * Arabic script; Persian and other right-to-left lines are laid out right to left and shaped
 * (joined letter forms) by OpenPDF's bidi and Arabic shaping. Chinese, Japanese and Korean are set
 * in Adobe's standard CJK font MSung (Traditional Chinese, encoding UniCNS-UCS2-H), which is
 * referred to, not embedded: a PDF reader or printer without it substitutes a local CJK font; the
 * text is stored as Unicode either way (copy, search and text extraction work).
 */
public final class CouponPdf {

  /** 80 mm in PDF points (1/72 inch). */
  static final float PAGE_WIDTH = 80f / 25.4f * 72f;

  /** 4 mm each side: the 72 mm a receipt printer prints of an 80 mm roll. */
  static final float MARGIN = 4f / 25.4f * 72f;

  private static final String DEJAVU = "fonts/DejaVuSans.ttf";
  private static final BaseFont LATIN_CYRILLIC_ARABIC = loadDejaVu();
  private static final BaseFont TRADITIONAL_CHINESE = loadCjk();

  private CouponPdf() {}

  /**
   * The coupon as a one-page PDF.
   *
   * @param header the printer's header line, such as the chain's name
   * @param headline the offer's headline in the shopper's language
   * @param body the offer's text in the shopper's language
   * @param barcode the CODE128 value (printable ASCII)
   */
  public static byte[] render(String header, String headline, String body, String barcode) {
    float width = PAGE_WIDTH - 2 * MARGIN;
    PdfPTable table = new PdfPTable(1);
    table.setTotalWidth(width);
    table.setLockedWidth(true);
    table.addCell(cell(header, 9, Element.ALIGN_CENTER));
    table.addCell(rule());
    table.addCell(cell(headline, 14, Element.ALIGN_CENTER));
    for (String paragraph : body.strip().split("\n")) {
      table.addCell(cell(paragraph, 9, Element.ALIGN_LEFT));
    }
    table.addCell(rule());
    Barcode128 code = new Barcode128();
    code.setCodeType(Barcode128.CODE128);
    code.setCode(barcode);
    code.setFont(LATIN_CYRILLIC_ARABIC);
    code.setSize(7);
    code.setBarHeight(36);
    code.setX(Math.min(1f, width / Math.max(1f, code.getBarcodeSize().getWidth())));
    float barcodeHeight = code.getBarcodeSize().getHeight();
    float height = table.getTotalHeight() + barcodeHeight + 2 * MARGIN + 12;

    ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
    Document document = new Document(new Rectangle(PAGE_WIDTH, height), MARGIN, MARGIN, MARGIN, 0);
    try {
      PdfWriter writer = PdfWriter.getInstance(document, out);
      document.addTitle(headline);
      document.addSubject("Coupon " + barcode);
      document.open();
      Image bars = code.createImageWithBarcode(writer.getDirectContent(), null, null);
      PdfPCell barcodeCell = new PdfPCell(bars, false);
      barcodeCell.setBorder(Rectangle.NO_BORDER);
      barcodeCell.setHorizontalAlignment(Element.ALIGN_CENTER);
      barcodeCell.setPaddingTop(6);
      table.addCell(barcodeCell);
      document.add(table);
      document.close();
    } catch (DocumentException e) {
      throw new IllegalStateException("the coupon PDF could not be laid out: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  private static PdfPCell cell(String text, float size, int alignment) {
    FontSelector fonts = new FontSelector();
    fonts.addFont(new Font(LATIN_CYRILLIC_ARABIC, size));
    fonts.addFont(new Font(TRADITIONAL_CHINESE, size));
    Phrase phrase = fonts.process(text);
    PdfPCell cell = new PdfPCell(phrase);
    cell.setBorder(Rectangle.NO_BORDER);
    cell.setPaddingBottom(3);
    boolean rightToLeft = startsRightToLeft(text);
    cell.setRunDirection(rightToLeft ? PdfWriter.RUN_DIRECTION_RTL : PdfWriter.RUN_DIRECTION_LTR);
    // In a right-to-left cell "left" is the start of the line: keep centred text centred.
    cell.setHorizontalAlignment(
        rightToLeft && alignment == Element.ALIGN_LEFT ? Element.ALIGN_RIGHT : alignment);
    return cell;
  }

  private static PdfPCell rule() {
    PdfPCell cell = new PdfPCell(new Phrase(""));
    cell.setBorder(Rectangle.BOTTOM);
    cell.setBorderWidthBottom(0.5f);
    cell.setFixedHeight(4);
    return cell;
  }

  /** Whether the first strongly directional character of the text is right to left. */
  static boolean startsRightToLeft(String text) {
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      byte direction = Character.getDirectionality(c);
      if (direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT
          || direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC) {
        return true;
      }
      if (direction == Character.DIRECTIONALITY_LEFT_TO_RIGHT) {
        return false;
      }
      i += Character.charCount(c);
    }
    return false;
  }

  private static BaseFont loadDejaVu() {
    try (InputStream in = CouponPdf.class.getResourceAsStream(DEJAVU)) {
      if (in == null) {
        throw new IllegalStateException("the server jar lacks its coupon font " + DEJAVU);
      }
      byte[] font = in.readAllBytes();
      return BaseFont.createFont(
          "DejaVuSans.ttf", BaseFont.IDENTITY_H, BaseFont.EMBEDDED, true, font, null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the coupon font " + DEJAVU, e);
    } catch (DocumentException e) {
      throw new IllegalStateException("cannot load the coupon font " + DEJAVU, e);
    }
  }

  private static BaseFont loadCjk() {
    try {
      return BaseFont.createFont("MSungStd-Light", "UniCNS-UCS2-H", BaseFont.NOT_EMBEDDED);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the CJK font MSungStd-Light", e);
    } catch (DocumentException e) {
      throw new IllegalStateException("cannot load the CJK font MSungStd-Light", e);
    }
  }
}
