package org.tailor.server.plugins;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.plugin.LifetimeModel;

/**
 * The lifetime-value models plugins offer now, called safely: the one with the highest service
 * ranking answers. A model that throws anything short of a {@link VirtualMachineError}, or answers
 * a probability outside [0, 1], has its failure recorded in its {@link PluginStatus} and gives no
 * opinion for that shopper. Thread-safe.
 */
public final class LifetimeModels {

  private static final Logger LOG = LoggerFactory.getLogger(LifetimeModels.class);

  private final TrackedPlugins<LifetimeModel> models;
  private final PluginProblems problems;

  LifetimeModels(TrackedPlugins<LifetimeModel> models, PluginProblems problems) {
    this.models = models;
    this.problems = problems;
  }

  /** The model that answers now, as {@code id (bundle)}, or empty when no plugin offers one. */
  public Optional<String> active() {
    List<TrackedPlugin<LifetimeModel>> now = models.snapshot();
    return now.isEmpty()
        ? Optional.empty()
        : Optional.of(now.get(0).id() + " (" + now.get(0).bundleName() + ")");
  }

  /** P(alive) of a shopper from the active model; empty without a model or an opinion. */
  public OptionalDouble probabilityAlive(String loyaltyId, Instant at) {
    Objects.requireNonNull(loyaltyId, "loyaltyId");
    Objects.requireNonNull(at, "at");
    List<TrackedPlugin<LifetimeModel>> now = models.snapshot();
    if (now.isEmpty()) {
      return OptionalDouble.empty();
    }
    TrackedPlugin<LifetimeModel> model = now.get(0);
    try {
      OptionalDouble answer = model.service().probabilityAlive(loyaltyId, at);
      if (answer == null) {
        throw new IllegalStateException("probabilityAlive() returned null instead of an optional");
      }
      if (answer.isPresent() && !(answer.getAsDouble() >= 0 && answer.getAsDouble() <= 1)) {
        throw new IllegalStateException(
            "probabilityAlive() answered " + answer.getAsDouble() + ", expected 0 to 1");
      }
      return answer;
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      if (problems.callFailed(model.bundleId(), e)) {
        LOG.warn(
            "lifetime-value model '{}' of bundle {} failed; no opinion on shoppers it fails on",
            model.id(),
            model.bundleName(),
            e);
      }
      return OptionalDouble.empty();
    }
  }
}
