package org.tailor.server.generator;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.tailor.server.i18n.Message;
import org.tailor.server.validation.InvalidInputException;

/**
 * The ground truth of how a generated shopper answers an offer: the probability that they redeem it
 * when it is shown. Learning code (bandits, uplift models) is measured against it: the best
 * achievable policy shows each shopper the offers with the highest probability here.
 *
 * <p>The model is logistic (a documented assumption of the generator, not a finding):
 *
 * <pre>
 *   P(redeem | shopper s, offer o) = σ(β0 + β_affinity · affinity(s, o)
 *                                        + β_discount · discountDepth(o)
 *                                        + β_value · (valueTier(s) − 1)
 *                                        + u_s)
 * </pre>
 *
 * where σ(x) = 1/(1 + e^−x);
 *
 * <ul>
 *   <li>{@code affinity(s, o) = lift/(1 + lift)}, with {@code lift} the shopper's share of purchase
 *       lines in the offer's category divided by the chain's share (categories under a path such as
 *       {@code fresh} are summed). It is 0.5 for a shopper as keen as the average and for a
 *       store-wide offer, near 1 for a favourite category, near 0 for one never bought;
 *   <li>{@code discountDepth} is the discount as a fraction of the price, 0 to 1 (0.2 = 20 % off);
 *   <li>{@code valueTier} is 1–5, the quintile of the shopper's yearly value λ · 52.18 · p/ν in the
 *       population (limits estimated on 20,000 draws and stored in {@code ground-truth.json});
 *   <li>{@code u_s ~ Normal(0, σ_u)} is the shopper's own responsiveness.
 * </ul>
 *
 * There is no noise beyond the Bernoulli draw of a redemption: the probability is exact. It rises
 * with affinity and with discount depth for every shopper ({@link ResponseParameters} requires
 * positive weights). The latent parameters λ, p, ν, u and the category shares are not stored per
 * shopper: they are drawn again from the shopper's random stream, seeded by (seed, shopper index),
 * exactly as the generator drew them (see {@code TraitModel}). So the model answers for any of the
 * generated shoppers without holding them in memory. Pure and thread-safe: no I/O beyond {@link
 * #read(Path)}.
 */
public final class GroundTruthResponseModel {

  /** The affinity of a store-wide offer, and of an average shopper to any category. */
  public static final double NEUTRAL_AFFINITY = 0.5;

  private final long seed;
  private final int shoppers;
  private final List<String> categories;
  private final double[] baseShares;
  private final TraitModel traitModel;
  private final ResponseParameters response;
  private final double[] valueTierLimits;

  GroundTruthResponseModel(
      long seed,
      int shoppers,
      List<String> categories,
      double[] baseShares,
      BgNbdParameters purchasing,
      GammaGammaParameters spend,
      PreferenceParameters preferences,
      ResponseParameters response,
      double[] valueTierLimits) {
    this.seed = seed;
    this.shoppers = shoppers;
    this.categories = List.copyOf(categories);
    this.baseShares = baseShares.clone();
    this.response = Objects.requireNonNull(response, "response");
    this.traitModel =
        new TraitModel(purchasing, spend, preferences, response.responsivenessSd(), baseShares);
    this.valueTierLimits = valueTierLimits.clone();
  }

  /** The model behind a chain generated with these parameters, without reading any file. */
  public static GroundTruthResponseModel of(ChainParameters parameters) {
    Catalogue catalogue = Catalogue.of(parameters.seed());
    TraitModel traits = ChainGenerator.traitModel(parameters, catalogue);
    return new GroundTruthResponseModel(
        parameters.seed(),
        parameters.shoppers(),
        catalogue.categoryPaths(),
        catalogue.categoryBaseShares(),
        parameters.purchasing(),
        parameters.spend(),
        parameters.preferences(),
        parameters.response(),
        traits.valueTierLimits(parameters.seed()));
  }

  /** Reads the {@code ground-truth.json} a generation wrote. */
  public static GroundTruthResponseModel read(Path groundTruthJson) throws IOException {
    try (Reader reader = Files.newBufferedReader(groundTruthJson, StandardCharsets.UTF_8)) {
      return read(reader);
    }
  }

  /** Reads a ground-truth document; throws {@link InvalidInputException} on a malformed one. */
  public static GroundTruthResponseModel read(Reader groundTruthJson) {
    return GroundTruthDocument.read(groundTruthJson);
  }

  public long seed() {
    return seed;
  }

  /** The number of generated shoppers: indexes 0 to shoppers − 1. */
  public int shoppers() {
    return shoppers;
  }

  /** The catalogue's category paths, such as {@code grocery/coffee}. */
  public List<String> categories() {
    return categories;
  }

  public ResponseParameters coefficients() {
    return response;
  }

  /** The limits of value tiers 2, 3, 4 and 5 on the yearly value. */
  public List<Double> valueTierLimits() {
    return List.of(valueTierLimits[0], valueTierLimits[1], valueTierLimits[2], valueTierLimits[3]);
  }

  /** A shopper's hidden parameters, by loyalty id such as {@code L000000042}. */
  public ShopperTraits traits(String loyaltyId) {
    return traits(shopperIndex(loyaltyId));
  }

  /** A shopper's hidden parameters, by index (0 for {@code L000000001}). */
  public ShopperTraits traits(long shopperIndex) {
    if (shopperIndex < 0 || shopperIndex >= shoppers) {
      throw new InvalidInputException(
          "shopperIndex",
          shopperIndex,
          Message.of("errors", "expected.integer.range", 0, shoppers - 1));
    }
    LatentShopper latent = new LatentShopper(categories.size());
    traitModel.draw(seed, shopperIndex, latent);
    Map<String, Double> shares = new HashMap<>();
    for (int c = 0; c < categories.size(); c++) {
      shares.put(categories.get(c), latent.categoryShares[c]);
    }
    double yearlyValue = traitModel.yearlyValue(latent);
    return new ShopperTraits(
        ShopperSynthesizer.loyaltyId(shopperIndex),
        shopperIndex,
        latent.purchaseRatePerWeek,
        latent.dropoutProbability,
        traitModel.meanTransactionValue(latent),
        yearlyValue,
        TraitModel.valueTier(yearlyValue, valueTierLimits),
        latent.responsiveness,
        shares);
  }

  /**
   * How much the shopper likes an offer's category, 0 to 1: lift/(1 + lift), 0.5 for a store-wide
   * offer (an empty category).
   *
   * @param category a category path of the catalogue, or a department such as {@code fresh}
   */
  public double affinity(ShopperTraits shopper, Optional<String> category) {
    if (category.isEmpty()) {
      return NEUTRAL_AFFINITY;
    }
    String path = category.get();
    double shopperShare = 0;
    double baseShare = 0;
    for (int c = 0; c < categories.size(); c++) {
      String candidate = categories.get(c);
      if (candidate.equals(path) || candidate.startsWith(path + "/")) {
        Double share = shopper.categoryShares().get(candidate);
        shopperShare += share == null ? 0.0 : share;
        baseShare += baseShares[c];
      }
    }
    if (baseShare == 0) {
      throw new InvalidInputException(
          "category", path, Message.of("generator", "expected.category", categories.get(0)));
    }
    double lift = shopperShare / baseShare;
    return lift / (1.0 + lift);
  }

  /**
   * The probability, in (0, 1), that the shopper redeems the offer when shown it.
   *
   * @param category the offer's category path, empty for a store-wide offer
   * @param discountDepth the discount as a fraction of the price, 0 to 1
   */
  public double redemptionProbability(
      ShopperTraits shopper, Optional<String> category, double discountDepth) {
    if (!(discountDepth >= 0.0 && discountDepth <= 1.0)) {
      throw new InvalidInputException(
          "discountDepth", discountDepth, Message.of("errors", "expected.decimal.range", 0, 1));
    }
    double logOdds =
        response.intercept()
            + response.affinityWeight() * affinity(shopper, category)
            + response.discountWeight() * discountDepth
            + response.valueTierWeight() * (shopper.valueTier() - 1)
            + shopper.responsiveness();
    return 1.0 / (1.0 + StrictMath.exp(-logOdds));
  }

  /** As {@link #redemptionProbability(ShopperTraits, Optional, double)}, by loyalty id. */
  public double redemptionProbability(
      String loyaltyId, Optional<String> category, double discountDepth) {
    return redemptionProbability(traits(loyaltyId), category, discountDepth);
  }

  /** The index of a loyalty id {@code L} + nine digits; 0 for {@code L000000001}. */
  public long shopperIndex(String loyaltyId) {
    boolean wellFormed = loyaltyId.length() >= 2 && loyaltyId.charAt(0) == 'L';
    for (int i = 1; wellFormed && i < loyaltyId.length(); i++) {
      wellFormed = Character.isDigit(loyaltyId.charAt(i)) && loyaltyId.charAt(i) < 128;
    }
    long index =
        wellFormed && loyaltyId.length() <= 12 ? Long.parseLong(loyaltyId.substring(1)) - 1 : -1;
    if (index < 0 || index >= shoppers) {
      throw new InvalidInputException(
          "loyaltyId",
          loyaltyId,
          Message.of(
              "generator",
              "expected.loyalty.id",
              ShopperSynthesizer.loyaltyId(0),
              ShopperSynthesizer.loyaltyId(shoppers - 1L)));
    }
    return index;
  }

  List<String> categoryPaths() {
    return categories;
  }

  double[] baseShares() {
    return baseShares.clone();
  }
}
