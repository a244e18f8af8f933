package org.tailor.agent.identification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tailor.agent.i18n.Texts;
import org.tailor.terminal.protocol.ShopperIdentifier;

class IdentifierClassifierTest {

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "600000017850|loyalty|600000017850",
        "L000000042|loyalty|L000000042",
        "17850|loyalty|17850",
        "0123456789012|loyalty|0123456789012",
        "+34 612 345 678|phone|+34612345678",
        "0034612345678|phone|+34612345678",
        "0612345678|phone|0612345678",
        "(0888) 123-456|phone|0888123456",
        "tailor:shopper:42|qr|tailor:shopper:42",
        "https://shop.example/s/abc|qr|https://shop.example/s/abc"
      })
  void classifiesScansPhoneNumbersAndQrCodes(String input, String type, String value) {
    assertThat(IdentifierClassifier.classify(input)).isEqualTo(new ShopperIdentifier(type, value));
  }

  @Test
  void keyboardWedgeScanEndsWithEnterAndIsStillACard() {
    assertThat(IdentifierClassifier.classify("  600000012346\r\n").type()).isEqualTo("loyalty");
  }

  @Test
  void refusesAnEmptyEntry() {
    assertThatThrownBy(() -> IdentifierClassifier.classify("   \r\n"))
        .isInstanceOf(InvalidIdentifierException.class)
        .hasMessageContaining("scan your card");
  }

  @Test
  void refusesWordsThatAreNoIdentifierAndSaysWhatWasExpected() {
    assertThatThrownBy(() -> IdentifierClassifier.classify("hello"))
        .isInstanceOf(InvalidIdentifierException.class)
        .hasMessageContaining("\"hello\"")
        .hasMessageContaining("card number (4 to 20 digits)")
        .hasMessageContaining("QR code");
  }

  @Test
  void refusesAPhoneNumberWithTooFewDigits() {
    assertThatThrownBy(() -> IdentifierClassifier.classify("+34 612"))
        .isInstanceOf(InvalidIdentifierException.class)
        .hasMessageContaining("\"+34 612\" has 5 digits")
        .hasMessageContaining("7 to 15");
  }

  @Test
  void refusesTooShortCardNumbers() {
    assertThatThrownBy(() -> IdentifierClassifier.classify("123"))
        .isInstanceOf(InvalidIdentifierException.class)
        .extracting(e -> ((InvalidIdentifierException) e).reason())
        .isEqualTo("input.unrecognized");
  }

  @Test
  void refusesControlCharactersAndOverlongEntries() {
    assertThatThrownBy(() -> IdentifierClassifier.classify("6000\u000100017850"))
        .isInstanceOf(InvalidIdentifierException.class)
        .extracting(e -> ((InvalidIdentifierException) e).reason())
        .isEqualTo("input.controlCharacters");
    assertThatThrownBy(() -> IdentifierClassifier.classify("tailor:" + "x".repeat(600)))
        .isInstanceOf(InvalidIdentifierException.class)
        .hasMessageContaining("607 characters")
        .hasMessageContaining("at most 512");
  }

  @Test
  void explainsTheProblemInTheShoppersLanguage() {
    InvalidIdentifierException problem =
        (InvalidIdentifierException) catchThrowable(() -> IdentifierClassifier.classify("hola"));
    assertThat(problem.describe(Texts.in("es"))).contains("no es un número de tarjeta");
    assertThat(problem.describe(Texts.in("fa"))).contains("کد QR نیست");
    assertThat(problem.describe(Texts.in("zh-TW"))).contains("不是會員卡號");
  }
}
