package org.tailor.channel.email;

import jakarta.mail.util.StreamProvider;
import org.eclipse.angus.mail.util.MailStreamProvider;

/**
 * Names Angus Mail's stream provider to Jakarta Mail once, by its system property, so that Jakarta
 * Mail 2.1.3 stops looking it up through {@link java.util.ServiceLoader} — a scan of the class
 * loader's jars — on every header it encodes and every body it writes (jakartaee/mail-api#861, a
 * sixth of the email channel's time per message). With the property set, Jakarta Mail loads the
 * named class through the thread's context class loader, which the channel sets to its own bundle's
 * (where Angus is embedded) before it touches Jakarta Mail.
 *
 * <p>The property is global: it is set only when nobody set it before, and names the implementation
 * this bundle carries. In the Tailor server only this bundle uses Jakarta Mail.
 */
final class MailStreams {

  private MailStreams() {}

  /** Sets {@code jakarta.mail.util.StreamProvider} to Angus's provider unless it is set. */
  static void nameProvider() {
    String property = StreamProvider.class.getName();
    synchronized (MailStreams.class) {
      if (System.getProperty(property) == null) {
        System.setProperty(property, MailStreamProvider.class.getName());
      }
    }
  }
}
