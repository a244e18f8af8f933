package org.tailor.server.permission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class UnsubscribeLinksTest {

  private static final byte[] KEY =
      "a test key that is long enough for HMAC-SHA256".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
  private static final URI PUBLIC = URI.create("https://offers.example.org/");

  private static UnsubscribeLinks at(Instant now, byte[] key) {
    return new UnsubscribeLinks(key, Duration.ofDays(30), PUBLIC, Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void aLinkNamesTheShopperChannelAndPurposeItWasMadeFor() {
    UnsubscribeLinks links = at(NOW, KEY);
    URI link = links.link("L-1", "email", "offers");
    assertThat(link.toString()).startsWith("https://offers.example.org/links/unsubscribe?token=");

    UnsubscribeRequest request = links.verify(link.getQuery().substring("token=".length()));
    assertThat(request.loyaltyId()).isEqualTo("L-1");
    assertThat(request.channel()).isEqualTo("email");
    assertThat(request.purpose()).isEqualTo("offers");
    assertThat(request.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(30)));
  }

  @Test
  void aTamperedPayloadIsRefused() {
    UnsubscribeLinks links = at(NOW, KEY);
    String token = links.token("L-1", "email", "offers");
    String payload = token.substring(0, token.indexOf('.'));
    String signature = token.substring(token.indexOf('.') + 1);
    String other =
        new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8)
            .replace("L-1", "L-2");
    String forged =
        Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(other.getBytes(StandardCharsets.UTF_8))
            + "."
            + signature;

    assertThatThrownBy(() -> links.verify(forged))
        .isInstanceOfSatisfying(
            InvalidLinkException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(InvalidLinkException.Problem.TAMPERED);
              assertThat(e.field()).isEqualTo("token");
            });
  }

  @Test
  void aTamperedSignatureOrAnotherKeyIsRefused() {
    String token = at(NOW, KEY).token("L-1", "email", "offers");
    char last = token.charAt(token.length() - 2);
    String flipped =
        token.substring(0, token.length() - 2)
            + (last == 'A' ? 'B' : 'A')
            + token.charAt(token.length() - 1);
    assertThatThrownBy(() -> at(NOW, KEY).verify(flipped))
        .isInstanceOfSatisfying(
            InvalidLinkException.class,
            e -> assertThat(e.problem()).isEqualTo(InvalidLinkException.Problem.TAMPERED));

    byte[] otherKey =
        "another key, also long enough for HMAC-SHA256".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> at(NOW, otherKey).verify(token))
        .isInstanceOfSatisfying(
            InvalidLinkException.class,
            e -> assertThat(e.problem()).isEqualTo(InvalidLinkException.Problem.TAMPERED));
  }

  @Test
  void aLinkExpiresAfterItsValidity() {
    String token = at(NOW, KEY).token("L-1", "sms", "offers");
    assertThat(at(NOW.plus(Duration.ofDays(30)).minusSeconds(1), KEY).verify(token).channel())
        .isEqualTo("sms");
    assertThatThrownBy(() -> at(NOW.plus(Duration.ofDays(30)), KEY).verify(token))
        .isInstanceOfSatisfying(
            InvalidLinkException.class,
            e -> assertThat(e.problem()).isEqualTo(InvalidLinkException.Problem.EXPIRED));
  }

  @Test
  void garbageIsMalformedNotACrash() {
    UnsubscribeLinks links = at(NOW, KEY);
    for (String garbage : new String[] {"", "abc", "!!!.???", ".", "a.b.c"}) {
      assertThatThrownBy(() -> links.verify(garbage))
          .as(garbage)
          .isInstanceOf(InvalidLinkException.class);
    }
    assertThatThrownBy(() -> links.verify(null)).isInstanceOf(InvalidLinkException.class);
  }
}
