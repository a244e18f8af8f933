package org.tailor.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.plugin.DeliveryException;
import org.tailor.plugin.DeliveryReceipt;
import org.tailor.plugin.OfferMessage;
import org.tailor.plugin.ShopperProfile;

/** The email channel against GreenMail, a real SMTP server running in this JVM. */
class EmailChannelTest {

  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP);

  @TempDir Path dir;

  private EmailChannel channel(Optional<Path> journal) {
    return new EmailChannel(
        new EmailChannel.Smtp(
            "127.0.0.1", SMTP.getSmtp().getPort(), false, "", "", "offers@shop.example", 5_000),
        (loyaltyId, channel, purpose) ->
            URI.create("https://offers.example.org/unsubscribe?token=" + loyaltyId + "-" + channel),
        new SentMessages(journal));
  }

  private static OfferMessage message(String id, String address, String language, String body) {
    return new OfferMessage(
        id,
        new ShopperProfile(
            "L-1", Optional.of("Ana"), language, Optional.empty(), List.of(), Map.of()),
        address,
        "offers",
        List.of(),
        "¡Feliz cumpleaños, Ana!",
        body);
  }

  @Test
  void sendsAPersonalEmailWithOneClickUnsubscribeHeaders() throws Exception {
    DeliveryReceipt receipt =
        channel(Optional.empty())
            .deliver(message("m-1", "ana@example.org", "es", "Hola Ana, 5,00 € para ti."));

    assertThat(receipt.externalReference()).isEqualTo("<m-1@tailor>");
    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(1);
    MimeMessage mail = received[0];
    assertThat(mail.getSubject()).isEqualTo("¡Feliz cumpleaños, Ana!");
    assertThat(GreenMailUtil.getBody(mail)).isNotEmpty();
    assertThat(((String) mail.getContent()).strip()).isEqualTo("Hola Ana, 5,00 € para ti.");
    assertThat(mail.getHeader("List-Unsubscribe"))
        .containsExactly("<https://offers.example.org/unsubscribe?token=L-1-email>");
    assertThat(mail.getHeader("List-Unsubscribe-Post"))
        .containsExactly("List-Unsubscribe=One-Click");
    assertThat(mail.getHeader("Message-ID")).containsExactly("<m-1@tailor>");
    assertThat(mail.getHeader("Content-Language")).containsExactly("es");
    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ana@example.org");
  }

  @Test
  void rightToLeftAndChineseTextArriveIntact() throws Exception {
    channel(Optional.empty())
        .deliver(message("m-fa", "sara@example.org", "fa", "سلام سارا، تولدت مبارک"));
    channel(Optional.empty()).deliver(message("m-zh", "mei@example.org", "zh-TW", "美玲 您好，生日快樂"));
    assertThat(SMTP.getReceivedMessages())
        .extracting(mail -> ((String) mail.getContent()).strip())
        .containsExactly("سلام سارا، تولدت مبارک", "美玲 您好，生日快樂");
  }

  @Test
  void aMessageHandedOverTwiceIsSentOnceEvenAfterARestart() throws Exception {
    Path journal = dir.resolve("sent.txt");
    channel(Optional.of(journal)).deliver(message("m-2", "ana@example.org", "en", "Hi"));
    channel(Optional.of(journal)).deliver(message("m-2", "ana@example.org", "en", "Hi"));
    assertThat(SMTP.getReceivedMessages()).hasSize(1);
    assertThat(Files.readAllLines(journal)).containsExactly("m-2");
  }

  @Test
  void aBadAddressIsPermanentAndAnUnreachableRelayIsRetryable() {
    assertThatThrownBy(
            () -> channel(Optional.empty()).deliver(message("m-3", "not an address", "en", "Hi")))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("not an address");

    EmailChannel nowhere =
        new EmailChannel(
            new EmailChannel.Smtp("127.0.0.1", 1, false, "", "", "offers@shop.example", 2_000),
            (l, c, p) -> URI.create("https://offers.example.org/u"),
            new SentMessages(Optional.empty()));
    assertThatThrownBy(() -> nowhere.deliver(message("m-4", "ana@example.org", "en", "Hi")))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("127.0.0.1:1");
  }

  @Test
  void messagesShareOneOpenConnection() throws Exception {
    EmailChannel channel = channel(Optional.empty());
    for (int i = 0; i < 3; i++) {
      channel.deliver(message("m-c" + i, "ana@example.org", "en", "Hi " + i));
    }
    assertThat(SMTP.getReceivedMessages())
        .extracting(mail -> ((String) mail.getContent()).strip())
        .containsExactly("Hi 0", "Hi 1", "Hi 2");
    assertThat(channel.connections().idleCount()).isEqualTo(1);
    channel.close();
    assertThat(channel.connections().idleCount()).isZero();
  }

  @Test
  void aConnectionDroppedByTheRelayFailsAtMostOneMessageRetryablyThenReconnects() throws Exception {
    GreenMail relay = new GreenMail(ServerSetupTest.SMTP.port(ServerSetupTest.SMTP.getPort() + 7));
    relay.start();
    int port = relay.getSmtp().getPort();
    EmailChannel channel =
        new EmailChannel(
            new EmailChannel.Smtp("127.0.0.1", port, false, "", "", "offers@shop.example", 5_000),
            (l, c, p) -> URI.create("https://offers.example.org/u"),
            new SentMessages(Optional.empty()));
    try {
      channel.deliver(message("m-d1", "ana@example.org", "en", "before"));
      relay.stop();
      relay = new GreenMail(ServerSetupTest.SMTP.port(port));
      relay.start();
      int failures = 0;
      try {
        channel.deliver(message("m-d2", "ana@example.org", "en", "after"));
      } catch (DeliveryException e) {
        assertThat(e.retryable()).isTrue();
        failures++;
        channel.deliver(message("m-d2", "ana@example.org", "en", "after"));
      }
      assertThat(failures).isLessThanOrEqualTo(1);
      assertThat(relay.getReceivedMessages())
          .extracting(mail -> ((String) mail.getContent()).strip())
          .containsExactly("after");
    } finally {
      channel.close();
      relay.stop();
    }
  }

  @Test
  void anIdIsInTheJournalFileAsSoonAsItIsAddedWithoutWaitingForTheFlush() throws Exception {
    Path journal = dir.resolve("sent.txt");
    SentMessages sent = new SentMessages(Optional.of(journal), 3_600_000);
    sent.add("m-5");
    sent.add("m-6");
    // What another process (the restarted server after kill -9) reads: no close, no fsync yet.
    assertThat(Files.readAllLines(journal)).containsExactly("m-5", "m-6");
    assertThat(new SentMessages(Optional.of(journal)).contains("m-6")).isTrue();
    sent.close();
  }
}
