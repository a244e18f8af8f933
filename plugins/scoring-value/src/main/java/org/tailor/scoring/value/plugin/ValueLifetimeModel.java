package org.tailor.scoring.value.plugin;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalDouble;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.tailor.plugin.LifetimeModel;
import org.tailor.plugin.host.PurchaseHistory;
import org.tailor.plugin.host.PurchaseRecord;
import org.tailor.plugin.host.PurchasedItem;
import org.tailor.scoring.value.lifetime.BgNbdModel;
import org.tailor.scoring.value.lifetime.CalibrationSummaries;
import org.tailor.scoring.value.lifetime.CustomerSummary;

/**
 * The value plugin's BG/NBD model offered to the host as a {@link LifetimeModel}: P(alive | x,
 * t<sub>x</sub>, T) (Fader, Hardie &amp; Lee 2005, eq. 18) of a shopper from their own purchases up
 * to the moment asked, with the parameters of {@link ValueSettings} (the same configuration as
 * {@link ValueScoringPlugin}). A shopper without purchases gets no opinion; a shopper who bought on
 * one day only has P(alive) 1 under BG/NBD, so is never lapsed by it.
 */
@Component(service = LifetimeModel.class, configurationPid = ValueScoringPlugin.PID)
public final class ValueLifetimeModel implements LifetimeModel {

  private record Configured(BgNbdModel purchases, int historyLimit) {}

  private final PurchaseHistory history;
  private volatile Configured configured;

  @Activate
  public ValueLifetimeModel(@Reference PurchaseHistory history, ValueSettings settings) {
    this.history = history;
    configure(settings);
  }

  @Modified
  void configure(ValueSettings settings) {
    configured =
        new Configured(
            new BgNbdModel(
                settings.bgnbd_r(), settings.bgnbd_alpha(), settings.bgnbd_a(), settings.bgnbd_b()),
            Math.max(1, settings.history_limit()));
  }

  @Override
  public String id() {
    return "bgnbd";
  }

  @Override
  public OptionalDouble probabilityAlive(String loyaltyId, Instant at) {
    Configured now = configured;
    LocalDate today = LocalDate.ofInstant(at, ZoneOffset.UTC);
    CalibrationSummaries calibration = new CalibrationSummaries();
    List<PurchaseRecord> purchases = history.recentPurchases(loyaltyId, now.historyLimit());
    for (PurchaseRecord purchase : purchases) {
      LocalDate day = LocalDate.ofInstant(purchase.purchasedAt(), ZoneOffset.UTC);
      if (!day.isAfter(today)) {
        calibration.add(loyaltyId, day, amountOf(purchase));
      }
    }
    List<CustomerSummary> summaries = calibration.summarise(today);
    if (summaries.isEmpty()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(now.purchases().probabilityAlive(summaries.get(0)));
  }

  private static double amountOf(PurchaseRecord purchase) {
    BigDecimal total = BigDecimal.ZERO;
    for (PurchasedItem line : purchase.lines()) {
      total = total.add(line.amount());
    }
    return total.doubleValue();
  }
}
