package org.tailor.scoring.history.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CategoryPathTest {

  @Test
  void anOfferPromotesItsPathWhatIsUnderItAndPathsEndingInItIgnoringCase() {
    assertThat(CategoryPath.promotes("grocery/coffee", "grocery/coffee")).isTrue();
    assertThat(CategoryPath.promotes("Grocery", "grocery/coffee")).isTrue();
    assertThat(CategoryPath.promotes("COFFEE", "grocery/coffee")).isTrue();
    assertThat(CategoryPath.promotes("grocery/coffee", "grocery")).isFalse();
    assertThat(CategoryPath.promotes("gro", "grocery/coffee")).isFalse();
    assertThat(CategoryPath.promotes("fee", "grocery/coffee")).isFalse();
    assertThat(CategoryPath.promotes("", "grocery")).isFalse();
    assertThat(CategoryPath.promotes("grocery", "")).isFalse();
  }

  /** The remembered answers stay right when asked again and after more pairs than it keeps. */
  @Test
  void answersAskedAgainAndBeyondWhatIsRememberedAreTheSame() {
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < Remembered.MOST + 10; i++) {
        assertThat(CategoryPath.promotes("c" + i, "shop/c" + i)).isTrue();
        assertThat(CategoryPath.promotes("c" + i, "shop/c" + (i + 1))).isFalse();
        assertThat(CategoryPath.promotes("shop", "shop/c" + i)).isTrue();
      }
    }
  }
}
