package org.tailor.server.generator;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.stream.JsonGenerator;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.tailor.server.i18n.Message;
import org.tailor.server.validation.InvalidInputException;

/**
 * {@code ground-truth.json}: the models and parameters behind a generated chain, enough to draw
 * every shopper's hidden parameters again, plus the first shoppers' values for a quick check.
 */
final class GroundTruthDocument {

  static final int FORMAT_VERSION = 1;
  static final int SAMPLE_SHOPPERS = 10;

  private GroundTruthDocument() {}

  static void write(Writer out, ChainParameters parameters, GroundTruthResponseModel model) {
    try (JsonGenerator json =
        Json.createGeneratorFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
            .createGenerator(out)) {
      json.writeStartObject();
      json.write("format", "tailor-ground-truth");
      json.write("formatVersion", FORMAT_VERSION);
      json.write(
          "description",
          "The hidden parameters of a synthetic Tailor chain. Each shopper's latent values are"
              + " drawn from a SplittableRandom seeded by (seed, shopper index, stream TRAITS) in"
              + " this order: lambda ~ Gamma(r, alpha); p ~ Beta(a, b); nu ~ Gamma(q, gamma);"
              + " u ~ Normal(0, responsivenessSd); D ~ Dirichlet(concentration * baseShare);"
              + " shares = baseWeight * baseShare + (1 - baseWeight) * D. The Java class"
              + " org.tailor.server.generator.GroundTruthResponseModel reproduces them.");
      json.write("seed", parameters.seed());
      json.write("shoppers", parameters.shoppers());
      json.write("loyaltyIds", "L followed by nine digits of shopper index + 1: L000000001 first");
      json.writeStartObject("window")
          .write("from", parameters.from().toString())
          .write("to", parameters.to().toString())
          .write("weeks", parameters.windowWeeks())
          .writeEnd();
      BgNbdParameters purchasing = parameters.purchasing();
      json.writeStartObject("purchasing")
          .write("model", "BG/NBD")
          .write(
              "reference",
              "Fader, Hardie & Lee (2005), Counting Your Customers the Easy Way, Marketing"
                  + " Science 24(2):275-284")
          .write(
              "process",
              "first purchase at a uniform time in the window; then exponential gaps at rate"
                  + " lambda per week; after each repeat purchase the shopper drops out with"
                  + " probability p; at most "
                  + ShopperSynthesizer.MAX_PURCHASES
                  + " purchases per shopper")
          .write("timeUnit", "week")
          .write("r", purchasing.r())
          .write("alpha", purchasing.alpha())
          .write("a", purchasing.a())
          .write("b", purchasing.b())
          .writeEnd();
      GammaGammaParameters spend = parameters.spend();
      json.writeStartObject("spend")
          .write("model", "Gamma-Gamma")
          .write(
              "reference",
              "Fader, Hardie & Lee (2005), RFM and CLV: Using Iso-Value Curves, JMR 42(4);"
                  + " Fader & Hardie (2013), The Gamma-Gamma Model of Monetary Value")
          .write(
              "process",
              "each receipt's target spend z ~ Gamma(p, nu) (rate nu); the basket is filled from"
                  + " the shopper's category shares until the next line would overshoot z more"
                  + " than it undershoots")
          .write("p", spend.p())
          .write("q", spend.q())
          .write("gamma", spend.gamma())
          .write("meanTransactionValue", spend.meanTransactionValue())
          .writeEnd();
      json.writeStartObject("preferences")
          .write("concentration", parameters.preferences().concentration())
          .write("baseWeight", parameters.preferences().baseWeight());
      json.writeStartArray("categories");
      List<String> paths = model.categoryPaths();
      double[] shares = model.baseShares();
      for (int c = 0; c < paths.size(); c++) {
        json.writeStartObject()
            .write("path", paths.get(c))
            .write("baseShare", shares[c])
            .writeEnd();
      }
      json.writeEnd().writeEnd();
      ResponseParameters response = parameters.response();
      json.writeStartObject("response")
          .write("model", "logistic")
          .write(
              "formula",
              "P(redeem) = 1 / (1 + exp(-(intercept + affinityWeight * affinity + discountWeight *"
                  + " discountDepth + valueTierWeight * (valueTier - 1) + u)))")
          .write(
              "affinity",
              "lift / (1 + lift), lift = shopper's share of the offer's categories / chain's"
                  + " share; 0.5 for a store-wide offer")
          .write("discountDepth", "discount as a fraction of the price, 0 to 1")
          .write("valueTier", "1 + number of valueTierLimits at or below lambda * 52.18 * p / nu")
          .write("intercept", response.intercept())
          .write("affinityWeight", response.affinityWeight())
          .write("discountWeight", response.discountWeight())
          .write("valueTierWeight", response.valueTierWeight())
          .write("responsivenessSd", response.responsivenessSd());
      json.writeStartArray("valueTierLimits");
      for (double limit : model.valueTierLimits()) {
        json.write(limit);
      }
      json.writeEnd().writeEnd();
      json.writeStartArray("sampleShoppers");
      for (int i = 0; i < Math.min(SAMPLE_SHOPPERS, parameters.shoppers()); i++) {
        ShopperTraits traits = model.traits(i);
        json.writeStartObject()
            .write("loyaltyId", traits.loyaltyId())
            .write("purchaseRatePerWeek", traits.purchaseRatePerWeek())
            .write("dropoutProbability", traits.dropoutProbability())
            .write("meanTransactionValue", traits.meanTransactionValue())
            .write("yearlyValue", traits.yearlyValue())
            .write("valueTier", traits.valueTier())
            .write("responsiveness", traits.responsiveness());
        json.writeStartArray("topCategories");
        traits.categoryShares().entrySet().stream()
            .sorted(
                Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()))
            .limit(3)
            .forEach(e -> json.write(e.getKey()));
        json.writeEnd().writeEnd();
      }
      json.writeEnd();
      json.writeEnd();
    }
  }

  static GroundTruthResponseModel read(Reader in) {
    JsonObject root;
    try (JsonReader reader = Json.createReader(in)) {
      root = reader.readObject();
    } catch (JsonException | IllegalStateException e) {
      throw new InvalidInputException(
          "ground-truth.json", e.getMessage(), Message.of("errors", "expected.json"));
    }
    try {
      long formatVersion = (long) number(root, "formatVersion");
      if (formatVersion != FORMAT_VERSION) {
        throw new InvalidInputException(
            "formatVersion",
            formatVersion,
            Message.of("errors", "expected.one.of", String.valueOf(FORMAT_VERSION)));
      }
      JsonObject purchasing = object(root, "purchasing");
      JsonObject spend = object(root, "spend");
      JsonObject preferences = object(root, "preferences");
      JsonObject response = object(root, "response");
      JsonArray categories = array(preferences, "categories");
      List<String> paths = new ArrayList<>(categories.size());
      double[] baseShares = new double[categories.size()];
      for (int c = 0; c < categories.size(); c++) {
        JsonObject category = categories.getJsonObject(c);
        String path = category.getString("path", "");
        if (path.isEmpty()) {
          throw new InvalidInputException(
              "path", null, Message.of("generator", "expected.ground.truth"));
        }
        paths.add(path);
        baseShares[c] = number(category, "baseShare");
      }
      JsonArray limits = array(response, "valueTierLimits");
      if (limits.size() != 4) {
        throw new InvalidInputException(
            "valueTierLimits", limits, Message.of("generator", "expected.ground.truth"));
      }
      double[] valueTierLimits = new double[4];
      for (int k = 0; k < 4; k++) {
        valueTierLimits[k] = limits.getJsonNumber(k).doubleValue();
      }
      return new GroundTruthResponseModel(
          integer(root, "seed").longValueExact(),
          integer(root, "shoppers").intValueExact(),
          paths,
          baseShares,
          new BgNbdParameters(
              number(purchasing, "r"),
              number(purchasing, "alpha"),
              number(purchasing, "a"),
              number(purchasing, "b")),
          new GammaGammaParameters(number(spend, "p"), number(spend, "q"), number(spend, "gamma")),
          new PreferenceParameters(
              number(preferences, "concentration"), number(preferences, "baseWeight")),
          new ResponseParameters(
              number(response, "intercept"),
              number(response, "affinityWeight"),
              number(response, "discountWeight"),
              number(response, "valueTierWeight"),
              number(response, "responsivenessSd")),
          valueTierLimits);
    } catch (ClassCastException | ArithmeticException e) {
      throw new InvalidInputException(
          "ground-truth.json",
          String.valueOf(e.getMessage()),
          Message.of("generator", "expected.ground.truth"));
    }
  }

  private static double number(JsonObject object, String name) {
    JsonNumber number = object.getJsonNumber(name);
    if (number == null) {
      throw new InvalidInputException(name, null, Message.of("errors", "expected.decimal"));
    }
    return number.doubleValue();
  }

  private static JsonNumber integer(JsonObject object, String name) {
    JsonNumber number = object.getJsonNumber(name);
    if (number == null) {
      throw new InvalidInputException(name, null, Message.of("errors", "expected.integer"));
    }
    return number;
  }

  private static JsonObject object(JsonObject parent, String name) {
    JsonObject object = parent.getJsonObject(name);
    if (object == null) {
      throw new InvalidInputException(name, null, Message.of("generator", "expected.ground.truth"));
    }
    return object;
  }

  private static JsonArray array(JsonObject parent, String name) {
    JsonArray array = parent.getJsonArray(name);
    if (array == null) {
      throw new InvalidInputException(name, null, Message.of("generator", "expected.ground.truth"));
    }
    return array;
  }
}
