package org.tailor.scoring.history.similarity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tailor.scoring.history.catalogue.ItemCatalogue;

class CategoryMassTest {

  private static final String[] CATEGORIES = {
    "grocery/coffee", "grocery/tea", "bakery/bread", "bakery/cakes", "baby/food", ""
  };

  /**
   * For random catalogues and neighbour tables: each item's pairs name each category among its
   * neighbours once, in ascending order, with the sum of those neighbours' similarities, to the
   * last bit of the sum taken one neighbour at a time.
   */
  @Test
  void eachItemsNeighboursSummedByCategory() {
    Random random = new Random(17);
    for (int round = 0; round < 50; round++) {
      int items = 3 + random.nextInt(40);
      ItemCatalogue.Builder builder = ItemCatalogue.builder();
      for (int i = 0; i < items; i++) {
        builder.index("sku-" + i, CATEGORIES[random.nextInt(CATEGORIES.length)]);
      }
      ItemCatalogue catalogue = builder.build();
      PurchaseMatrix.Builder purchases = PurchaseMatrix.builder();
      for (int s = 0; s < 30; s++) {
        for (int i = 0; i < items; i++) {
          if (random.nextDouble() < 0.25) {
            purchases.add(s, i);
          }
        }
      }
      ItemNeighbours neighbours =
          ItemSimilarity.compute(purchases.build(items), 1 + random.nextInt(8), 0.5).reversed();

      CategoryMass table = CategoryMass.of(catalogue, neighbours);

      assertThat(table.itemCount()).isEqualTo(neighbours.itemCount());
      for (int item = 0; item < items; item++) {
        TreeMap<Integer, Double> expected = new TreeMap<>();
        for (int rank = 0; rank < neighbours.countOf(item); rank++) {
          expected.merge(
              catalogue.categoryId(neighbours.neighbour(item, rank)),
              (double) neighbours.similarity(item, rank),
              Double::sum);
        }
        TreeMap<Integer, Double> actual = new TreeMap<>();
        int previous = -1;
        for (int at = table.from(item); at < table.to(item); at++) {
          assertThat(table.category(at)).as("ascending, each once").isGreaterThan(previous);
          previous = table.category(at);
          actual.put(table.category(at), table.mass(at));
        }
        assertThat(actual).as("item %d of round %d", item, round).isEqualTo(expected);
      }
    }
  }

  @Test
  void madeOncePerCatalogueAndAgainForAnother() {
    ItemCatalogue.Builder builder = ItemCatalogue.builder();
    builder.index("coffee-1", "grocery/coffee");
    builder.index("tea-1", "grocery/tea");
    ItemCatalogue catalogue = builder.build();
    PurchaseMatrix.Builder purchases = PurchaseMatrix.builder();
    purchases.add(0, 0);
    purchases.add(0, 1);
    ItemNeighbours neighbours = ItemSimilarity.compute(purchases.build(2), 2, 0).reversed();

    CategoryMass first = neighbours.byCategory(catalogue);
    assertThat(neighbours.byCategory(catalogue)).isSameAs(first);

    ItemCatalogue.Builder other = ItemCatalogue.builder();
    other.index("coffee-1", "grocery/tea");
    other.index("tea-1", "grocery/tea");
    ItemCatalogue retagged = other.build();
    CategoryMass second = neighbours.byCategory(retagged);
    assertThat(second.madeWith(retagged)).isTrue();
    assertThat(second.from(0)).isEqualTo(0);
    assertThat(second.to(0))
        .as("both neighbours of item 0 now in one category")
        .isLessThanOrEqualTo(1);
  }
}
