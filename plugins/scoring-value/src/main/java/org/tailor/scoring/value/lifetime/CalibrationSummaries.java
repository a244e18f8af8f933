package org.tailor.scoring.value.lifetime;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Turns a transaction log into one {@link CustomerSummary} per shopper for a calibration period
 * ending on a given day (inclusive), the way BTYD and lifetimes prepare the CDNOW data: purchases
 * of one shopper on one day are merged into one purchase whose amount is their sum; the first
 * purchase day is not a repeat purchase; times are days divided by 7; purchases after the end are
 * ignored; shoppers whose first purchase is after the end are left out.
 *
 * <p>Add transactions in any order, then call {@link #summarise(LocalDate)}.
 */
public final class CalibrationSummaries {

  private static final double DAYS_PER_WEEK = 7.0;

  private final Map<String, TreeMap<LocalDate, Double>> spendByDayByCustomer =
      new LinkedHashMap<>();

  /** Records a transaction of {@code amount} by {@code customerId} on {@code day}. */
  public CalibrationSummaries add(String customerId, LocalDate day, double amount) {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(day, "day");
    if (!Double.isFinite(amount)) {
      throw new ModelInputException("amount", amount, "a finite amount");
    }
    spendByDayByCustomer
        .computeIfAbsent(customerId, id -> new TreeMap<>())
        .merge(day, amount, Double::sum);
    return this;
  }

  /** How many shoppers were seen, whatever the period. */
  public int customersSeen() {
    return spendByDayByCustomer.size();
  }

  /** One summary per shopper whose first purchase is on or before {@code calibrationEnd}. */
  public List<CustomerSummary> summarise(LocalDate calibrationEnd) {
    Objects.requireNonNull(calibrationEnd, "calibrationEnd");
    List<CustomerSummary> summaries = new ArrayList<>(spendByDayByCustomer.size());
    for (Map.Entry<String, TreeMap<LocalDate, Double>> customer : spendByDayByCustomer.entrySet()) {
      TreeMap<LocalDate, Double> days = customer.getValue();
      LocalDate first = days.firstKey();
      if (first.isAfter(calibrationEnd)) {
        continue;
      }
      int repeats = 0;
      double repeatSpend = 0;
      LocalDate last = first;
      for (Map.Entry<LocalDate, Double> day : days.headMap(calibrationEnd, true).entrySet()) {
        if (day.getKey().equals(first)) {
          continue;
        }
        repeats++;
        repeatSpend += day.getValue();
        last = day.getKey();
      }
      summaries.add(
          new CustomerSummary(
              customer.getKey(),
              repeats,
              ChronoUnit.DAYS.between(first, last) / DAYS_PER_WEEK,
              ChronoUnit.DAYS.between(first, calibrationEnd) / DAYS_PER_WEEK,
              repeats == 0 ? 0 : repeatSpend / repeats));
    }
    return summaries;
  }
}
