package org.tailor.scoring.value.lifetime;

import java.util.Objects;

/**
 * A model fitted by maximum likelihood.
 *
 * @param model the parameter estimates
 * @param logLikelihood the log-likelihood at the estimates, summed over all shoppers
 * @param customers how many shoppers the fit used
 * @param evaluations how many passes over the data the fit made (likelihood evaluations; for
 *     Gamma-Gamma, evaluations of its per-shopper sums)
 * @param <M> the model type
 */
public record FittedModel<M>(M model, double logLikelihood, long customers, int evaluations) {

  public FittedModel {
    Objects.requireNonNull(model, "model");
  }
}
