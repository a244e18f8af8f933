package org.tailor.server.importer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DescriptionCategoriesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "WHITE HANGING HEART T-LIGHT HOLDER, home/lighting",
    "JUMBO BAG RED RETROSPOT, bags",
    "LUNCH BAG RED RETROSPOT, bags",
    "SET OF 3 CAKE TINS PANTRY DESIGN, kitchen",
    "PAPER CHAIN KIT 50'S CHRISTMAS, seasonal/christmas",
    "POSTAGE, services/postage",
    "Manual, services/fees-and-adjustments",
    "PACK OF 72 RETROSPOT CAKE CASES, kitchen",
    "SPACEBOY BIRTHDAY CARD, stationery-and-gift-wrap",
    "REGENCY CAKESTAND 3 TIER, kitchen",
    "ASSORTED COLOUR BIRD ORNAMENT, garden",
    "CHOCOLATE CALCULATOR, uncategorised",
    "'', uncategorised"
  })
  void derivesTheCategoryFromTheFirstMatchingKeyword(String description, String category) {
    assertThat(DescriptionCategories.of(description)).isEqualTo(category);
  }
}
