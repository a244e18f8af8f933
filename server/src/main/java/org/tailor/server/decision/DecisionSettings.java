package org.tailor.server.decision;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.tailor.server.config.SettingsException;
import org.tailor.server.config.TailorSettings;

/**
 * How the decision pipeline combines and explores, from {@code config/tailor.properties}.
 *
 * @param exploration the share of slots filled by a uniformly random eligible offer instead of the
 *     best, {@code tailor.decisions.exploration} (default 0.05); it keeps every logged probability
 *     positive, so that a new policy can be judged off-policy on the log
 * @param weights the weight of each scoring plugin's score by plugin id, {@code
 *     tailor.decisions.weights} such as {@code rules=2,history=1}; plugins not named weigh 1
 * @param profilingNeedsGrant whether a shopper's purchases may be used to choose offers only after
 *     an explicit "profiling" grant, {@code tailor.decisions.profiling.needs.grant} (default false:
 *     legitimate interest; a withdrawn consent always stops it)
 * @param maxOffers the most offers one decision returns, {@code tailor.decisions.max.offers}
 *     (default 10)
 * @param defaultLanguage the language of texts when neither shopper nor terminal has one
 */
public record DecisionSettings(
    double exploration,
    Map<String, Double> weights,
    boolean profilingNeedsGrant,
    int maxOffers,
    String defaultLanguage) {

  public static final String EXPLORATION = "tailor.decisions.exploration";
  public static final String WEIGHTS = "tailor.decisions.weights";
  public static final String PROFILING_NEEDS_GRANT = "tailor.decisions.profiling.needs.grant";
  public static final String MAX_OFFERS = "tailor.decisions.max.offers";

  public DecisionSettings {
    weights = Map.copyOf(weights);
    Objects.requireNonNull(defaultLanguage, "defaultLanguage");
    if (!(exploration >= 0.0 && exploration < 1.0)) {
      throw new SettingsException(
          "setting " + EXPLORATION + " = " + exploration + ": expected a number from 0 to below 1");
    }
    if (maxOffers < 1 || maxOffers > 50) {
      throw new SettingsException(
          "setting " + MAX_OFFERS + " = " + maxOffers + ": expected a whole number from 1 to 50");
    }
  }

  /** The defaults: 5 % exploration, equal weights. */
  public static DecisionSettings defaults() {
    return new DecisionSettings(0.05, Map.of(), false, 10, "en");
  }

  public static DecisionSettings from(TailorSettings settings) {
    return new DecisionSettings(
        number(settings, EXPLORATION, 0.05),
        weights(settings.get(WEIGHTS, "")),
        settings.getBoolean(PROFILING_NEEDS_GRANT, false),
        settings.getInt(MAX_OFFERS, 10),
        settings.defaultLanguage());
  }

  /** The weight of a plugin's scores. */
  public double weight(String pluginId) {
    return weights.getOrDefault(pluginId, 1.0);
  }

  private static double number(TailorSettings settings, String key, double defaultValue) {
    String value = settings.get(key, "").strip();
    if (value.isEmpty()) {
      return defaultValue;
    }
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new SettingsException(
          "setting " + key + " = \"" + value + "\": expected a number such as 0.05", e);
    }
  }

  static Map<String, Double> weights(String text) {
    Map<String, Double> weights = new HashMap<>();
    for (String part : text.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      String id = eq < 0 ? "" : part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      double weight;
      try {
        weight = eq < 0 ? Double.NaN : Double.parseDouble(part.substring(eq + 1).strip());
      } catch (NumberFormatException e) {
        weight = Double.NaN;
      }
      if (id.isEmpty() || !Double.isFinite(weight) || weight < 0) {
        throw new SettingsException(
            "setting "
                + WEIGHTS
                + " = \""
                + text
                + "\": \""
                + part.strip()
                + "\" is not pluginId=weight with a weight of 0 or more, such as rules=2");
      }
      weights.put(id, weight);
    }
    return weights;
  }
}
