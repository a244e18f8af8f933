package org.tailor.server.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogueAndStoresTest {

  @Test
  void catalogueHasTwoThousandProductsInFortyCategoriesWithCostBelowPrice() {
    Catalogue catalogue = Catalogue.of(5);
    assertThat(catalogue.productCount()).isEqualTo(2_000);
    assertThat(catalogue.categoryPaths()).hasSize(40).allMatch(p -> p.matches("[a-z-]+/[a-z-]+"));
    Set<String> skus = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (int p = 0; p < catalogue.productCount(); p++) {
      assertThat(skus.add(catalogue.sku(p))).isTrue();
      names.add(catalogue.name(p));
      assertThat(catalogue.costCents(p)).isPositive().isLessThan(catalogue.priceCents(p));
    }
    assertThat(names.size()).isGreaterThan(1_900);
    double total = 0;
    for (double share : catalogue.categoryBaseShares()) {
      total += share;
    }
    assertThat(total).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void bestSellersSellMoreThanTheTail() {
    Catalogue catalogue = Catalogue.of(5);
    int[] counts = new int[Catalogue.PRODUCTS_PER_CATEGORY];
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    for (int i = 0; i < 20_000; i++) {
      counts[catalogue.productIn(7, random.nextDouble()) - 7 * Catalogue.PRODUCTS_PER_CATEGORY]++;
    }
    assertThat(counts[0]).isGreaterThan(5 * counts[Catalogue.PRODUCTS_PER_CATEGORY - 1]);
  }

  @Test
  void evenASmallChainSpansSevenCountriesAndItsOwnScripts() {
    StoreNetwork stores = StoreNetwork.of(1, 7, LocalDate.of(2024, 1, 1), 10);
    Set<String> countries = new HashSet<>();
    for (StoreNetwork.Store store : stores.stores()) {
      countries.add(store.country().isoCode());
    }
    assertThat(countries).containsExactlyInAnyOrder("US", "ES", "GB", "MX", "BG", "TW", "IR");
    assertThat(stores.stores())
        .extracting(StoreNetwork.Store::name)
        .contains(
            "Tailor Market New York", "Тейлър Маркет София", "泰勒超市 臺北店", "فروشگاه تیلور تهران");
  }

  @Test
  void localShoppingHoursBecomeInstantsInTheStoresTimeZone() {
    StoreNetwork stores = StoreNetwork.of(1, 7, LocalDate.of(2024, 7, 1), 10);
    for (int s = 0; s < 7; s++) {
      StoreNetwork.Store store = stores.store(s);
      long epochSecond = stores.epochSecond(s, 3, 10 * 3600);
      java.time.ZonedDateTime local =
          java.time.Instant.ofEpochSecond(epochSecond)
              .atZone(java.time.ZoneId.of(store.timeZone()));
      assertThat(local.toLocalDate()).isEqualTo(LocalDate.of(2024, 7, 4));
      assertThat(local.getHour()).as(store.timeZone()).isEqualTo(10);
    }
  }

  @Test
  void bulgarianNamesAreTransliteratedByTheOfficialSystem() {
    assertThat(NameBook.transliterateBulgarian("Щерю Йорданов")).isEqualTo("Shteryu Yordanov");
    assertThat(NameBook.transliterateBulgarian("Цветелина Жекова")).isEqualTo("Tsvetelina Zhekova");
    assertThat(NameBook.emailPart("O'Brien")).isEqualTo("obrien");
  }

  @Test
  void cardNumbersCarryAValidEan13CheckDigit() {
    for (long i : new long[] {0, 1, 99, 12_345_678}) {
      String card = ShopperSynthesizer.cardNumber(i);
      int sum = 0;
      for (int k = 0; k < 13; k++) {
        int d = card.charAt(k) - '0';
        sum += k % 2 == 0 ? d : 3 * d;
      }
      assertThat(sum % 10).as(card).isZero();
    }
  }

  @Test
  void subscriberNumbersNeverCollide() {
    Set<Long> seen = new HashSet<>();
    for (long i = 0; i < 200_000; i++) {
      assertThat(seen.add(ShopperSynthesizer.subscriberNumber(i))).isTrue();
    }
    assertThat(ShopperSynthesizer.subscriberNumber(99_999_999L)).isBetween(0L, 99_999_999L);
  }
}
