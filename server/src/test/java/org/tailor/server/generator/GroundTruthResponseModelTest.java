package org.tailor.server.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;
import org.tailor.server.validation.InvalidInputException;

class GroundTruthResponseModelTest {

  private static final ChainParameters CHAIN = ChainParameters.of(10_000, 20, 99);
  private static final GroundTruthResponseModel MODEL = GroundTruthResponseModel.of(CHAIN);

  @Property(tries = 300)
  void probabilitiesAreStrictlyBetweenZeroAndOne(
      @ForAll @IntRange(min = 0, max = 9_999) int shopper,
      @ForAll @IntRange(min = 0, max = 39) int category,
      @ForAll @DoubleRange(min = 0, max = 1) double discount) {
    double p =
        MODEL.redemptionProbability(
            MODEL.traits(shopper), Optional.of(MODEL.categories().get(category)), discount);
    assertThat(p).isStrictlyBetween(0.0, 1.0);
  }

  @Property(tries = 300)
  void aDeeperDiscountIsRedeemedMoreOften(
      @ForAll @IntRange(min = 0, max = 9_999) int shopper,
      @ForAll @IntRange(min = 0, max = 39) int category,
      @ForAll @DoubleRange(min = 0, max = 0.99) double discount,
      @ForAll @DoubleRange(min = 0.005, max = 0.5) @Scale(4) double deeper) {
    ShopperTraits traits = MODEL.traits(shopper);
    Optional<String> path = Optional.of(MODEL.categories().get(category));
    double shallow = MODEL.redemptionProbability(traits, path, discount);
    double deep = MODEL.redemptionProbability(traits, path, Math.min(1.0, discount + deeper));
    assertThat(deep).isGreaterThan(shallow);
  }

  @Property(tries = 100)
  void aShopperRedeemsOffersInCategoriesTheyLikeMoreOften(
      @ForAll @IntRange(min = 0, max = 9_999) int shopper,
      @ForAll @DoubleRange(min = 0, max = 1) double discount) {
    ShopperTraits traits = MODEL.traits(shopper);
    List<String> byAffinity =
        MODEL.categories().stream()
            .sorted(Comparator.comparingDouble(c -> MODEL.affinity(traits, Optional.of(c))))
            .toList();
    double previous = 0;
    for (String category : byAffinity) {
      double p = MODEL.redemptionProbability(traits, Optional.of(category), discount);
      assertThat(p).isGreaterThanOrEqualTo(previous);
      previous = p;
    }
    String least = byAffinity.get(0);
    String most = byAffinity.get(byAffinity.size() - 1);
    assertThat(MODEL.affinity(traits, Optional.of(most)))
        .isGreaterThan(MODEL.affinity(traits, Optional.of(least)));
    assertThat(MODEL.redemptionProbability(traits, Optional.of(most), discount))
        .isGreaterThan(MODEL.redemptionProbability(traits, Optional.of(least), discount));
  }

  @Test
  void affinityIsNeutralForStoreWideOffersAndSumsOverADepartment() {
    ShopperTraits traits = MODEL.traits(17);
    assertThat(MODEL.affinity(traits, Optional.empty())).isEqualTo(0.5);
    double fresh = MODEL.affinity(traits, Optional.of("fresh"));
    double shopperShare =
        traits.categoryShares().entrySet().stream()
            .filter(e -> e.getKey().startsWith("fresh/"))
            .mapToDouble(e -> e.getValue())
            .sum();
    double lift = fresh / (1 - fresh);
    assertThat(shopperShare / lift).isBetween(0.2, 0.5);
    assertThat(fresh).isStrictlyBetween(0.0, 1.0);
  }

  @Test
  void theAverageShopperRedeemsANeutralTwentyPercentOfferAboutOneTimeInTen() {
    double sum = 0;
    for (int i = 0; i < 5_000; i++) {
      sum += MODEL.redemptionProbability(MODEL.traits(i), Optional.empty(), 0.2);
    }
    assertThat(sum / 5_000).isCloseTo(0.11, within(0.04));
  }

  @Test
  void valueTiersSplitThePopulationIntoFifths() {
    int[] counts = new int[6];
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      counts[MODEL.traits(i).valueTier()]++;
    }
    for (int tier = 1; tier <= 5; tier++) {
      assertThat(counts[tier]).isBetween(n / 5 - 300, n / 5 + 300);
    }
  }

  @Test
  void readsBackWhatTheGeneratorWrites() {
    StringWriter json = new StringWriter();
    GroundTruthDocument.write(json, CHAIN, MODEL);
    GroundTruthResponseModel read =
        GroundTruthResponseModel.read(new StringReader(json.toString()));
    assertThat(read.seed()).isEqualTo(99);
    assertThat(read.shoppers()).isEqualTo(10_000);
    assertThat(read.valueTierLimits()).isEqualTo(MODEL.valueTierLimits());
    for (int i = 0; i < 50; i++) {
      assertThat(read.traits(i)).isEqualTo(MODEL.traits(i));
      assertThat(
              read.redemptionProbability(
                  "L" + String.format("%09d", i + 1), Optional.of("grocery/coffee"), 0.3))
          .isEqualTo(
              MODEL.redemptionProbability(MODEL.traits(i), Optional.of("grocery/coffee"), 0.3));
    }
    assertThat(json.toString()).contains("\"loyaltyId\": \"L000000001\"", "\"model\": \"BG/NBD\"");
  }

  @Test
  void refusesUnknownShoppersCategoriesAndDiscounts() {
    ShopperTraits traits = MODEL.traits(0);
    assertThatThrownBy(() -> MODEL.traits("L000010001"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.field()).isEqualTo("loyaltyId");
              assertThat(e.getMessage()).contains("L000000001", "L000010000");
            });
    assertThatThrownBy(() -> MODEL.traits("X12")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> MODEL.affinity(traits, Optional.of("grocery/caviar")))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("category"));
    assertThatThrownBy(() -> MODEL.redemptionProbability(traits, Optional.empty(), 1.5))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("discountDepth"));
  }

  @Test
  void refusesAMalformedDocument() {
    assertThatThrownBy(
            () -> GroundTruthResponseModel.read(new StringReader("{\"formatVersion\": 1}")))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> GroundTruthResponseModel.read(new StringReader("not json")))
        .isInstanceOf(InvalidInputException.class);
  }
}
