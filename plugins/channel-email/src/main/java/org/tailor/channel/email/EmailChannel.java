package org.tailor.channel.email;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.tailor.plugin.ChannelPlugin;
import org.tailor.plugin.DeliveryException;
import org.tailor.plugin.DeliveryReceipt;
import org.tailor.plugin.OfferMessage;
import org.tailor.plugin.host.MessageLinks;

/**
 * The email channel: one offer message, one email over SMTP, with the one-click unsubscribe headers
 * of RFC 8058 and a {@code Message-ID} made from the Tailor message id.
 *
 * <p>SMTP connections are kept open and reused (one per sending thread at a time, see {@link
 * SmtpConnections}); a housekeeping thread closes idle ones and flushes the sent-ids journal.
 */
@Component(
    service = ChannelPlugin.class,
    configurationPid = EmailChannel.PID,
    configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = EmailChannel.Settings.class)
public class EmailChannel implements ChannelPlugin {

  static final String PID = "tailor.channel.email";

  /** How to reach the SMTP relay. */
  @ObjectClassDefinition(name = "Email channel", description = "Offer email over SMTP.")
  public @interface Settings {
    @AttributeDefinition(name = "SMTP host")
    String smtp_host() default "127.0.0.1";

    @AttributeDefinition(name = "SMTP port", min = "1", max = "65535")
    int smtp_port() default 25;

    @AttributeDefinition(name = "Require STARTTLS")
    boolean smtp_starttls() default false;

    @AttributeDefinition(name = "SMTP user name", required = false)
    String smtp_username() default "";

    @AttributeDefinition(name = "SMTP password", type = AttributeType.PASSWORD, required = false)
    String smtp_password() default "";

    @AttributeDefinition(name = "Sender address")
    String from() default "offers@example.org";

    @AttributeDefinition(name = "Timeout (ms)", min = "100")
    int timeout_ms() default 10_000;
  }

  /** The settings as plain values, so the channel can also be used outside OSGi (tests). */
  record Smtp(
      String host,
      int port,
      boolean startTls,
      String username,
      String password,
      String from,
      int timeoutMillis) {}

  @Reference private MessageLinks links;

  private volatile SmtpConnections connections;
  private volatile SentMessages sent = new SentMessages(Optional.empty());
  private ScheduledExecutorService housekeeping;

  /** For Declarative Services. */
  public EmailChannel() {}

  /** For use outside OSGi: the relay, the host's links and where to keep the ids sent. */
  EmailChannel(Smtp smtp, MessageLinks links, SentMessages sent) {
    MailStreams.nameProvider();
    this.connections = new SmtpConnections(smtp);
    this.links = links;
    this.sent = sent;
    startHousekeeping();
  }

  @Activate
  void activate(Settings settings, BundleContext context) {
    MailStreams.nameProvider();
    File journal = context.getDataFile("sent-message-ids.txt");
    sent = new SentMessages(Optional.ofNullable(journal).map(File::toPath));
    modified(settings);
    startHousekeeping();
  }

  @Modified
  void modified(Settings settings) {
    SmtpConnections previous = connections;
    connections =
        new SmtpConnections(
            new Smtp(
                settings.smtp_host(),
                settings.smtp_port(),
                settings.smtp_starttls(),
                settings.smtp_username(),
                settings.smtp_password(),
                settings.from(),
                settings.timeout_ms()));
    if (previous != null) {
      previous.close();
    }
  }

  /** The open connections to the relay; for tests. */
  SmtpConnections connections() {
    return connections;
  }

  /** Closes the SMTP connections and flushes the journal. */
  @Deactivate
  void close() {
    if (housekeeping != null) {
      housekeeping.shutdownNow();
    }
    SmtpConnections open = connections;
    if (open != null) {
      open.close();
    }
    sent.close();
  }

  private synchronized void startHousekeeping() {
    if (housekeeping != null) {
      return;
    }
    housekeeping =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "tailor-email-housekeeping");
              thread.setDaemon(true);
              return thread;
            });
    housekeeping.scheduleWithFixedDelay(
        () -> {
          try {
            sent.sync();
            SmtpConnections open = connections;
            if (open != null) {
              open.closeIdle();
            }
          } catch (RuntimeException e) {
            // A journal that cannot be flushed fails the next add() or close(), which report it;
            // the timer must keep running.
          }
        },
        SentMessages.DEFAULT_SYNC_MILLIS,
        SentMessages.DEFAULT_SYNC_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public String channel() {
    return "email";
  }

  @Override
  public DeliveryReceipt deliver(OfferMessage message) throws DeliveryException {
    String messageIdHeader = "<" + message.messageId() + "@tailor>";
    if (sent.contains(message.messageId())) {
      return new DeliveryReceipt(message.messageId(), Instant.now(), messageIdHeader);
    }
    SmtpConnections pool = connections;
    Smtp relay = pool.relay();
    // Jakarta Mail finds its providers through the context class loader: this bundle's own.
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(EmailChannel.class.getClassLoader());
    try {
      Session session = pool.session();
      MimeMessage mail =
          new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
              setHeader("Message-ID", messageIdHeader);
            }
          };
      mail.setFrom(new InternetAddress(relay.from()));
      mail.setRecipients(Message.RecipientType.TO, recipient(message.address()));
      mail.setSubject(message.subject(), "UTF-8");
      mail.setText(message.body(), "UTF-8");
      mail.setHeader("Content-Language", message.shopper().language());
      URI unsubscribe =
          links.unsubscribe(message.shopper().loyaltyId(), channel(), message.purpose());
      mail.setHeader("List-Unsubscribe", "<" + unsubscribe + ">");
      mail.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
      mail.saveChanges();
      pool.send(mail);
    } catch (SendFailedException e) {
      throw new DeliveryException(
          "the relay refused " + message.address() + ": " + e.getMessage(), refusedLater(e), e);
    } catch (AddressException e) {
      throw new DeliveryException(
          "not an email address: " + message.address() + " (" + e.getMessage() + ")", false, e);
    } catch (MessagingException e) {
      throw new DeliveryException(
          "SMTP relay " + relay.host() + ":" + relay.port() + " failed: " + e.getMessage(),
          true,
          e);
    } finally {
      thread.setContextClassLoader(previous);
    }
    sent.add(message.messageId());
    return new DeliveryReceipt(message.messageId(), Instant.now(), messageIdHeader);
  }

  private static Address[] recipient(String address) throws AddressException {
    return new Address[] {new InternetAddress(address, true)};
  }

  /** A recipient refused for now (a full mailbox, greylisting) may be tried again. */
  private static boolean refusedLater(SendFailedException e) {
    Address[] invalid = e.getInvalidAddresses();
    return invalid == null || invalid.length == 0;
  }

  static Properties properties(Smtp relay) {
    Properties properties = new Properties();
    properties.put("mail.transport.protocol", "smtp");
    properties.put("mail.smtp.host", relay.host());
    properties.put("mail.smtp.port", Integer.toString(relay.port()));
    properties.put("mail.smtp.auth", Boolean.toString(!relay.username().isEmpty()));
    properties.put("mail.smtp.starttls.enable", Boolean.toString(relay.startTls()));
    properties.put("mail.smtp.starttls.required", Boolean.toString(relay.startTls()));
    properties.put("mail.smtp.connectiontimeout", Integer.toString(relay.timeoutMillis()));
    properties.put("mail.smtp.timeout", Integer.toString(relay.timeoutMillis()));
    properties.put("mail.smtp.writetimeout", Integer.toString(relay.timeoutMillis()));
    return properties;
  }
}
