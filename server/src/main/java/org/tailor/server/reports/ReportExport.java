package org.tailor.server.reports;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.FontFactory;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.io.IOException;
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
 * landscape A4, the figures and tables as the page shows them; charts are left out, their numbers
 * are in the tables).
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

  /** Writes the PDF. */
  public static void pdf(ReportView view, OutputStream out) throws IOException {
    Document document = new Document(PageSize.A4.rotate(), 24, 24, 24, 24);
    try {
      PdfWriter.getInstance(document, out);
      document.open();
      Font title = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 14);
      Font small = FontFactory.getFont(FontFactory.HELVETICA, 7);
      Font bold = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 7);
      document.add(new Paragraph(view.title(), title));
      document.add(new Paragraph(view.period(), small));
      if (!view.figures().isEmpty()) {
        PdfPTable figures = new PdfPTable(3);
        figures.setWidthPercentage(100);
        figures.setSpacingBefore(8);
        for (ReportView.Figure figure : view.figures()) {
          figures.addCell(new Phrase(figure.label(), bold));
          figures.addCell(new Phrase(figure.value(), small));
          String detail = figure.detail();
          if (!figure.warnings().isEmpty()) {
            detail = detail + " " + String.join(" ", figure.warnings());
          }
          figures.addCell(new Phrase(detail, small));
        }
        document.add(figures);
      }
      for (ReportView.Table table : view.tables()) {
        Paragraph caption = new Paragraph(table.caption(), bold);
        caption.setSpacingBefore(10);
        document.add(caption);
        PdfPTable pdfTable = new PdfPTable(table.headers().size());
        pdfTable.setWidthPercentage(100);
        pdfTable.setHeaderRows(1);
        for (String header : table.headers()) {
          PdfPCell cell = new PdfPCell(new Phrase(header, bold));
          cell.setHorizontalAlignment(Element.ALIGN_CENTER);
          pdfTable.addCell(cell);
        }
        for (List<ReportView.Cell> row : table.rows()) {
          for (ReportView.Cell cell : row) {
            pdfTable.addCell(new Phrase(cell.text(), small));
          }
        }
        document.add(pdfTable);
        if (table.pager().pages() > 1) {
          document.add(new Paragraph(table.pager().page() + " / " + table.pager().pages(), small));
        }
      }
      document.close();
    } catch (DocumentException e) {
      throw new IOException("the PDF of report " + view.kind() + " could not be written", e);
    }
  }
}
