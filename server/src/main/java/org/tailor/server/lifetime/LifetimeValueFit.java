package org.tailor.server.lifetime;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tailor.scoring.value.lifetime.BgNbd;
import org.tailor.scoring.value.lifetime.BgNbdModel;
import org.tailor.scoring.value.lifetime.CustomerSummary;
import org.tailor.scoring.value.lifetime.FittedModel;
import org.tailor.scoring.value.lifetime.GammaGamma;
import org.tailor.scoring.value.lifetime.GammaGammaModel;
import org.tailor.scoring.value.lifetime.ParetoNbd;
import org.tailor.scoring.value.lifetime.ParetoNbdModel;
import org.tailor.scoring.value.lifetime.RepeatPurchases;
import org.tailor.scoring.value.lifetime.SpendObservations;

/**
 * Fits one of the lifetime-value models to calibration summaries and reports its parameters by
 * name, in the order the literature writes them.
 */
public final class LifetimeValueFit {

  /** The models {@code tailor clv fit --model} knows. */
  public enum Model {
    BGNBD,
    PARETONBD,
    GAMMAGAMMA;

    /** The name on the command line. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the model needs purchase amounts. */
    public boolean needsAmounts() {
      return this == GAMMAGAMMA;
    }
  }

  /**
   * @param model which model
   * @param parameters the estimates by name, such as r, alpha, a, b
   * @param logLikelihood the log-likelihood at the estimates
   * @param customers how many shoppers the fit used (for Gamma-Gamma: those with repeat purchases)
   * @param customersSummarised how many shoppers had a first purchase by the end of calibration
   * @param calibrationEnd the last day of the calibration period
   */
  public record Result(
      Model model,
      Map<String, Double> parameters,
      double logLikelihood,
      long customers,
      long customersSummarised,
      LocalDate calibrationEnd) {

    public Result {
      parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
  }

  private LifetimeValueFit() {}

  /** Fits {@code model}; the summaries must not be empty. */
  public static Result fit(Model model, List<CustomerSummary> summaries, LocalDate calibrationEnd) {
    Map<String, Double> parameters = new LinkedHashMap<>();
    double logLikelihood;
    long customers;
    switch (model) {
      case BGNBD -> {
        FittedModel<BgNbdModel> fit = BgNbd.fit(RepeatPurchases.of(summaries));
        BgNbdModel m = fit.model();
        parameters.put("r", m.r());
        parameters.put("alpha", m.alpha());
        parameters.put("a", m.a());
        parameters.put("b", m.b());
        logLikelihood = fit.logLikelihood();
        customers = fit.customers();
      }
      case PARETONBD -> {
        FittedModel<ParetoNbdModel> fit = ParetoNbd.fit(RepeatPurchases.of(summaries));
        ParetoNbdModel m = fit.model();
        parameters.put("r", m.r());
        parameters.put("alpha", m.alpha());
        parameters.put("s", m.s());
        parameters.put("beta", m.beta());
        logLikelihood = fit.logLikelihood();
        customers = fit.customers();
      }
      case GAMMAGAMMA -> {
        FittedModel<GammaGammaModel> fit = GammaGamma.fit(SpendObservations.of(summaries));
        GammaGammaModel m = fit.model();
        parameters.put("p", m.p());
        parameters.put("q", m.q());
        parameters.put("gamma", m.gamma());
        logLikelihood = fit.logLikelihood();
        customers = fit.customers();
      }
      default -> throw new IllegalStateException("unknown model " + model);
    }
    return new Result(
        model, parameters, logLikelihood, customers, summaries.size(), calibrationEnd);
  }
}
