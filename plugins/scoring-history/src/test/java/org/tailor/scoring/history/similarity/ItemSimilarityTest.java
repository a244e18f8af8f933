package org.tailor.scoring.history.similarity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ItemSimilarityTest {

  /**
   * Ann bought items 0, 1 and 2 (item 0 twice), Bob 0 and 1, Cy 1 and 2, Di only 3. Buyers: n(0) =
   * 2, n(1) = 3, n(2) = 2, n(3) = 1. Co-purchases: c(0,1) = 2, c(0,2) = 1, c(1,2) = 2, none with 3.
   */
  private static PurchaseMatrix fourShoppers() {
    return PurchaseMatrix.builder()
        .add(0, 0)
        .add(0, 1)
        .add(0, 2)
        .add(0, 0)
        .add(1, 0)
        .add(1, 1)
        .add(2, 1)
        .add(2, 2)
        .add(3, 3)
        .build(4);
  }

  @Test
  void cosineOfPurchaseVectorsMatchesTheHandComputedValues() {
    ItemNeighbours neighbours = ItemSimilarity.compute(fourShoppers(), 3, 0);

    // item 0: cos(0,1) = 2 / sqrt(2 * 3) = 0.8165, cos(0,2) = 1 / sqrt(2 * 2) = 0.5
    assertThat(neighbours.countOf(0)).isEqualTo(2);
    assertThat(neighbours.neighbour(0, 0)).isEqualTo(1);
    assertThat(neighbours.similarity(0, 0)).isCloseTo(0.8165f, within(1e-4f));
    assertThat(neighbours.neighbour(0, 1)).isEqualTo(2);
    assertThat(neighbours.similarity(0, 1)).isCloseTo(0.5f, within(1e-6f));
    // item 1: a tie at 0.8165 between 0 and 2 goes to the smaller index
    assertThat(neighbours.neighbour(1, 0)).isZero();
    assertThat(neighbours.neighbour(1, 1)).isEqualTo(2);
    assertThat(neighbours.similarity(1, 1)).isCloseTo(0.8165f, within(1e-4f));
    // item 3 shares no shopper with anything: no neighbours at all
    assertThat(neighbours.countOf(3)).isZero();
  }

  @Test
  void shrinkDampsSimilaritiesAndTopKKeepsTheBest() {
    ItemNeighbours neighbours = ItemSimilarity.compute(fourShoppers(), 1, 1.0);

    // c / (sqrt(n_i) sqrt(n_j) + shrink): 2 / (sqrt(6) + 1) = 0.5798
    assertThat(neighbours.countOf(0)).isEqualTo(1);
    assertThat(neighbours.neighbour(0, 0)).isEqualTo(1);
    assertThat(neighbours.similarity(0, 0)).isCloseTo(0.5798f, within(1e-4f));
    assertThat(neighbours.neighbour(2, 0)).isEqualTo(1);
  }

  @Test
  void alsoBoughtScoresSumTheNeighboursOfEveryItemBought() {
    ItemNeighbours neighbours = ItemSimilarity.compute(fourShoppers(), 3, 0);
    float[] scores = new float[4];

    neighbours.accumulate(new int[] {0, 2}, scores);

    // from 0: 1 += 0.8165, 2 += 0.5; from 2: 1 += 0.8165, 0 += 0.5
    assertThat(scores[0]).isCloseTo(0.5f, within(1e-6f));
    assertThat(scores[1]).isCloseTo(1.633f, within(1e-3f));
    assertThat(scores[2]).isCloseTo(0.5f, within(1e-6f));
    assertThat(scores[3]).isZero();
  }

  @Test
  void theReversedTableScoresACandidateFromItsOwnTopK() {
    // k = 1: 0 -> 1, 1 -> 0 (tie with 2, smaller index), 2 -> 1, 3 -> none
    ItemNeighbours top1 = ItemSimilarity.compute(fourShoppers(), 1, 0);
    ItemNeighbours reversed = top1.reversed();

    // item 1 is the top neighbour of 0 and of 2; item 0 is the top neighbour of 1
    assertThat(reversed.countOf(1)).isEqualTo(2);
    assertThat(reversed.neighbour(1, 0)).isZero();
    assertThat(reversed.neighbour(1, 1)).isEqualTo(2);
    assertThat(reversed.countOf(2)).isZero();

    float[] linden = new float[4];
    float[] recBole = new float[4];
    top1.accumulate(new int[] {2}, linden);
    reversed.accumulate(new int[] {2}, recBole);
    // Linden: item 2 lends its top neighbour 1. RecBole: 1's own top neighbour is 0, not bought.
    assertThat(linden[1]).isCloseTo(0.8165f, within(1e-4f));
    assertThat(recBole).containsOnly(0f);
    float[] fromItemZero = new float[4];
    reversed.accumulate(new int[] {0}, fromItemZero);
    assertThat(fromItemZero[1]).isCloseTo(0.8165f, within(1e-4f));
  }

  @Test
  void agreesWithABruteForceCosineOnRandomPurchases() {
    Random random = new Random(42);
    int shoppers = 60;
    int items = 25;
    boolean[][] bought = new boolean[shoppers][items];
    PurchaseMatrix.Builder builder = PurchaseMatrix.builder();
    for (int s = 0; s < shoppers; s++) {
      for (int i = 0; i < items; i++) {
        if (random.nextDouble() < 0.15) {
          bought[s][i] = true;
          builder.add(s, i);
        }
      }
    }
    ItemNeighbours neighbours = ItemSimilarity.compute(builder.build(items), items, 0.5);

    for (int i = 0; i < items; i++) {
      for (int rank = 0; rank < neighbours.countOf(i); rank++) {
        int j = neighbours.neighbour(i, rank);
        int both = 0;
        int ni = 0;
        int nj = 0;
        for (int s = 0; s < shoppers; s++) {
          both += bought[s][i] && bought[s][j] ? 1 : 0;
          ni += bought[s][i] ? 1 : 0;
          nj += bought[s][j] ? 1 : 0;
        }
        double expected = both / (Math.sqrt(ni) * Math.sqrt(nj) + 0.5);
        assertThat((double) neighbours.similarity(i, rank)).isCloseTo(expected, within(1e-6));
        assertThat(both).isPositive();
        if (rank > 0) {
          assertThat(neighbours.similarity(i, rank))
              .isLessThanOrEqualTo(neighbours.similarity(i, rank - 1));
        }
      }
    }
  }

  @Test
  void refusesNonsenseSettingsAndIndexes() {
    assertThatThrownBy(() -> ItemSimilarity.compute(fourShoppers(), 0, 0))
        .hasMessage("neighbours must be 1 or more, was 0");
    assertThatThrownBy(() -> ItemSimilarity.compute(fourShoppers(), 5, -1))
        .hasMessageContaining("shrink must be a finite number");
    assertThatThrownBy(() -> PurchaseMatrix.builder().add(-1, 0))
        .hasMessage("shopper index must be 0 or more, was -1");
    assertThatThrownBy(() -> PurchaseMatrix.builder().add(0, 7).build(3))
        .hasMessageContaining("itemCount must be at least 8");
  }

  @Test
  void repeatedPurchasesCountOnce() {
    PurchaseMatrix matrix = fourShoppers();

    assertThat(matrix.pairCount()).isEqualTo(8);
    assertThat(matrix.itemsOf(0)).containsExactly(0, 1, 2);
    assertThat(matrix.buyersOf(1)).isEqualTo(3);
  }
}
