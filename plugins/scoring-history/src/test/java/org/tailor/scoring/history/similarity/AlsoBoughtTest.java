package org.tailor.scoring.history.similarity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tailor.scoring.history.catalogue.CategoryPath;
import org.tailor.scoring.history.catalogue.ItemCatalogue;

class AlsoBoughtTest {

  private static final String[] CATEGORIES = {
    "grocery/coffee", "grocery/tea", "bakery/bread", "bakery/cakes", "baby/food", ""
  };

  /**
   * Ann bought items 0, 1 and 2, Bob 0 and 1, Cy 1 and 2, Di only 3 (see ItemSimilarityTest): item
   * 0 is coffee, 1 tea, 2 bread, 3 cakes. From a shopper who bought coffee (item 0), k = 3, the
   * reversed table lends: to 1 (tea) 0.8165, to 2 (bread) 0.5. Total mass 1.3165.
   */
  @Test
  void sharesOfTheSimilarityMassByPromotedCategoryWithTheShoppersCategoryThatLedThere() {
    ItemCatalogue.Builder builder = ItemCatalogue.builder();
    builder.index("coffee-1", "grocery/coffee");
    builder.index("tea-1", "grocery/tea");
    builder.index("bread-1", "bakery/bread");
    builder.index("cake-1", "bakery/cakes");
    ItemCatalogue catalogue = builder.build();
    ItemNeighbours neighbours = ItemSimilarity.compute(fourShoppers(), 3, 0).reversed();

    AlsoBought alsoBought = AlsoBought.of(catalogue, neighbours, List.of("coffee-1", "unknown"));

    AlsoBought.Score tea = alsoBought.toward("tea").orElseThrow();
    assertThat(tea.share()).isCloseTo(0.8165 / 1.3165, within(1e-4));
    assertThat(tea.sourceCategory()).isEqualTo("grocery/coffee");
    // an offer for the whole of grocery promotes tea (coffee itself is not among its neighbours)
    assertThat(alsoBought.toward("GROCERY").orElseThrow().share())
        .isCloseTo(0.8165 / 1.3165, within(1e-4));
    assertThat(alsoBought.toward("bakery").orElseThrow().share())
        .isCloseTo(0.5 / 1.3165, within(1e-4));
    assertThat(alsoBought.toward("cakes")).isEmpty();
    assertThat(alsoBought.toward("garden")).isEmpty();
  }

  /**
   * Against the plain definition, computed with maps: for random catalogues, neighbours and
   * baskets, every offer category gets the same share and the same leading category.
   */
  @Test
  void agreesWithTheDefinitionOnRandomModels() {
    Random random = new Random(7);
    for (int round = 0; round < 50; round++) {
      int items = 5 + random.nextInt(40);
      ItemCatalogue.Builder builder = ItemCatalogue.builder();
      for (int i = 0; i < items; i++) {
        builder.index("sku-" + i, CATEGORIES[random.nextInt(CATEGORIES.length)]);
      }
      ItemCatalogue catalogue = builder.build();
      PurchaseMatrix.Builder purchases = PurchaseMatrix.builder();
      for (int s = 0; s < 40; s++) {
        for (int i = 0; i < items; i++) {
          if (random.nextDouble() < 0.2) {
            purchases.add(s, i);
          }
        }
      }
      ItemNeighbours neighbours =
          ItemSimilarity.compute(purchases.build(items), 1 + random.nextInt(6), 0.5).reversed();
      Set<String> basket = new LinkedHashSet<>();
      for (int n = random.nextInt(8); n >= 0; n--) {
        basket.add("sku-" + random.nextInt(items + 3)); // some unknown to the model
      }

      AlsoBought alsoBought = AlsoBought.of(catalogue, neighbours, basket);

      for (String offer :
          List.of("coffee", "grocery", "bakery/bread", "BREAD", "baby", "cakes", "garden")) {
        Optional<double[]> expected = definition(catalogue, neighbours, basket, offer);
        Optional<AlsoBought.Score> actual = alsoBought.toward(offer);
        assertThat(actual.isPresent()).as(offer).isEqualTo(expected.isPresent());
        if (actual.isPresent()) {
          assertThat(actual.get().share()).as(offer).isCloseTo(expected.get()[0], within(1e-9));
          assertThat(actual.get().sourceCategory())
              .as(offer)
              .isEqualTo(topSource(catalogue, neighbours, basket, offer));
        }
      }
    }
  }

  private static Optional<double[]> definition(
      ItemCatalogue catalogue, ItemNeighbours neighbours, Set<String> basket, String offer) {
    double total = 0;
    double promoted = 0;
    for (int item : known(catalogue, neighbours, basket)) {
      for (int rank = 0; rank < neighbours.countOf(item); rank++) {
        double similarity = neighbours.similarity(item, rank);
        total += similarity;
        if (CategoryPath.promotes(offer, catalogue.category(neighbours.neighbour(item, rank)))) {
          promoted += similarity;
        }
      }
    }
    return promoted > 0 ? Optional.of(new double[] {promoted / total}) : Optional.empty();
  }

  private static String topSource(
      ItemCatalogue catalogue, ItemNeighbours neighbours, Set<String> basket, String offer) {
    Map<String, Double> bySource = new HashMap<>();
    for (int item : known(catalogue, neighbours, basket)) {
      for (int rank = 0; rank < neighbours.countOf(item); rank++) {
        if (CategoryPath.promotes(offer, catalogue.category(neighbours.neighbour(item, rank)))) {
          bySource.merge(
              catalogue.category(item), (double) neighbours.similarity(item, rank), Double::sum);
        }
      }
    }
    return bySource.entrySet().stream()
        .max(Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .orElseThrow()
        .getKey();
  }

  private static List<Integer> known(
      ItemCatalogue catalogue, ItemNeighbours neighbours, Set<String> basket) {
    List<Integer> items = new ArrayList<>();
    for (String sku : basket) {
      catalogue
          .indexOf(sku)
          .ifPresent(
              index -> {
                if (index < neighbours.itemCount()) {
                  items.add(index);
                }
              });
    }
    return items;
  }

  private static PurchaseMatrix fourShoppers() {
    return PurchaseMatrix.builder()
        .add(0, 0)
        .add(0, 1)
        .add(0, 2)
        .add(1, 0)
        .add(1, 1)
        .add(2, 1)
        .add(2, 2)
        .add(3, 3)
        .build(4);
  }
}
