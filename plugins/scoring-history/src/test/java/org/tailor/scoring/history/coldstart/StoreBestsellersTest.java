package org.tailor.scoring.history.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoreBestsellersTest {

  /**
   * S-01 sold tea 3 times, coffee twice; S-02 wine once. The answers are remembered per store and
   * offer category: asked again, and for other stores and categories in between, they stay right.
   */
  @Test
  void rankingsByStoreWithTheChainForAStoreWithoutSalesAskedAgain() {
    StoreBestsellers bestsellers =
        StoreBestsellers.builder()
            .add("S-01", "grocery/tea")
            .add("S-01", "grocery/tea")
            .add("S-01", "grocery/tea")
            .add("S-01", "grocery/coffee")
            .add("S-01", "grocery/coffee")
            .add("S-02", "wine")
            .build();

    for (int round = 0; round < 2; round++) {
      assertThat(bestsellers.toward("S-01", "tea"))
          .contains(new StoreBestsellers.Bestseller(1, 1.0, true));
      assertThat(bestsellers.toward("S-01", "coffee"))
          .contains(new StoreBestsellers.Bestseller(2, 2.0 / 3, true));
      assertThat(bestsellers.toward("S-01", "grocery"))
          .contains(new StoreBestsellers.Bestseller(1, 1.0, true));
      assertThat(bestsellers.toward("S-01", "wine")).isEmpty();
      assertThat(bestsellers.toward("S-02", "wine"))
          .contains(new StoreBestsellers.Bestseller(1, 1.0, true));
      assertThat(bestsellers.toward("S-02", "tea")).isEmpty();
      // a store without sales: the chain's ranking (tea 3, coffee 2, wine 1)
      assertThat(bestsellers.toward("S-99", "wine"))
          .contains(new StoreBestsellers.Bestseller(3, 1.0 / 3, false));
    }
  }
}
