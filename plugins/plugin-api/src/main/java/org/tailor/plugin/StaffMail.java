package org.tailor.plugin;

import java.util.List;
import java.util.Objects;

/**
 * Operational email to a member of staff, such as a store manager's weekly report. It is not a
 * marketing message to a shopper: it does not pass the shopper consent gate and carries no
 * unsubscribe link. An email channel plugin offers it as a service over the same relay it sends
 * offers through; the host sends nothing when no plugin offers it.
 *
 * @since 1.2
 */
public interface StaffMail {

  /**
   * Sends one message. Throws a retryable {@link DeliveryException} when the relay could not be
   * reached, a non-retryable one when the address or message was refused.
   */
  void send(StaffMessage message) throws DeliveryException;

  /**
   * One email to a member of staff.
   *
   * @param id a stable id of the message (the {@code Message-ID} is made from it)
   * @param to the address
   * @param language the reader's language (BCP 47), for {@code Content-Language}
   * @param subject the subject line
   * @param body the plain-text body
   * @param attachments files attached, possibly none
   */
  record StaffMessage(
      String id,
      String to,
      String language,
      String subject,
      String body,
      List<Attachment> attachments) {
    public StaffMessage {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(language, "language");
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(body, "body");
      attachments = List.copyOf(attachments);
    }
  }

  /**
   * A file attached to a {@link StaffMessage}.
   *
   * @param fileName the file's name
   * @param mediaType its media type, such as {@code application/pdf}
   * @param content its bytes
   */
  record Attachment(String fileName, String mediaType, byte[] content) {
    public Attachment {
      Objects.requireNonNull(fileName, "fileName");
      Objects.requireNonNull(mediaType, "mediaType");
      content = content.clone();
    }

    @Override
    public byte[] content() {
      return content.clone();
    }
  }
}
