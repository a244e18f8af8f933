package org.tailor.server.reports;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.tailor.plugin.DeliveryException;
import org.tailor.plugin.StaffMail;

/**
 * Sends weekly store reports through the email channel plugin's {@link StaffMail}: operational mail
 * to a member of staff, so not through the shopper consent gate or the outbox, but over the
 * plugin's SMTP relay, with the PDF attached.
 */
public final class StaffMailReportMailbox implements ReportMailbox {

  private final Supplier<Optional<StaffMail>> mail;

  /**
   * @param mail the active plugin's service, or empty when no email channel plugin is active
   */
  public StaffMailReportMailbox(Supplier<Optional<StaffMail>> mail) {
    this.mail = Objects.requireNonNull(mail, "mail");
  }

  @Override
  public void send(StoreReportEmail email) {
    StaffMail sender =
        mail.get()
            .orElseThrow(
                () ->
                    new Unavailable(
                        "no email channel plugin is active (install plugins/channel-email and"
                            + " configure tailor.channel.email)"));
    String id =
        "report-"
            + UUID.nameUUIDFromBytes(
                (email.to() + "\n" + email.pdfName()).getBytes(StandardCharsets.UTF_8));
    try {
      sender.send(
          new StaffMail.StaffMessage(
              id,
              email.to(),
              email.language(),
              email.subject(),
              email.body(),
              List.of(new StaffMail.Attachment(email.pdfName(), "application/pdf", email.pdf()))));
    } catch (DeliveryException e) {
      throw new IllegalStateException(
          "the weekly report "
              + email.pdfName()
              + " to "
              + email.to()
              + " was not sent: "
              + e.getMessage(),
          e);
    }
  }
}
