package org.tailor.channel.kiosk;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.tailor.terminal.protocol.OfferView;
import org.tailor.terminal.protocol.OffersReply;
import org.tailor.terminal.protocol.ShopperGreeting;

class ReplyWriterTest {

  private static final Jsonb JSONB = JsonbBuilder.create();

  @AfterAll
  static void close() throws Exception {
    JSONB.close();
  }

  @Test
  void writesTheBytesJsonbWrites() {
    ReplyWriter writer = new ReplyWriter(JSONB);
    List<OffersReply> replies =
        List.of(
            reply("Ann", "Coffee 2 for 1", 3),
            reply("شیرین", "قهوه دو به یک", 3), // Persian: not ASCII
            reply("Zoë", "Café crème", 1), // Latin-1, not ASCII
            reply("Zoë 😀", "Tea \"quoted\" \\ and\ttab", 2), // a surrogate pair, escapes
            reply("Big", "x".repeat(3_000), 10), // grows the buffer beyond what is kept
            reply(null, "after the big one", 1),
            reply("Ann", "Coffee 2 for 1", 0));
    for (OffersReply reply : replies) {
      assertThat(writer.toJson(reply))
          .isEqualTo(JSONB.toJson(reply).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Every shape an answer to an identify takes, written as JSON-B writes it, byte for byte. */
  @Test
  void writesEveryShapeOfAnOffersReplyAsJsonbDoes() {
    ReplyWriter writer = new ReplyWriter(JSONB);
    Instant now = Instant.parse("2026-11-27T09:30:00.000000001Z");
    OfferView odd =
        new OfferView(
            "Ö\u0001",
            Integer.MAX_VALUE,
            "line\nbreak </script>",
            "",
            new BigDecimal("1E+3"),
            new BigDecimal("-0.000001"),
            Instant.parse("-1000-01-01T00:00:00Z"));
    OfferView bare = new OfferView("C", 0, null, null, null, null, null);
    List<OffersReply> replies =
        List.of(
            new OffersReply(null, null, null, false, List.of(), null, Errors.busy(), now),
            new OffersReply(
                "m-2",
                null,
                null,
                false,
                List.of(),
                null,
                Errors.of(Errors.INVALID_FIELD, "maxOffers", "99", "1 to 10"),
                Instant.EPOCH),
            new OffersReply(
                "m-3",
                "p",
                new ShopperGreeting(true, "שרה", "he", true),
                true,
                List.of(odd, bare),
                "ILS",
                null,
                now.plusMillis(5)),
            new OffersReply(null, null, null, false, null, null, null, null));
    for (OffersReply reply : replies) {
      assertThat(new String(writer.toJson(reply), StandardCharsets.UTF_8))
          .isEqualTo(JSONB.toJson(reply));
    }
  }

  @Test
  void encodesAsStringGetBytesDoes() {
    assertThat(ReplyWriter.utf8("{\"a\":1}"))
        .isEqualTo("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    assertThat(ReplyWriter.utf8("café")).isEqualTo("café".getBytes(StandardCharsets.UTF_8));
    assertThat(ReplyWriter.utf8("é€😀")).isEqualTo("é€😀".getBytes(StandardCharsets.UTF_8));
    assertThat(ReplyWriter.utf8("")).isEmpty();
    // every UTF-16 unit, and the surrogates alone, in pairs and reversed: as String.getBytes
    StringBuilder every = new StringBuilder();
    for (char c = 0; c < Character.MAX_VALUE; c++) {
      every.append(c).append('a');
    }
    every.append("\uD83D\uDE00 \uDE00\uD83D \uD83D");
    assertThat(ReplyWriter.utf8(every))
        .isEqualTo(every.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void answersTheDirectionOfATagAgainTheSame() {
    for (int round = 0; round < 2; round++) {
      assertThat(TerminalMessages.isRightToLeft("fa")).isTrue();
      assertThat(TerminalMessages.isRightToLeft("fa-IR")).isTrue();
      assertThat(TerminalMessages.isRightToLeft("he")).isTrue();
      assertThat(TerminalMessages.isRightToLeft("en-GB")).isFalse();
      assertThat(TerminalMessages.isRightToLeft("zh-TW")).isFalse();
      assertThat(TerminalMessages.isRightToLeft("not a tag")).isFalse();
    }
    for (int i = 0; i < TerminalMessages.MAX_DIRECTIONS_KEPT + 10; i++) {
      assertThat(TerminalMessages.isRightToLeft("ar-x-" + i)).isTrue();
    }
  }

  private static OffersReply reply(String firstName, String headline, int offers) {
    List<OfferView> views = new ArrayList<>();
    for (int i = 0; i < offers; i++) {
      views.add(
          new OfferView(
              "OFFER-" + i,
              i + 1,
              headline,
              "body " + i,
              i % 2 == 0 ? new BigDecimal("12.5") : null,
              i % 2 == 1 ? new BigDecimal("3.00") : null,
              Instant.parse("2026-12-31T23:59:59.123Z").plusSeconds(i)));
    }
    return new OffersReply(
        "m-1",
        "42",
        new ShopperGreeting(firstName != null, firstName, "en", false),
        false,
        views,
        "EUR",
        null,
        Instant.parse("2026-11-27T09:30:00Z"));
  }
}
