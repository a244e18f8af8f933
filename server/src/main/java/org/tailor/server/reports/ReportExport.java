package org.tailor.server.reports;

import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Every report as CSV (machine-readable numbers, one section per table, UTF-8) and as PDF (OpenPDF,
 * landscape A4, the figures and tables as the page shows them in embedded Noto fonts; charts are
 * left out, their numbers are in the tables).
 */
public final class ReportExport {

  private ReportExport() {}

  /**
   * Writes the CSV: a {@code figures} section (label, value, lower, upper, measured treatment,
   * measured holdout, warnings) and then each table with its raw column names.
   */
  public static void csv(ReportView view, OutputStream out) throws IOException {
    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180);
    csv.printRecord("report", view.kind(), view.title(), view.period());
    if (!view.figures().isEmpty()) {
      csv.printRecord(
          "section",
          "figure",
          "value",
          "ci95_lower",
          "ci95_upper",
          "measured_treatment",
          "measured_holdout",
          "warnings");
      for (ReportView.Figure figure : view.figures()) {
        List<String> record = new ArrayList<>();
        record.add("figures");
        record.add(figure.label());
        record.addAll(figure.raw());
        record.add(String.join(" ", figure.warnings()));
        csv.printRecord(record);
      }
    }
    for (ReportView.Table table : view.tables()) {
      List<String> header = new ArrayList<>();
      header.add("section");
      header.addAll(table.rawHeaders());
      csv.printRecord(header);
      for (List<ReportView.Cell> row : table.rows()) {
        List<String> record = new ArrayList<>();
        record.add(table.id());
        row.forEach(cell -> record.add(cell.raw()));
        csv.printRecord(record);
      }
    }
    csv.flush();
  }

  /**
   * Writes the PDF. Text is set in Noto Sans, Noto Sans Arabic and Noto Sans TC (embedded, subset;
   * each character in the first of them that has it), so that Bulgarian, Persian and Traditional
   * Chinese labels and names show as written; a cell with right-to-left text runs right to left,
   * which is also where OpenPDF joins Arabic-script letters into their shaped forms.
   */
  public static void pdf(ReportView view, OutputStream out) throws IOException {
    PdfFonts fonts = PdfFonts.get();
    Document document = new Document(PageSize.A4.rotate(), 24, 24, 24, 24);
    try {
      PdfWriter.getInstance(document, out);
      document.open();
      PdfPTable heading = new PdfPTable(1);
      heading.setWidthPercentage(100);
      heading.addCell(plain(fonts.phrase(view.title(), 14, true)));
      heading.addCell(plain(fonts.phrase(view.period(), 7, false)));
      document.add(heading);
      if (!view.figures().isEmpty()) {
        PdfPTable figures = new PdfPTable(3);
        figures.setWidthPercentage(100);
        figures.setSpacingBefore(8);
        for (ReportView.Figure figure : view.figures()) {
          figures.addCell(cell(fonts.phrase(figure.label(), 7, true)));
          figures.addCell(cell(fonts.phrase(figure.value(), 7, false)));
          String detail = figure.detail();
          if (!figure.warnings().isEmpty()) {
            detail = detail + " " + String.join(" ", figure.warnings());
          }
          figures.addCell(cell(fonts.phrase(detail, 7, false)));
        }
        document.add(figures);
      }
      for (ReportView.Table table : view.tables()) {
        PdfPTable caption = new PdfPTable(1);
        caption.setWidthPercentage(100);
        caption.setSpacingBefore(10);
        caption.addCell(plain(fonts.phrase(table.caption(), 7, true)));
        document.add(caption);
        PdfPTable pdfTable = new PdfPTable(table.headers().size());
        pdfTable.setWidthPercentage(100);
        pdfTable.setHeaderRows(1);
        for (String header : table.headers()) {
          PdfPCell cell = cell(fonts.phrase(header, 7, true));
          cell.setHorizontalAlignment(Element.ALIGN_CENTER);
          pdfTable.addCell(cell);
        }
        for (List<ReportView.Cell> row : table.rows()) {
          for (ReportView.Cell cell : row) {
            pdfTable.addCell(cell(fonts.phrase(cell.text(), 7, false)));
          }
        }
        document.add(pdfTable);
        if (table.pager().pages() > 1) {
          document.add(
              new Paragraph(
                  table.pager().page() + " / " + table.pager().pages(), fonts.latin(7, false)));
        }
      }
      document.close();
    } catch (DocumentException e) {
      throw new IOException("the PDF of report " + view.kind() + " could not be written", e);
    }
  }

  private static PdfPCell cell(Phrase phrase) {
    PdfPCell cell = new PdfPCell(phrase);
    cell.setRunDirection(
        rightToLeft(phrase.getContent())
            ? PdfWriter.RUN_DIRECTION_RTL
            : PdfWriter.RUN_DIRECTION_LTR);
    return cell;
  }

  private static PdfPCell plain(Phrase phrase) {
    PdfPCell cell = cell(phrase);
    cell.setBorder(Rectangle.NO_BORDER);
    return cell;
  }

  /** Whether the text holds a right-to-left letter (Arabic script, Hebrew...). */
  static boolean rightToLeft(String text) {
    return text.codePoints()
        .anyMatch(
            c -> {
              byte direction = Character.getDirectionality(c);
              return direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT
                  || direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
            });
  }

  /** The embedded fonts, read once from the class path. */
  private static final class PdfFonts {
    private static volatile PdfFonts instance;

    private final BaseFont latin;
    private final BaseFont latinBold;
    private final BaseFont arabic;
    private final BaseFont arabicBold;
    private final BaseFont chinese;

    private PdfFonts() throws IOException {
      latin = load("NotoSans_400Regular.ttf");
      latinBold = load("NotoSans_700Bold.ttf");
      arabic = load("NotoSansArabic_400Regular.ttf");
      arabicBold = load("NotoSansArabic_700Bold.ttf");
      chinese = load("NotoSansTC_400Regular.ttf");
    }

    static PdfFonts get() throws IOException {
      PdfFonts fonts = instance;
      if (fonts == null) {
        synchronized (PdfFonts.class) {
          fonts = instance;
          if (fonts == null) {
            fonts = new PdfFonts();
            instance = fonts;
          }
        }
      }
      return fonts;
    }

    private static BaseFont load(String file) throws IOException {
      String resource = "fonts/" + file;
      try (InputStream in = ReportExport.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IOException(
              "the PDF font "
                  + resource
                  + " is missing from the class path (the server build downloads it: see the"
                  + " download-maven-plugin in server/pom.xml)");
        }
        return BaseFont.createFont(
            file, BaseFont.IDENTITY_H, BaseFont.EMBEDDED, true, in.readAllBytes(), null);
      } catch (DocumentException e) {
        throw new IOException("the PDF font " + resource + " could not be read", e);
      }
    }

    Font latin(float size, boolean bold) {
      return new Font(bold ? latinBold : latin, size);
    }

    /**
     * The text in chunks, each in the first font that has its characters (OpenPDF's FontSelector
     * does the same but scans the class path for fonts each time it is made).
     */
    Phrase phrase(String text, float size, boolean bold) {
      Font[] fonts = {
        latin(size, bold), new Font(bold ? arabicBold : arabic, size), new Font(chinese, size)
      };
      Phrase phrase = new Phrase();
      StringBuilder run = new StringBuilder();
      int runFont = -1;
      String value = text == null ? "" : text;
      for (int i = 0; i < value.length(); ) {
        int c = value.codePointAt(i);
        int font = fontFor(c, runFont);
        if (font != runFont && !run.isEmpty()) {
          phrase.add(new Chunk(run.toString(), fonts[runFont]));
          run.setLength(0);
        }
        runFont = font;
        run.appendCodePoint(c);
        i += Character.charCount(c);
      }
      if (!run.isEmpty()) {
        phrase.add(new Chunk(run.toString(), fonts[runFont]));
      }
      return phrase;
    }

    /** 0 Noto Sans, 1 Noto Sans Arabic, 2 Noto Sans TC; spaces stay in the current run's font. */
    private int fontFor(int c, int current) {
      if (current >= 0 && Character.isWhitespace(c)) {
        return current;
      }
      if (latin.charExists(c)) {
        return 0;
      }
      if (arabic.charExists(c)) {
        return 1;
      }
      return 2;
    }
  }
}
