package org.tailor.scoring.value.plugin;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.CandidateScores;
import org.tailor.plugin.Decimals;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.OfferScore;
import org.tailor.plugin.ScoringPlugin;
import org.tailor.plugin.ShopperProfile;
import org.tailor.plugin.host.PurchaseHistory;
import org.tailor.plugin.host.PurchaseRecord;
import org.tailor.plugin.host.PurchasedItem;
import org.tailor.scoring.value.lifetime.BgNbdModel;
import org.tailor.scoring.value.lifetime.CalibrationSummaries;
import org.tailor.scoring.value.lifetime.CustomerSummary;
import org.tailor.scoring.value.lifetime.GammaGammaModel;
import org.tailor.scoring.value.lifetime.LifetimeValue;
import org.tailor.scoring.value.tier.ShopperValue;
import org.tailor.scoring.value.tier.ValueTier;
import org.tailor.scoring.value.tier.ValueTierPolicy;

/**
 * The "value" scoring plugin: values the shopper from their purchase history (BG/NBD for how many
 * purchases to expect and whether they are still a customer, Gamma-Gamma for the spend of each,
 * lifetime value over a horizon), puts them in a {@link ValueTier}, and scores each candidate offer
 * by how close its discount depth is to the depth that suits the tier: score = 1 &minus; |depth
 * &minus; target| / tolerance, floored at 0. A fixed-amount offer's depth is its amount as a share
 * of the shopper's expected spend per purchase; an offer without a discount has depth 0.
 *
 * <p>Parameters come from ConfigAdmin ({@link ValueSettings}); the chain refits them with {@code
 * tailor clv fit} on its own transactions (for example monthly) and writes the printed lines into
 * {@code config/plugins/org.tailor.scoring.value.cfg}, which reconfigures the plugin while it runs.
 */
@Component(service = ScoringPlugin.class, configurationPid = ValueScoringPlugin.PID)
@Designate(ocd = ValueSettings.class)
public final class ValueScoringPlugin implements ScoringPlugin {

  /** The configuration PID, also the bundle's symbolic name. */
  public static final String PID = "org.tailor.scoring.value";

  /**
   * The models and policy in force, swapped as a whole when the settings change, with the values
   * they gave shoppers by the figures of their history (which is all a value depends on).
   */
  private record Configured(
      BgNbdModel purchases,
      GammaGammaModel spend,
      LifetimeValue lifetimeValue,
      ValueTierPolicy policy,
      double tolerancePoints,
      int historyLimit,
      Map<Figures, ShopperValue> assessed) {}

  /**
   * What a shopper's value depends on: the figures of their history summary (not who they are) and
   * whether they have a history at all.
   */
  private record Figures(
      int frequency,
      double recencyWeeks,
      double ageWeeks,
      double meanRepeatSpend,
      boolean hasHistory) {}

  private static final int MAX_REMEMBERED_AMOUNTS = 10_000;
  private static final int MAX_REMEMBERED_VALUES = 10_000;

  private final PurchaseHistory history;
  private volatile Configured configured;
  private final Map<BigDecimal, Double> doubles = new ConcurrentHashMap<>();
  private final ThreadLocal<Discounts> lastDiscounts = new ThreadLocal<>();

  @Activate
  public ValueScoringPlugin(@Reference PurchaseHistory history, ValueSettings settings) {
    this.history = history;
    configure(settings);
  }

  @Modified
  void configure(ValueSettings settings) {
    Map<ValueTier, Double> targets = new EnumMap<>(ValueTier.class);
    targets.put(ValueTier.MOST_VALUABLE, settings.target_most_valuable());
    targets.put(ValueTier.MOST_GROWABLE, settings.target_most_growable());
    targets.put(ValueTier.AT_RISK, settings.target_at_risk());
    targets.put(ValueTier.STEADY, settings.target_steady());
    targets.put(ValueTier.BELOW_ZERO, settings.target_below_zero());
    targets.put(ValueTier.NEWCOMER, settings.target_newcomer());
    if (!(settings.tolerance_points() > 0)) {
      throw new IllegalArgumentException(
          "tolerance.points: \""
              + settings.tolerance_points()
              + "\" is not valid; expected a"
              + " number of percentage points above 0.");
    }
    configured =
        new Configured(
            new BgNbdModel(
                settings.bgnbd_r(), settings.bgnbd_alpha(), settings.bgnbd_a(), settings.bgnbd_b()),
            new GammaGammaModel(
                settings.gammagamma_p(), settings.gammagamma_q(), settings.gammagamma_gamma()),
            new LifetimeValue(
                settings.horizon_weeks(),
                settings.discount_rate(),
                settings.margin_share(),
                settings.cost_per_purchase()),
            new ValueTierPolicy(
                settings.most_valuable_from(),
                settings.growable_from(),
                settings.at_risk_below(),
                targets),
            settings.tolerance_points(),
            Math.max(1, settings.history_limit()),
            new ConcurrentHashMap<>());
  }

  @Override
  public String id() {
    return "value";
  }

  @Override
  public List<OfferScore> score(DecisionContext context, List<CandidateOffer> candidates) {
    return ScoringPlugin.scoreList(this, context, candidates);
  }

  /**
   * Scores every candidate by its discount depth against the tier's target; the reasons, which
   * differ only in the depth, are put into words when asked for.
   */
  @Override
  public CandidateScores scores(DecisionContext context, List<CandidateOffer> candidates) {
    Configured now = configured;
    ShopperValue value = assess(context, now);
    double target = now.policy().targetDiscountPercent(value.tier());
    double spendPerPurchase = value.expectedSpendPerPurchase();
    Discounts discounts = discounts(candidates);
    // the thread's own array, lent to the host until the thread's next decision
    double[] scores = discounts.scores();
    for (int i = 0; i < scores.length; i++) {
      double depth = discounts.depthPercent(i, spendPerPurchase);
      scores[i] = Math.max(0, 1 - Math.abs(depth - target) / now.tolerancePoints());
    }
    return CandidateScores.lent(
        scores, scores.length, new Reasons(value, now, discounts, spendPerPurchase, target));
  }

  /**
   * The reasons of one decision, which differ only in the depth: the words about the shopper are
   * put together once, at the first reason asked for, as {@code String.format(Locale.ROOT, "%s:
   * lifetime value %.2f over %d weeks, P(alive) %.2f; discount ", ...)} writes them.
   */
  private static final class Reasons implements CandidateScores.Reasons {

    private final ShopperValue value;
    private final Configured configured;
    private final Discounts discounts;
    private final double spendPerPurchase;
    private final double target;
    private String shopper;

    Reasons(
        ShopperValue value,
        Configured configured,
        Discounts discounts,
        double spendPerPurchase,
        double target) {
      this.value = value;
      this.configured = configured;
      this.discounts = discounts;
      this.spendPerPurchase = spendPerPurchase;
      this.target = target;
    }

    @Override
    public String reason(int index) {
      if (shopper == null) {
        shopper =
            value.tier().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + ": lifetime value "
                + Decimals.fixed(value.lifetimeValue(), 2)
                + " over "
                + configured.lifetimeValue().horizonWeeks()
                + " weeks, P(alive) "
                + Decimals.fixed(value.probabilityAlive(), 2)
                + "; discount ";
      }
      return shopper
          + Decimals.fixed(discounts.depthPercent(index, spendPerPurchase), 0)
          + "% vs "
          + Decimals.fixed(target, 0)
          + "% for the tier";
    }
  }

  private ShopperValue assess(DecisionContext context, Configured now) {
    LocalDate today = LocalDate.ofInstant(context.at(), ZoneOffset.UTC);
    Optional<String> loyaltyId = context.shopper().map(ShopperProfile::loyaltyId);
    CalibrationSummaries calibration = new CalibrationSummaries();
    if (loyaltyId.isPresent()) {
      for (PurchaseRecord purchase : history.recentPurchases(loyaltyId.get(), now.historyLimit())) {
        LocalDate day = LocalDate.ofInstant(purchase.purchasedAt(), ZoneOffset.UTC);
        if (!day.isAfter(today)) {
          calibration.add(loyaltyId.get(), day, amountOf(purchase));
        }
      }
    }
    List<CustomerSummary> summaries = calibration.summarise(today);
    boolean hasHistory = !summaries.isEmpty();
    CustomerSummary summary =
        hasHistory ? summaries.get(0) : CustomerSummary.oneTimeBuyer(loyaltyId.orElse("-"), 0);
    Figures figures =
        new Figures(
            summary.frequency(),
            summary.recencyWeeks(),
            summary.ageWeeks(),
            summary.meanRepeatSpend(),
            hasHistory);
    ShopperValue known = now.assessed().get(figures);
    if (known != null) {
      return new ShopperValue(
          summary,
          known.lifetimeValue(),
          known.probabilityAlive(),
          known.expectedPurchases(),
          known.expectedSpendPerPurchase(),
          known.tier());
    }
    ShopperValue value =
        now.policy().assess(summary, hasHistory, now.purchases(), now.spend(), now.lifetimeValue());
    if (now.assessed().size() >= MAX_REMEMBERED_VALUES) {
      now.assessed().clear();
    }
    now.assessed().put(figures, value);
    return value;
  }

  private static double amountOf(PurchaseRecord purchase) {
    BigDecimal total = BigDecimal.ZERO;
    for (PurchasedItem line : purchase.lines()) {
      total = total.add(line.amount());
    }
    return total.doubleValue();
  }

  /**
   * The candidates' discounts as numbers: those of the thread's last decision while its candidates
   * are the very same instances (the host's catalogue hands over the same ones until its offers
   * change), else converted anew.
   */
  private Discounts discounts(List<CandidateOffer> candidates) {
    Discounts last = lastDiscounts.get();
    if (last != null && last.describe(candidates)) {
      return last;
    }
    int n = candidates.size();
    CandidateOffer[] offers = new CandidateOffer[n];
    double[] percents = new double[n];
    double[] amounts = new double[n];
    for (int i = 0; i < n; i++) {
      CandidateOffer offer = candidates.get(i);
      offers[i] = offer;
      percents[i] = offer.discountPercent().map(this::asDouble).orElse(Double.NaN);
      amounts[i] = offer.discountAmount().map(this::asDouble).orElse(Double.NaN);
    }
    Discounts made = new Discounts(offers, percents, amounts, new double[n]);
    lastDiscounts.set(made);
    return made;
  }

  /**
   * The discount percent and amount of each of some candidates, {@code NaN} where it has none,
   * never changed once made; and the thread's scores of them, written again by each of its
   * decisions (a {@code Discounts} is one thread's: {@link #lastDiscounts}).
   */
  private record Discounts(
      CandidateOffer[] offers, double[] percents, double[] amounts, double[] scores) {

    /** Whether these are the discounts of these candidates, the same instances in order. */
    boolean describe(List<CandidateOffer> candidates) {
      if (candidates.size() != offers.length) {
        return false;
      }
      for (int i = 0; i < offers.length; i++) {
        if (candidates.get(i) != offers[i]) {
          return false;
        }
      }
      return true;
    }

    /**
     * The depth of the candidate at {@code index}: its percent, else its amount as a share of the
     * spend per purchase (at most 100), else 0.
     */
    double depthPercent(int index, double spendPerPurchase) {
      if (!Double.isNaN(percents[index])) {
        return percents[index];
      }
      if (!Double.isNaN(amounts[index]) && spendPerPurchase > 0) {
        return Math.min(100, 100 * amounts[index] / spendPerPurchase);
      }
      return 0;
    }
  }

  /**
   * {@link BigDecimal#doubleValue()}, remembered: it formats and parses the number, and the same
   * few discounts come back for every decision.
   */
  private double asDouble(BigDecimal amount) {
    Double known = doubles.get(amount);
    if (known == null) {
      known = amount.doubleValue();
      if (doubles.size() >= MAX_REMEMBERED_AMOUNTS) {
        doubles.clear();
      }
      doubles.put(amount, known);
    }
    return known;
  }
}
