package org.tailor.server.reports;

import java.util.Objects;

/**
 * A store's weekly report, ready for an email channel: to whom, in their language, with the PDF.
 *
 * @param to the manager's address
 * @param language the manager's language (BCP 47)
 * @param subject the subject line
 * @param body the plain-text body
 * @param pdfName the attachment's file name
 * @param pdf the report as PDF
 */
public record StoreReportEmail(
    String to, String language, String subject, String body, String pdfName, byte[] pdf) {

  public StoreReportEmail {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(pdfName, "pdfName");
    pdf = pdf.clone();
  }

  @Override
  public byte[] pdf() {
    return pdf.clone();
  }
}
