package org.tailor.server.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tailor.server.statistics.Difference;
import org.tailor.server.statistics.SampleMoments;
import org.tailor.server.statistics.TwoSampleComparison;

/**
 * Treatment against holdout, with intervals and sample sizes, as every report shows it.
 *
 * <ul>
 *   <li>{@code responseRate}: share of measured presentations after which the shopper responded,
 *       treatment minus holdout (difference of proportions).
 *   <li>{@code revenuePerPresentation}: spend in the attribution window per measured presentation,
 *       treatment minus holdout (Welch).
 *   <li>{@code incrementalRevenue}: that difference times the measured treatment presentations.
 *   <li>{@code incrementalProfit}: the same for spend net of the discounts given (before the cost
 *       of goods, which the purchase rows do not carry).
 * </ul>
 *
 * @param treatment the treatment arm's sums
 * @param holdout the holdout arm's sums
 * @param warnings what to tell the reader before they trust the figures
 */
public record Uplift(
    ArmTotals treatment,
    ArmTotals holdout,
    Optional<Difference> responseRate,
    Optional<Difference> revenuePerPresentation,
    Optional<Difference> incrementalRevenue,
    Optional<Difference> incrementalProfit,
    List<UpliftWarning> warnings) {

  public Uplift {
    warnings = List.copyOf(warnings);
  }

  /** Compares the arms at the given confidence, warning below {@code minimumHoldout}. */
  public static Uplift compare(
      ArmTotals treatment, ArmTotals holdout, double confidence, long minimumHoldout) {
    Optional<Difference> rate =
        TwoSampleComparison.proportions(
            treatment.responders(),
            treatment.measured(),
            holdout.responders(),
            holdout.measured(),
            confidence);
    Optional<Difference> revenue =
        TwoSampleComparison.means(
            new SampleMoments(
                treatment.measured(), treatment.revenueSum(), treatment.revenueSquares()),
            new SampleMoments(holdout.measured(), holdout.revenueSum(), holdout.revenueSquares()),
            confidence);
    Optional<Difference> net =
        TwoSampleComparison.means(
            new SampleMoments(treatment.measured(), treatment.netSum(), treatment.netSquares()),
            new SampleMoments(holdout.measured(), holdout.netSum(), holdout.netSquares()),
            confidence);
    List<UpliftWarning> warnings = new ArrayList<>();
    if (treatment.measured() == 0) {
      warnings.add(UpliftWarning.NOT_MEASURED);
    }
    if (holdout.measured() == 0) {
      warnings.add(UpliftWarning.NO_HOLDOUT);
    } else if (holdout.measured() < minimumHoldout) {
      warnings.add(UpliftWarning.HOLDOUT_TOO_SMALL);
    }
    if (rate.isPresent() && !rate.get().significant()) {
      warnings.add(UpliftWarning.NOT_SIGNIFICANT);
    }
    return new Uplift(
        treatment,
        holdout,
        rate,
        revenue,
        revenue.map(d -> d.scaled(treatment.measured())),
        net.map(d -> d.scaled(treatment.measured())),
        warnings);
  }
}
