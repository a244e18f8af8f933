package org.tailor.server.reports;

import java.util.List;
import java.util.Objects;

/**
 * A report as pages, CSV and PDF all show it: headline figures, charts and tables, with the text
 * already in the reader's language and the raw numbers kept for exports.
 *
 * @param kind which report ({@code overview}, {@code offers}, {@code offer}, …), used in file names
 * @param title the page title
 * @param period the period and stores covered, in words
 * @param figures headline figures
 * @param charts charts, each with a Chart.js configuration
 * @param tables tables, possibly paginated
 */
public record ReportView(
    String kind,
    String title,
    String period,
    List<Figure> figures,
    List<Chart> charts,
    List<Table> tables) {

  public ReportView {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(period, "period");
    figures = List.copyOf(figures);
    charts = List.copyOf(charts);
    tables = List.copyOf(tables);
  }

  /**
   * One headline figure.
   *
   * @param label what it is
   * @param value the value in words
   * @param detail interval and sample size in words; empty when none
   * @param warnings warnings in words
   * @param raw the value, lower and upper end and sample sizes for CSV (empty strings when none)
   */
  public record Figure(
      String label, String value, String detail, List<String> warnings, List<String> raw) {
    public Figure {
      warnings = List.copyOf(warnings);
      raw = List.copyOf(raw);
    }
  }

  /**
   * A chart.
   *
   * @param id element id
   * @param title what it shows (also its accessible name)
   * @param configuration the Chart.js configuration as JSON, safe inside a script element
   */
  public record Chart(String id, String title, String configuration) {}

  /**
   * A table.
   *
   * @param id element id
   * @param caption what it lists
   * @param headers column headings
   * @param rawHeaders column names for CSV
   * @param rows cells row by row
   * @param pager where this page sits; {@code null}-free: a single page has {@code pages == 1}
   */
  public record Table(
      String id,
      String caption,
      List<String> headers,
      List<String> rawHeaders,
      List<List<Cell>> rows,
      Pager pager) {
    public Table {
      headers = List.copyOf(headers);
      rawHeaders = List.copyOf(rawHeaders);
      rows = rows.stream().map(List::copyOf).toList();
    }
  }

  /**
   * One cell.
   *
   * @param text what the page shows
   * @param href a link, or empty
   * @param raw the machine-readable value for CSV
   * @param warning whether the cell carries a warning (shown highlighted)
   */
  public record Cell(String text, String href, String raw, boolean warning) {
    public static Cell of(String text, String raw) {
      return new Cell(text, "", raw, false);
    }

    public static Cell link(String text, String href, String raw) {
      return new Cell(text, href, raw, false);
    }
  }

  /**
   * Pagination of a table.
   *
   * @param page this page, from 1
   * @param pages number of pages
   * @param total rows on all pages
   * @param previous link to the previous page, or empty
   * @param next link to the next page, or empty
   */
  public record Pager(int page, long pages, long total, String previous, String next) {
    public static Pager single(long total) {
      return new Pager(1, 1, total, "", "");
    }
  }
}
