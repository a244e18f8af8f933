package org.tailor.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.CandidateScores;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.ShopperProfile;
import org.tailor.plugin.host.PresentationEvent;
import org.tailor.plugin.host.PurchaseRecord;
import org.tailor.plugin.host.PurchasedItem;
import org.tailor.plugin.host.RedemptionEvent;
import org.tailor.plugin.host.ShownOffer;
import org.tailor.scoring.bandit.BanditLearner;
import org.tailor.scoring.bandit.BanditSettings;
import org.tailor.scoring.bandit.PurchaseAffinity;
import org.tailor.server.generator.ChainParameters;
import org.tailor.server.generator.GroundTruthResponseModel;
import org.tailor.server.generator.ShopperTraits;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The bandit against random and static rules on a synthetic chain ({@code tailor generate}
 * parameters) whose shoppers answer offers by the generator's ground-truth response model: one
 * offer per kiosk visit, redeemed with the model's exact probability. Every policy meets the same
 * shoppers in the same order with the same random draws (common random numbers), so the differences
 * are the policies'. The bandit policies are the plugin's own {@link BanditLearner}, ranked as the
 * host does with ε-greedy exploration (ε = {@code --epsilon}), given each shopper's {@link
 * PurchaseAffinity} as the plugin builds it from the host's purchase history (and once with the
 * plugin's {@code purchaseAffinity} switched off).
 *
 * <p>Shoppers' declared preferred categories are stood in for by their two largest purchase-share
 * ({@code --declared}) categories, and their value tier is given as the attribute {@code
 * valueTier}, as a chain's CRM would hold them. Each shopper's purchase history is a sample of
 * {@link #HISTORY_LINES} purchase lines drawn from the shopper's category shares; from it come the
 * plugin's affinity levels, the rule "deepest offer in the most-bought category" and the two
 * experimental bandits that came before the plugin had the levels (the model classes used directly,
 * without the declared-category part). Prints one JSON line per policy, with the cumulative
 * redemptions at every tenth of the visits, and writes the cumulative-redemption plot (without the
 * experiments).
 *
 * <pre>
 * java -cp "$CP" org.tailor.bench.BanditSimulation --rounds 200000 --plot docs/images/bandit-cumulative-redemptions.png \
 *     --lead-plot docs/images/bandit-redemptions-ahead-of-rule.png
 * </pre>
 */
@Command(name = "bandit-simulation", mixinStandardHelpOptions = true)
public final class BanditSimulation implements Callable<Integer> {

  private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");
  private static final double[] DISCOUNTS = {0.10, 0.15, 0.20, 0.30};

  @Option(names = "--shoppers", defaultValue = "20000", description = "Shoppers in the chain.")
  private int shoppers;

  @Option(names = "--stores", defaultValue = "20", description = "Stores.")
  private int stores;

  @Option(names = "--seed", defaultValue = "1", description = "Generator and simulation seed.")
  private long seed;

  @Option(names = "--offers", defaultValue = "12", description = "Active offers.")
  private int offerCount;

  @Option(names = "--rounds", defaultValue = "50000", description = "Kiosk visits.")
  private int rounds;

  @Option(names = "--epsilon", defaultValue = "0.05", description = "Host exploration share.")
  private double epsilon;

  @Option(names = "--alpha", defaultValue = "0.1", description = "LinUCB's alpha.")
  private double alpha;

  @Option(
      names = "--declared",
      defaultValue = "2",
      description =
          "Declared preferred categories per shopper (the largest purchase shares); 0 for none.")
  private int declared;

  @Option(names = "--plot", description = "Where to write the PNG plot (default: none).")
  private Path plot;

  @Option(
      names = "--lead-plot",
      description =
          "Where to write the PNG plot of each policy's redemptions minus those of the rule"
              + " most-bought category (default: none).")
  private Path leadPlot;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BanditSimulation()).execute(args));
  }

  /** An offer of the simulation. */
  record Offer(String code, Optional<String> category, double discountDepth) {}

  /** A policy: which offer to show a shopper; told of the outcome. */
  interface Policy {
    String name();

    int choose(int round, Visit visit, SplittableRandom random);

    default void outcome(int round, Visit visit, int shown, boolean redeemed) {}
  }

  /** One kiosk visit. */
  record Visit(int shopper, DecisionContext context, double[] probabilities) {}

  @Override
  public Integer call() {
    GroundTruthResponseModel truth =
        GroundTruthResponseModel.of(ChainParameters.of(shoppers, stores, seed));
    List<Offer> offers = offers(truth, offerCount);
    List<CandidateOffer> candidates =
        offers.stream()
            .map(
                o ->
                    new CandidateOffer(
                        o.code(),
                        o.category(),
                        Optional.of(
                            java.math.BigDecimal.valueOf(Math.round(o.discountDepth() * 100))),
                        Optional.empty(),
                        Optional.empty()))
            .toList();

    // The visits: shopper, time, store, and a uniform draw deciding redemption, shared by all.
    SplittableRandom draws = new SplittableRandom(seed);
    int[] shopperOf = new int[rounds];
    double[] redemptionDraw = new double[rounds];
    for (int t = 0; t < rounds; t++) {
      shopperOf[t] = draws.nextInt(shoppers);
      redemptionDraw[t] = draws.nextDouble();
    }
    ShopperProfile[] profiles = new ShopperProfile[shoppers];
    double[][] probabilities = new double[shoppers][];
    int[][] levels = new int[shoppers][];
    PurchaseAffinity[] affinities = new PurchaseAffinity[shoppers];
    int[] mostBought = new int[shoppers];

    List<Policy> policies =
        List.of(
            new RandomPolicy(offers.size()),
            new DeepestDiscount(offers),
            new PreferredCategoryRule(offers, profiles),
            new Exploring(new DeepestDiscount(offers), epsilon, offers.size()),
            new Exploring(new PreferredCategoryRule(offers, profiles), epsilon, offers.size()),
            new BanditPolicy(
                "bandit-thompson-affinity-off",
                BanditSettings.Algorithm.THOMPSON,
                candidates,
                epsilon,
                alpha,
                null),
            new BanditPolicy(
                "bandit-linucb-affinity-off",
                BanditSettings.Algorithm.LINUCB,
                candidates,
                epsilon,
                alpha,
                null),
            new MostBoughtRule(mostBought),
            new Exploring(new MostBoughtRule(mostBought), epsilon, offers.size()),
            new BanditPolicy(
                "bandit-thompson",
                BanditSettings.Algorithm.THOMPSON,
                candidates,
                epsilon,
                alpha,
                affinities),
            new BanditPolicy(
                "bandit-linucb",
                BanditSettings.Algorithm.LINUCB,
                candidates,
                epsilon,
                alpha,
                affinities),
            new AffinityThompson(candidates, levels, epsilon),
            new AffinityLinUcb(candidates, levels, epsilon, alpha),
            new Oracle());

    int checkpoints = 100;
    XYSeriesCollection curves = new XYSeriesCollection();
    for (Policy policy : policies) {
      SplittableRandom random = new SplittableRandom(seed + 17);
      XYSeries curve = new XYSeries(policy.name());
      curve.add(0, 0);
      long redeemed = 0;
      long redeemedInLastTenth = 0;
      int lastTenth = rounds - rounds / 10;
      StringBuilder byTenth = new StringBuilder();
      long started = System.nanoTime();
      for (int t = 0; t < rounds; t++) {
        int s = shopperOf[t];
        if (profiles[s] == null) {
          ShopperTraits traits = truth.traits(s);
          profiles[s] = profile(traits, declared);
          probabilities[s] = new double[offers.size()];
          for (int o = 0; o < offers.size(); o++) {
            probabilities[s][o] =
                truth.redemptionProbability(
                    traits, offers.get(o).category(), offers.get(o).discountDepth());
          }
          affinities[s] = history(traits, new SplittableRandom(seed * 1_000_003L + s));
          levels[s] = affinityLevels(affinities[s], offers);
          mostBought[s] = mostBought(levels[s], historyCounts, offers);
        }
        DecisionContext context =
            new DecisionContext(
                Optional.of(profiles[s]),
                "S" + (s % stores),
                Optional.empty(),
                "kiosk",
                START.plus(Duration.ofMinutes(7L * t)));
        Visit visit = new Visit(s, context, probabilities[s]);
        int shown = policy.choose(t, visit, random);
        boolean redemption = redemptionDraw[t] < probabilities[s][shown];
        if (redemption) {
          redeemed++;
          if (t >= lastTenth) {
            redeemedInLastTenth++;
          }
        }
        policy.outcome(t, visit, shown, redemption);
        if ((t + 1) % Math.max(1, rounds / checkpoints) == 0 || t == rounds - 1) {
          curve.add(t + 1, redeemed);
        }
        if ((t + 1) % Math.max(1, rounds / 10) == 0 && byTenth.length() < 10 * 12) {
          byTenth.append(byTenth.isEmpty() ? "" : ",").append(redeemed);
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      if (!policy.name().startsWith("experiment-")) {
        curves.addSeries(curve);
      }
      System.out.println(
          JsonLine.of("bandit-simulation")
              .add("policy", policy.name())
              .add("rounds", rounds)
              .add("shoppers", shoppers)
              .add("offers", offers.size())
              .add("seed", seed)
              .add("epsilon", epsilon, 3)
              .add("declared", declared)
              .add("redemptions", redeemed)
              .add("redemptionRate", (double) redeemed / rounds, 4)
              .add("lastTenthRate", (double) redeemedInLastTenth / (rounds - lastTenth), 4)
              .add("redemptionsByTenth", byTenth.toString())
              .add("seconds", seconds, 2)
              .toString());
    }
    if (plot != null) {
      write(curves, plot, "Cumulative redemptions on a synthetic chain", "redemptions");
    }
    if (leadPlot != null) {
      write(
          lead(curves, "rule-most-bought-category"),
          leadPlot,
          "Redemptions ahead of the rule \"most-bought category\"",
          "redemptions minus the rule's");
    }
    return 0;
  }

  static List<Offer> offers(GroundTruthResponseModel truth, int count) {
    List<String> categories = truth.categories();
    List<Offer> offers = new ArrayList<>();
    offers.add(new Offer("store-wide-10", Optional.empty(), 0.10));
    int step = Math.max(1, categories.size() / Math.max(1, count - 1));
    for (int i = 0; offers.size() < count && i * step < categories.size(); i++) {
      String category = categories.get(i * step);
      double depth = DISCOUNTS[i % DISCOUNTS.length];
      offers.add(
          new Offer(
              category.replace('/', '-') + "-" + Math.round(depth * 100),
              Optional.of(category),
              depth));
    }
    return offers;
  }

  /** Purchase lines the host's purchase history would give the plugin. */
  static final int HISTORY_LINES = 50;

  /**
   * Per offer, the lines of the shopper's history in its category (scratch, one visit at a time).
   */
  private int[] historyCounts = new int[0];

  /**
   * The shopper's {@link PurchaseAffinity}, as the plugin builds it from the host's purchase
   * history: a receipt of {@link #HISTORY_LINES} purchase lines drawn from the shopper's category
   * shares.
   */
  static PurchaseAffinity history(ShopperTraits traits, SplittableRandom random) {
    List<Map.Entry<String, Double>> shares = new ArrayList<>(traits.categoryShares().entrySet());
    shares.sort(Map.Entry.comparingByKey());
    List<PurchasedItem> lines = new ArrayList<>(HISTORY_LINES);
    for (int line = 0; line < HISTORY_LINES; line++) {
      double u = random.nextDouble();
      String category = shares.get(shares.size() - 1).getKey();
      for (Map.Entry<String, Double> e : shares) {
        u -= e.getValue();
        if (u < 0) {
          category = e.getKey();
          break;
        }
      }
      lines.add(new PurchasedItem("sku-" + line, category, 1, java.math.BigDecimal.ONE));
    }
    return PurchaseAffinity.of(List.of(new PurchaseRecord(traits.loyaltyId(), "S0", START, lines)));
  }

  /**
   * The shopper's affinity level to each offer's category; a store-wide offer is {@link
   * PurchaseAffinity#NONE}. Leaves the lines per offer in {@link #historyCounts}.
   */
  int[] affinityLevels(PurchaseAffinity affinity, List<Offer> offers) {
    if (historyCounts.length != offers.size()) {
      historyCounts = new int[offers.size()];
    }
    int[] levels = new int[offers.size()];
    for (int o = 0; o < offers.size(); o++) {
      Optional<String> category = offers.get(o).category();
      historyCounts[o] = category.map(affinity::linesIn).orElse(0);
      levels[o] = category.map(affinity::level).orElse(PurchaseAffinity.NONE);
    }
    return levels;
  }

  /** The deepest offer in the category the shopper bought most, else the deepest offer. */
  static int mostBought(int[] levels, int[] counts, List<Offer> offers) {
    int best = -1;
    int deepest = 0;
    for (int o = 0; o < offers.size(); o++) {
      if (offers.get(o).discountDepth() > offers.get(deepest).discountDepth()) {
        deepest = o;
      }
      if (counts[o] > 0
          && (best < 0
              || counts[o] > counts[best]
              || counts[o] == counts[best]
                  && offers.get(o).discountDepth() > offers.get(best).discountDepth())) {
        best = o;
      }
    }
    return best >= 0 ? best : deepest;
  }

  /** Static rule with the purchase history: the deepest offer in the most-bought category. */
  record MostBoughtRule(int[] mostBought) implements Policy {
    @Override
    public String name() {
      return "rule-most-bought-category";
    }

    @Override
    public int choose(int round, Visit visit, SplittableRandom random) {
      return mostBought[visit.shopper()];
    }
  }

  /**
   * The experiment that came before the plugin had affinity levels: the plugin's Thompson model
   * ({@code SegmentedThompson}) used directly, with the segment {@code
   * <situation>/affinity-<level>} in place of the declared-category segment (the plugin keeps
   * both).
   */
  static final class AffinityThompson implements Policy {
    private final org.tailor.scoring.bandit.thompson.SegmentedThompson thompson =
        new org.tailor.scoring.bandit.thompson.SegmentedThompson(
            BanditSettings.defaults().segmentPriorStrength());
    private final List<CandidateOffer> candidates;
    private final int[][] levels;
    private final double epsilon;

    AffinityThompson(List<CandidateOffer> candidates, int[][] levels, double epsilon) {
      this.candidates = candidates;
      this.levels = levels;
      this.epsilon = epsilon;
    }

    private String segment(Visit visit, int o) {
      return features(visit).situation() + "/affinity-" + levels[visit.shopper()][o];
    }

    @Override
    public String name() {
      return "experiment-thompson-affinity";
    }

    @Override
    public int choose(int round, Visit visit, SplittableRandom random) {
      if (random.nextDouble() < epsilon) {
        return random.nextInt(candidates.size());
      }
      String situation = features(visit).situation();
      int best = 0;
      double bestScore = -1;
      for (int o = 0; o < candidates.size(); o++) {
        double score =
            thompson.sample(
                candidates.get(o).offerCode(),
                situation + "/affinity-" + levels[visit.shopper()][o],
                random);
        if (score > bestScore) {
          bestScore = score;
          best = o;
        }
      }
      return best;
    }

    @Override
    public void outcome(int round, Visit visit, int shown, boolean redeemed) {
      String offer = candidates.get(shown).offerCode();
      String segment = segment(visit, shown);
      thompson.shown(offer, segment);
      if (redeemed) {
        thompson.redeemed(offer, segment);
      }
    }
  }

  /**
   * The experiment that came before the plugin had affinity levels: the plugin's LinUCB model used
   * directly, with the situation's features (the declared-category feature off) and four more, one
   * per affinity level (the plugin keeps the declared-category feature too).
   */
  static final class AffinityLinUcb implements Policy {
    private final org.tailor.scoring.bandit.linucb.DisjointLinUcb linUcb;
    private final List<CandidateOffer> candidates;
    private final int[][] levels;
    private final double epsilon;

    AffinityLinUcb(List<CandidateOffer> candidates, int[][] levels, double epsilon, double alpha) {
      this.linUcb =
          new org.tailor.scoring.bandit.linucb.DisjointLinUcb(
              AFFINITY_FEATURE + PurchaseAffinity.LEVELS, alpha);
      this.candidates = candidates;
      this.levels = levels;
      this.epsilon = epsilon;
    }

    /** Where the experiment's four level features begin: after the plugin's first 98. */
    private static final int AFFINITY_FEATURE = 98;

    private int[] x(Visit visit, int o) {
      int[] base = features(visit).active();
      int[] x = java.util.Arrays.copyOf(base, base.length + 1);
      x[base.length] = AFFINITY_FEATURE + levels[visit.shopper()][o];
      return x;
    }

    @Override
    public String name() {
      return "experiment-linucb-affinity";
    }

    @Override
    public int choose(int round, Visit visit, SplittableRandom random) {
      if (random.nextDouble() < epsilon) {
        return random.nextInt(candidates.size());
      }
      int best = 0;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int o = 0; o < candidates.size(); o++) {
        double score = linUcb.upperConfidenceBound(candidates.get(o).offerCode(), x(visit, o));
        if (score > bestScore) {
          bestScore = score;
          best = o;
        }
      }
      return best;
    }

    @Override
    public void outcome(int round, Visit visit, int shown, boolean redeemed) {
      String offer = candidates.get(shown).offerCode();
      int[] x = x(visit, shown);
      linUcb.shown(offer, x);
      if (redeemed) {
        linUcb.rewarded(offer, x);
      }
    }
  }

  static org.tailor.scoring.bandit.ContextFeatures features(Visit visit) {
    BanditSettings d = BanditSettings.defaults();
    return org.tailor.scoring.bandit.ContextFeatures.of(
        visit.context(), d.zone(), d.valueTierAttribute());
  }

  static ShopperProfile profile(ShopperTraits traits, int declared) {
    List<String> top =
        traits.categoryShares().entrySet().stream()
            .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
            .limit(declared)
            .map(Map.Entry::getKey)
            .toList();
    return new ShopperProfile(
        traits.loyaltyId(),
        Optional.empty(),
        "en",
        Optional.empty(),
        top,
        Map.of("valueTier", String.valueOf(traits.valueTier())));
  }

  /** Every offer equally likely. */
  record RandomPolicy(int offers) implements Policy {
    @Override
    public String name() {
      return "random";
    }

    @Override
    public int choose(int round, Visit visit, SplittableRandom random) {
      return random.nextInt(offers);
    }
  }

  /** Static rule: the deepest discount, always. */
  record DeepestDiscount(List<Offer> offers) implements Policy {
    @Override
    public String name() {
      return "rule-deepest-discount";
    }

    @Override
    public int choose(int round, Visit visit, SplittableRandom random) {
      int best = 0;
      for (int o = 1; o < offers.size(); o++) {
        if (offers.get(o).discountDepth() > offers.get(best).discountDepth()) {
          best = o;
        }
      }
      return best;
    }
  }

  /**
   * Static rule a marketer would write: the deepest offer in a category the shopper declared, else
   * the deepest discount.
   */
  record PreferredCategoryRule(List<Offer> offers, ShopperProfile[] profiles) implements Policy {
    @Override
    public String name() {
      return "rule-preferred-category";
    }

    @Override
    public int choose(int round, Visit visit, SplittableRandom random) {
      List<String> liked = profiles[visit.shopper()].preferredCategories();
      int best = -1;
      int deepest = 0;
      for (int o = 0; o < offers.size(); o++) {
        Offer offer = offers.get(o);
        if (offer.discountDepth() > offers.get(deepest).discountDepth()) {
          deepest = o;
        }
        boolean matches =
            offer.category().isPresent()
                && liked.stream()
                    .anyMatch(
                        c ->
                            c.equals(offer.category().get())
                                || c.startsWith(offer.category().get() + "/"));
        if (matches && (best < 0 || offer.discountDepth() > offers.get(best).discountDepth())) {
          best = o;
        }
      }
      return best >= 0 ? best : deepest;
    }
  }

  /** The best offer for each shopper under the true model: the ceiling, not a real policy. */
  record Oracle() implements Policy {
    @Override
    public String name() {
      return "oracle";
    }

    @Override
    public int choose(int round, Visit visit, SplittableRandom random) {
      int best = 0;
      for (int o = 1; o < visit.probabilities().length; o++) {
        if (visit.probabilities()[o] > visit.probabilities()[best]) {
          best = o;
        }
      }
      return best;
    }
  }

  /**
   * A static rule as Tailor serves it: through the host's ranking, which explores with the same ε
   * as for any other scoring (so that every logged probability is positive).
   */
  record Exploring(Policy rule, double epsilon, int offers) implements Policy {
    @Override
    public String name() {
      return rule.name() + "+exploration";
    }

    @Override
    public int choose(int round, Visit visit, SplittableRandom random) {
      if (random.nextDouble() < epsilon) {
        return random.nextInt(offers);
      }
      return rule.choose(round, visit, random);
    }
  }

  /**
   * The bandit plugin's learner with the host's ε-greedy choice of the top-scored offer, given each
   * shopper's affinity as the plugin gives it (for the decision and for the presentation), or with
   * the plugin's {@code purchaseAffinity} off ({@code affinities} null).
   */
  static final class BanditPolicy implements Policy {
    private final String name;
    private final BanditLearner learner;
    private final List<CandidateOffer> candidates;
    private final double epsilon;
    private final PurchaseAffinity[] affinities;

    BanditPolicy(
        String name,
        BanditSettings.Algorithm algorithm,
        List<CandidateOffer> candidates,
        double epsilon,
        double alpha,
        PurchaseAffinity[] affinities) {
      this.name = name;
      BanditSettings defaults = BanditSettings.defaults();
      this.learner =
          new BanditLearner(
              new BanditSettings(
                  algorithm,
                  alpha,
                  defaults.segmentPriorStrength(),
                  defaults.rememberedPresentations(),
                  defaults.zone(),
                  defaults.valueTierAttribute(),
                  affinities != null,
                  HISTORY_LINES));
      this.candidates = candidates;
      this.epsilon = epsilon;
      this.affinities = affinities;
    }

    private PurchaseAffinity affinity(Visit visit) {
      return affinities == null ? PurchaseAffinity.EMPTY : affinities[visit.shopper()];
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int choose(int round, Visit visit, SplittableRandom random) {
      if (random.nextDouble() < epsilon) {
        return random.nextInt(candidates.size());
      }
      CandidateScores scores = learner.scores(visit.context(), candidates, affinity(visit), random);
      int best = 0;
      for (int o = 1; o < candidates.size(); o++) {
        if (scores.score(o) > scores.score(best)) {
          best = o;
        }
      }
      return best;
    }

    @Override
    public void outcome(int round, Visit visit, int shown, boolean redeemed) {
      String id = String.valueOf(round);
      String offer = candidates.get(shown).offerCode();
      learner.presented(
          new PresentationEvent(
              id, visit.context(), false, List.of(new ShownOffer(offer, 1, 1.0, "simulation"))),
          affinity(visit));
      if (redeemed) {
        learner.redeemed(
            new RedemptionEvent("m" + round, Optional.of(id), offer, visit.context().at()));
      }
    }
  }

  /**
   * Each curve minus the baseline's at the same visit (the curves share their x values), without
   * the random policy and the deepest-discount rules, far below, and the oracle, far above.
   */
  static XYSeriesCollection lead(XYSeriesCollection curves, String baselineName) {
    XYSeries baseline = curves.getSeries(baselineName);
    XYSeriesCollection lead = new XYSeriesCollection();
    for (int c = 0; c < curves.getSeriesCount(); c++) {
      XYSeries curve = curves.getSeries(c);
      String name = String.valueOf(curve.getKey());
      if (name.equals("random")
          || name.equals("oracle")
          || name.startsWith("rule-deepest-discount")) {
        continue;
      }
      XYSeries ahead = new XYSeries(name);
      for (int i = 0; i < curve.getItemCount(); i++) {
        ahead.add(curve.getX(i), curve.getY(i).doubleValue() - baseline.getY(i).doubleValue());
      }
      lead.addSeries(ahead);
    }
    return lead;
  }

  private static void write(XYSeriesCollection curves, Path file, String title, String yLabel) {
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title, "kiosk visits", yLabel, curves, PlotOrientation.VERTICAL, true, false, false);
    chart.setBackgroundPaint(Color.WHITE);
    XYPlot xy = chart.getXYPlot();
    xy.setBackgroundPaint(Color.WHITE);
    xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
    xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < curves.getSeriesCount(); i++) {
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    xy.setRenderer(renderer);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 540);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
