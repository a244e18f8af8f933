package org.tailor.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The running uplift of the one-offer and overview pages (all days up to each day, compared) is the
 * same as comparing, for each day, the sums of every day so far added up from scratch.
 */
class RunningUpliftTest {

  private static final double CONFIDENCE = 0.95;

  @Test
  void runningUpliftEqualsRecomputingEveryPrefixFromScratch() {
    List<ComparedRow> days =
        List.of(
            // no holdout yet, and too few measured treatment presentations for an interval
            day("2025-01-01", arm(3, 1, 1, 12.5, 156.25, 10.0, 100.0, 1, 12.5, 2.5), empty()),
            day(
                "2025-01-02",
                arm(40, 31, 9, 410.75, 9_812.5, 380.25, 8_600.0, 4, 120.0, 30.5),
                arm(5, 4, 1, 35.0, 600.0, 35.0, 600.0, 0, 0, 0)),
            // a day on which the offer was not shown to the holdout
            day(
                "2025-01-03",
                arm(22, 20, 7, 301.1, 7_002.3, 290.0, 6_500.7, 2, 55.5, 11.0),
                empty()),
            day(
                "2025-01-04",
                arm(61, 58, 19, 903.3, 21_450.9, 850.1, 19_990.2, 6, 210.0, 42.0),
                arm(9, 8, 2, 70.4, 1_210.8, 70.4, 1_210.8, 0, 0, 0)),
            day(
                "2025-01-05",
                arm(17, 15, 3, 88.0, 1_300.0, 80.0, 1_100.0, 1, 20.0, 8.0),
                arm(2, 2, 1, 25.0, 400.0, 25.0, 400.0, 0, 0, 0)));

    List<Uplift> running = ReportPages.running(days);

    assertThat(running).hasSize(days.size());
    for (int i = 0; i < days.size(); i++) {
      assertThat(running.get(i))
          .as("running uplift up to day %s", days.get(i).key())
          .isEqualTo(fromScratch(days.subList(0, i + 1)));
    }
    // the last day's running figures are those of the whole period, with intervals
    Uplift whole = running.get(days.size() - 1);
    assertThat(whole.treatment().measured()).isEqualTo(1 + 31 + 20 + 58 + 15);
    assertThat(whole.holdout().measured()).isEqualTo(4 + 8 + 2);
    assertThat(whole.responseRate()).isPresent();
    assertThat(whole.incrementalRevenue()).isPresent();
    assertThat(running.get(0).responseRate()).isEmpty();
  }

  @Test
  void noDaysNoRunningUplift() {
    assertThat(ReportPages.running(List.of())).isEmpty();
  }

  /** Sums every field of every day given, in day order, then compares once. */
  private static Uplift fromScratch(List<ComparedRow> days) {
    List<ArmTotals> treatment = new ArrayList<>();
    List<ArmTotals> holdout = new ArrayList<>();
    for (ComparedRow day : days) {
      treatment.add(day.uplift().treatment());
      holdout.add(day.uplift().holdout());
    }
    return Uplift.compare(sum(treatment), sum(holdout), CONFIDENCE, 0);
  }

  private static ArmTotals sum(List<ArmTotals> arms) {
    long presentations = 0;
    long measured = 0;
    long responders = 0;
    double revenueSum = 0;
    double revenueSquares = 0;
    double netSum = 0;
    double netSquares = 0;
    long redemptions = 0;
    double basket = 0;
    double discount = 0;
    for (ArmTotals arm : arms) {
      presentations += arm.presentations();
      measured += arm.measured();
      responders += arm.responders();
      revenueSum += arm.revenueSum();
      revenueSquares += arm.revenueSquares();
      netSum += arm.netSum();
      netSquares += arm.netSquares();
      redemptions += arm.redemptions();
      basket += arm.redeemedBasketSum();
      discount += arm.discountSum();
    }
    return new ArmTotals(
        presentations,
        measured,
        responders,
        revenueSum,
        revenueSquares,
        netSum,
        netSquares,
        redemptions,
        basket,
        discount);
  }

  private static ComparedRow day(String date, ArmTotals treatment, ArmTotals holdout) {
    return new ComparedRow(date, date, date, Uplift.compare(treatment, holdout, CONFIDENCE, 0));
  }

  private static ArmTotals arm(
      long presentations,
      long measured,
      long responders,
      double revenueSum,
      double revenueSquares,
      double netSum,
      double netSquares,
      long redemptions,
      double basket,
      double discount) {
    return new ArmTotals(
        presentations,
        measured,
        responders,
        revenueSum,
        revenueSquares,
        netSum,
        netSquares,
        redemptions,
        basket,
        discount);
  }

  private static ArmTotals empty() {
    return ArmTotals.EMPTY;
  }
}
