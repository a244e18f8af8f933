package org.tailor.scoring.bandit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tailor.plugin.host.PluginStateStore;
import org.tailor.plugin.host.PurchaseRecord;
import org.tailor.plugin.host.PurchasedItem;

/**
 * The affinity a decision used is kept for the shopper: the next decision reuses it while the
 * history gives lines of the same categories, although the host decodes the receipts afresh for
 * each decision (new instances with the same content, as this history does), and builds it again
 * when a line's category changes or a receipt is added; a presentation learns with the affinity of
 * the shopper's latest decision.
 */
class BanditAffinityReuseTest {

  private static final PluginStateStore NO_STORE =
      new PluginStateStore() {
        @Override
        public Optional<byte[]> load(String pluginId, String key) {
          return Optional.empty();
        }

        @Override
        public void save(String pluginId, String key, byte[] snapshot) {}
      };

  /** Each receipt's line categories; every call decodes new records of them, as the host does. */
  private final List<List<String>> receipts = new ArrayList<>();

  private final AtomicInteger reads = new AtomicInteger();

  private final BanditScoringPlugin plugin =
      new BanditScoringPlugin(
          NO_STORE,
          (loyaltyId, limit) -> {
            reads.incrementAndGet();
            List<PurchaseRecord> decoded = new ArrayList<>();
            for (int r = 0; r < receipts.size(); r++) {
              List<PurchasedItem> lines = new ArrayList<>();
              for (String category : receipts.get(r)) {
                // a new String each time, as a decode from bytes would make it
                lines.add(
                    new PurchasedItem("sku", new String(category), 1, new BigDecimal("2.50")));
              }
              decoded.add(
                  new PurchaseRecord(
                      "R" + r, "S1", Instant.parse("2026-03-02T08:00:00Z").minusSeconds(r), lines));
            }
            return decoded;
          },
          new TestConfiguration("thompson"));

  @AfterEach
  void stop() {
    plugin.deactivate();
  }

  @Test
  void theSameCategoriesDecodedAfreshReuseTheAffinity() {
    receipts.add(List.of("drinks/coffee", "drinks/coffee", "bakery"));
    receipts.add(List.of("bakery", "dairy"));

    PurchaseAffinity first = plugin.decided(BanditLearnerTest.ANA);
    PurchaseAffinity second = plugin.decided(BanditLearnerTest.ANA);

    assertThat(reads).hasValue(2); // each decision reads the history
    assertThat(second).isSameAs(first);
    assertThat(plugin.presentedWith(BanditLearnerTest.ANA)).isSameAs(first);
  }

  @Test
  void aLineMovedToAnotherCategoryBuildsTheAffinityAgain() {
    receipts.add(List.of("drinks/coffee", "bakery", "bakery", "bakery", "bakery"));
    PurchaseAffinity before = plugin.decided(BanditLearnerTest.ANA);
    assertThat(before.level("drinks/coffee")).isEqualTo(PurchaseAffinity.HIGH); // 1 of 5

    // the same receipt, its product moved to another category
    receipts.set(0, List.of("drinks/tea", "bakery", "bakery", "bakery", "bakery"));
    PurchaseAffinity after = plugin.decided(BanditLearnerTest.ANA);

    assertThat(after).isNotSameAs(before);
    assertThat(after.level("drinks/coffee")).isEqualTo(PurchaseAffinity.NONE);
    assertThat(after.level("drinks/tea")).isEqualTo(PurchaseAffinity.HIGH);
    assertThat(plugin.presentedWith(BanditLearnerTest.ANA)).isSameAs(after);
  }

  @Test
  void aNewReceiptOrALineMoreBuildsTheAffinityAgain() {
    receipts.add(List.of("bakery", "dairy"));
    PurchaseAffinity before = plugin.decided(BanditLearnerTest.ANA);

    receipts.add(0, List.of("bakery")); // a newer receipt
    PurchaseAffinity withReceipt = plugin.decided(BanditLearnerTest.ANA);
    assertThat(withReceipt).isNotSameAs(before);
    assertThat(withReceipt.totalLines()).isEqualTo(3);

    receipts.set(1, List.of("bakery", "dairy", "dairy")); // one line more in the older one
    PurchaseAffinity withLine = plugin.decided(BanditLearnerTest.ANA);
    assertThat(withLine).isNotSameAs(withReceipt);
    assertThat(withLine.totalLines()).isEqualTo(4);

    assertThat(plugin.presentedWith(BanditLearnerTest.ANA)).isSameAs(withLine);
  }
}
