package org.tailor.channel.email;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.tailor.plugin.DeliveryException;
import org.tailor.plugin.StaffMail;

/**
 * Operational email to staff (a store manager's weekly report) over the email channel's SMTP relay
 * and settings ({@code tailor.channel.email}): a plain-text body with attachments, {@code
 * Content-Language} and {@code Auto-Submitted: auto-generated}; no unsubscribe headers, since it is
 * not a marketing message. Like the channel, inactive until the email settings exist.
 */
@Component(
    service = StaffMail.class,
    configurationPid = EmailChannel.PID,
    configurationPolicy = ConfigurationPolicy.REQUIRE)
public class StaffMailSender implements StaffMail {

  private volatile EmailChannel.Smtp smtp;

  /** For Declarative Services. */
  public StaffMailSender() {}

  /** For use outside OSGi. */
  StaffMailSender(EmailChannel.Smtp smtp) {
    MailStreams.nameProvider();
    this.smtp = smtp;
  }

  @Activate
  @Modified
  void configure(EmailChannel.Settings settings) {
    MailStreams.nameProvider();
    smtp =
        new EmailChannel.Smtp(
            settings.smtp_host(),
            settings.smtp_port(),
            settings.smtp_starttls(),
            settings.smtp_username(),
            settings.smtp_password(),
            settings.from(),
            settings.timeout_ms());
  }

  @Override
  public void send(StaffMessage message) throws DeliveryException {
    EmailChannel.Smtp relay = smtp;
    String messageIdHeader = "<" + message.id() + "@tailor>";
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    // Jakarta Mail finds its providers through the context class loader: this bundle's own.
    thread.setContextClassLoader(StaffMailSender.class.getClassLoader());
    try {
      Session session = Session.getInstance(EmailChannel.properties(relay));
      MimeMessage mail =
          new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
              setHeader("Message-ID", messageIdHeader);
            }
          };
      mail.setFrom(new InternetAddress(relay.from()));
      mail.setRecipient(Message.RecipientType.TO, new InternetAddress(message.to(), true));
      mail.setSubject(message.subject(), "UTF-8");
      mail.setHeader("Content-Language", message.language());
      mail.setHeader("Auto-Submitted", "auto-generated");
      if (message.attachments().isEmpty()) {
        mail.setText(message.body(), "UTF-8");
      } else {
        MimeMultipart parts = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText(message.body(), "UTF-8");
        parts.addBodyPart(text);
        for (Attachment attachment : message.attachments()) {
          MimeBodyPart file = new MimeBodyPart();
          file.setDataHandler(
              new jakarta.activation.DataHandler(
                  new ByteArrayDataSource(attachment.content(), attachment.mediaType())));
          file.setFileName(attachment.fileName());
          file.setDisposition(MimeBodyPart.ATTACHMENT);
          parts.addBodyPart(file);
        }
        mail.setContent(parts);
      }
      if (relay.username().isEmpty()) {
        Transport.send(mail);
      } else {
        Transport.send(mail, relay.username(), relay.password());
      }
    } catch (AddressException e) {
      throw new DeliveryException(
          "not an email address: " + message.to() + " (" + e.getMessage() + ")", false, e);
    } catch (SendFailedException e) {
      throw new DeliveryException(
          "the relay refused " + message.to() + ": " + e.getMessage(), false, e);
    } catch (MessagingException e) {
      throw new DeliveryException(
          "SMTP relay " + relay.host() + ":" + relay.port() + " failed: " + e.getMessage(),
          true,
          e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
