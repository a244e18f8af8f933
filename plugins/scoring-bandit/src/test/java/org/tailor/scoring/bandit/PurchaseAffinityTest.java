package org.tailor.scoring.bandit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tailor.plugin.host.PurchaseRecord;
import org.tailor.plugin.host.PurchasedItem;

class PurchaseAffinityTest {

  /** A receipt with {@code count} lines in each of the given categories, in pairs. */
  private static PurchaseRecord receipt(String number, Object... categoryAndCount) {
    List<PurchasedItem> lines = new ArrayList<>();
    for (int i = 0; i < categoryAndCount.length; i += 2) {
      String category = (String) categoryAndCount[i];
      int count = (Integer) categoryAndCount[i + 1];
      for (int n = 0; n < count; n++) {
        lines.add(new PurchasedItem("sku-" + category + n, category, 3, BigDecimal.TEN));
      }
    }
    return new PurchaseRecord(number, "S1", Instant.parse("2026-03-02T08:00:00Z"), lines);
  }

  @Test
  void levelsFollowTheShareOfLinesAcrossReceipts() {
    // 100 lines: fresh/fruit 20 (high), dairy 10 (mid), bakery 4 (low), household 66 (high).
    PurchaseAffinity affinity =
        PurchaseAffinity.of(
            List.of(
                receipt("R1", "fresh/fruit", 12, "dairy", 10, "household", 30),
                receipt("R2", "fresh/fruit", 8, "bakery", 4, "household", 36)));

    assertEquals(100, affinity.totalLines());
    assertEquals(PurchaseAffinity.HIGH, affinity.level("fresh/fruit"));
    assertEquals(PurchaseAffinity.MID, affinity.level("dairy"));
    assertEquals(PurchaseAffinity.LOW, affinity.level("bakery"));
    assertEquals(PurchaseAffinity.NONE, affinity.level("frozen"));
  }

  @Test
  void thresholdsAreFiveAndFifteenPercentOfLines() {
    // 20 lines: 1 = 5 % (mid, not low), 3 = 15 % (high, not mid).
    PurchaseAffinity affinity =
        PurchaseAffinity.of(List.of(receipt("R1", "a", 1, "b", 3, "c", 16)));
    assertEquals(PurchaseAffinity.MID, affinity.level("a"));
    assertEquals(PurchaseAffinity.HIGH, affinity.level("b"));
    // 21 lines: 1 is 4.8 % (low); 3 is 14.3 % (mid).
    PurchaseAffinity smaller = PurchaseAffinity.of(List.of(receipt("R1", "a", 1, "b", 3, "c", 17)));
    assertEquals(PurchaseAffinity.LOW, smaller.level("a"));
    assertEquals(PurchaseAffinity.MID, smaller.level("b"));
  }

  @Test
  void aDepartmentHoldsTheCategoriesUnderItButNotNamesThatMerelyStartAlike() {
    PurchaseAffinity affinity =
        PurchaseAffinity.of(
            List.of(receipt("R1", "fresh/fruit", 2, "fresh/vegetables", 2, "freshwater", 16)));
    assertEquals(4, affinity.linesIn("fresh"));
    assertEquals(PurchaseAffinity.HIGH, affinity.level("fresh")); // 4 of 20 = 20 %
    assertEquals(2, affinity.linesIn("fresh/fruit"));
    assertEquals(0, affinity.linesIn("fresh/fruit/apples"));
  }

  @Test
  void eachLineCountsOnceInEveryCategoryOnItsPathAtEveryDepth() {
    // bought directly in "food", in "food/dairy" and in "food/dairy/cheese", across two receipts
    PurchaseAffinity affinity =
        PurchaseAffinity.of(
            List.of(
                receipt("R1", "food/dairy/cheese", 2, "food", 1),
                receipt("R2", "food/dairy", 3, "food/dairy/cheese", 1, "toys", 3)));
    assertEquals(7, affinity.linesIn("food"));
    assertEquals(6, affinity.linesIn("food/dairy"));
    assertEquals(3, affinity.linesIn("food/dairy/cheese"));
    assertEquals(3, affinity.linesIn("toys"));
    assertEquals(0, affinity.linesIn("food/dai"));
    assertEquals(10, affinity.totalLines());
  }

  @Test
  void noHistoryMeansNoAffinity() {
    assertEquals(PurchaseAffinity.NONE, PurchaseAffinity.of(List.of()).level("fresh"));
    assertEquals(PurchaseAffinity.NONE, PurchaseAffinity.of(List.of(receipt("R1"))).level("fresh"));
  }
}
