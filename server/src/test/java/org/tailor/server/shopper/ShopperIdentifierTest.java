package org.tailor.server.shopper;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShopperIdentifierTest {

  @Test
  void storesEmailsInLowerCaseAndPhonesAsDigits() {
    assertThat(ShopperIdentifier.canonical("email", " Ana.Garcia@Example.COM "))
        .isEqualTo("ana.garcia@example.com");
    assertThat(ShopperIdentifier.canonical("phone", "+34 (600) 123-456")).isEqualTo("+34600123456");
    assertThat(ShopperIdentifier.canonical("phone", "0888 123 456")).isEqualTo("0888123456");
    assertThat(ShopperIdentifier.canonical("card", " 4000-0012 ")).isEqualTo("4000-0012");
  }

  @Test
  void looksUpTypedIdentifierInEveryFormItMayBeStoredIn() {
    assertThat(ShopperIdentifier.lookupForms("Ana@Example.com"))
        .containsExactly("Ana@Example.com", "ana@example.com");
    assertThat(ShopperIdentifier.lookupForms("+34 600 123 456"))
        .containsExactly("+34 600 123 456", "+34600123456");
    assertThat(ShopperIdentifier.lookupForms("QR:abc")).containsExactly("QR:abc");
    assertThat(ShopperIdentifier.lookupForms(" 600000017450 "))
        .as("a number is its own phone form")
        .containsExactly("600000017450");
    assertThat(ShopperIdentifier.lookupForms("+600000017450")).containsExactly("+600000017450");
    assertThat(ShopperIdentifier.lookupForms("0888-12.3/4(5)6"))
        .containsExactly("0888-12.3/4(5)6", "0888123456");
    assertThat(ShopperIdentifier.lookupForms("1234")).containsExactly("1234");
  }
}
