package org.tailor.scoring.history.affinity;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tailor.plugin.host.PurchaseRecord;
import org.tailor.plugin.host.PurchasedItem;
import org.tailor.scoring.history.catalogue.OfferCategories;

class CategoryAffinityTest {

  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

  private static final String[] PRODUCT_CATEGORIES = {
    "grocery/coffee", "grocery/tea", "Grocery/Coffee/beans", "bakery/bread", "bakery/cakes", ""
  };

  private static final String[] OFFER_CATEGORIES = {
    "grocery", "coffee", "grocery/tea", "BAKERY", "cakes", "garden", "", "beans", "grocery/coffee"
  };

  /**
   * Two receipts: coffee and tea 10 days ago (weight 0.5^(10/10) = 0.5, in the 30-day window),
   * bread 40 days ago (0.0625, out of the window); a return of cakes does not count.
   */
  @Test
  void towardEachGivesEveryOfferCategoryItsShareAndItsReceiptsInTheWindow() {
    List<PurchaseRecord> purchases =
        List.of(
            receipt(10, "grocery/coffee", "grocery/tea"),
            receipt(40, "bakery/bread"),
            new PurchaseRecord(
                "r-return",
                "s1",
                NOW.minus(Duration.ofDays(1)),
                List.of(new PurchasedItem("x", "bakery/cakes", -1, BigDecimal.ONE))));
    CategoryAffinity affinity = CategoryAffinity.of(purchases, NOW, 10, 30);

    CategoryAffinity.Affinity[] each =
        affinity.towardEach(new OfferCategories(new String[] {"grocery", "coffee", "bakery"}));

    double total = 0.5 + 0.5 + 0.0625;
    assertThat(each[0]).isEqualTo(new CategoryAffinity.Affinity(1.0 / total, 2, 30));
    assertThat(each[1]).isEqualTo(new CategoryAffinity.Affinity(0.5 / total, 1, 30));
    assertThat(each[2]).isEqualTo(new CategoryAffinity.Affinity(0.0625 / total, 0, 30));
  }

  /**
   * Against {@link CategoryAffinity#toward(String)}, one category at a time, on random receipts:
   * the same shares to the last bit and the same receipt counts, for every offer category, the
   * categories' answers asked again by a second shopper.
   */
  @Test
  void towardEachIsTowardForEveryCategoryToTheLastBit() {
    Random random = new Random(3);
    OfferCategories offers = new OfferCategories(OFFER_CATEGORIES);
    for (int round = 0; round < 200; round++) {
      List<PurchaseRecord> purchases = new ArrayList<>();
      for (int r = random.nextInt(6); r > 0; r--) {
        List<PurchasedItem> lines = new ArrayList<>();
        for (int l = 1 + random.nextInt(5); l > 0; l--) {
          lines.add(
              new PurchasedItem(
                  "sku-" + random.nextInt(20),
                  PRODUCT_CATEGORIES[random.nextInt(PRODUCT_CATEGORIES.length)],
                  random.nextInt(4) - 1,
                  BigDecimal.TEN));
        }
        purchases.add(
            new PurchaseRecord(
                "r" + r, "s1", NOW.minus(Duration.ofHours(random.nextInt(24 * 200))), lines));
      }
      CategoryAffinity affinity = CategoryAffinity.of(purchases, NOW, 30, 90);

      CategoryAffinity.Affinity[] each = affinity.towardEach(offers);

      assertThat(each).hasSize(OFFER_CATEGORIES.length);
      for (int c = 0; c < OFFER_CATEGORIES.length; c++) {
        CategoryAffinity.Affinity one = affinity.toward(OFFER_CATEGORIES[c]);
        assertThat(Double.doubleToLongBits(each[c].share()))
            .as("share toward %s", OFFER_CATEGORIES[c])
            .isEqualTo(Double.doubleToLongBits(one.share()));
        assertThat(each[c]).isEqualTo(one);
      }
    }
  }

  private static PurchaseRecord receipt(int daysAgo, String... categories) {
    List<PurchasedItem> lines = new ArrayList<>();
    for (String category : categories) {
      lines.add(new PurchasedItem("sku-" + category, category, 1, BigDecimal.ONE));
    }
    return new PurchaseRecord("r" + daysAgo, "s1", NOW.minus(Duration.ofDays(daysAgo)), lines);
  }
}
