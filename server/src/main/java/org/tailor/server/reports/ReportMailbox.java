package org.tailor.server.reports;

/**
 * Where weekly store reports are handed over for sending: {@link StaffMailReportMailbox}, over the
 * email channel plugin's operational mail, in the server.
 */
@FunctionalInterface
public interface ReportMailbox {

  /**
   * Sends the email; throws {@link Unavailable} when there is no way to send email at all, and
   * another runtime exception when this email could not be sent.
   */
  void send(StoreReportEmail email);

  /** Nothing can send email now (no email channel plugin is active); the message says why. */
  final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message) {
      super(message);
    }
  }
}
