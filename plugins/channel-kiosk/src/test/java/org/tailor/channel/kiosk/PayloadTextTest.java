package org.tailor.channel.kiosk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadTextTest {

  @Test
  void readsAsciiAndUtf8AsTheirText() throws Exception {
    String ascii = "{\"messageId\":\"m-1\",\"maxOffers\":3}";
    assertThat(PayloadReader.text(ascii.getBytes(StandardCharsets.US_ASCII))).isEqualTo(ascii);
    String persian = "{\"language\":\"fa\",\"name\":\"شیرین\",\"x\":\"Zoë 😀\"}";
    assertThat(PayloadReader.text(persian.getBytes(StandardCharsets.UTF_8))).isEqualTo(persian);
    assertThat(PayloadReader.text(new byte[0])).isEmpty();
  }

  @Test
  void refusesBytesThatAreNotUtf8() {
    for (byte[] bad :
        new byte[][] {
          {'{', (byte) 0xE9, '}'}, // Latin-1 é
          {(byte) 0xC3}, // a sequence cut short
          {'a', (byte) 0x80}, // a continuation byte alone
          {(byte) 0xED, (byte) 0xA0, (byte) 0x80} // an encoded surrogate
        }) {
      assertThatThrownBy(() -> PayloadReader.text(bad))
          .isInstanceOfSatisfying(
              PayloadException.class,
              refused -> {
                assertThat(refused.error().code()).isEqualTo(Errors.MALFORMED);
                assertThat(refused.error().expected()).isEqualTo("UTF-8 text");
                assertThat(refused.error().value()).isEqualTo(bad.length + " bytes");
              });
    }
  }
}
