package org.tailor.server.decision;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tailor.plugin.Decimals;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.ShopperProfile;
import org.tailor.plugin.host.ChosenOffer;
import org.tailor.plugin.host.Decision;
import org.tailor.plugin.host.DecisionListener;
import org.tailor.plugin.host.DecisionRequest;
import org.tailor.plugin.host.OfferDecisions;
import org.tailor.plugin.host.PresentationEvent;
import org.tailor.plugin.host.RequestRejectedException;
import org.tailor.plugin.host.ShownOffer;
import org.tailor.scoring.rules.language.CompiledRule;
import org.tailor.scoring.rules.language.RuleEvaluationException;
import org.tailor.scoring.rules.language.RuleFacts;
import org.tailor.scoring.rules.language.RuleResults;
import org.tailor.server.offer.ActiveOffer;
import org.tailor.server.offer.OfferCatalogueCache;
import org.tailor.server.offer.OfferText;
import org.tailor.server.persistence.Database;
import org.tailor.server.plugins.PluginScores;
import org.tailor.server.plugins.ScoringPlugins;

/**
 * The decision pipeline: for a shopper in a store at a terminal, the offers that are active there →
 * eligibility (per-shopper caps, budgets, consent) → each campaign's holdout → scores from every
 * active scoring plugin, weighted and summed → ranking with diversity and exploration → the
 * presentation recorded with the probability of each offer shown, and returned with the words in
 * the shopper's language.
 *
 * <p>Consent: a shopper who withdrew "offers" on the channel is greeted but shown nothing; one who
 * withdrew "profiling" (or never granted it, where {@link DecisionSettings#profilingNeedsGrant()})
 * is scored as a newcomer, without their history.
 */
public final class DecisionPipeline implements OfferDecisions {

  /** Consent purpose for being shown offers at all on a channel. */
  public static final String PURPOSE_OFFERS = "offers";

  /** Consent purpose for offers chosen from the shopper's own data. */
  public static final String PURPOSE_PROFILING = "profiling";

  private static final Logger LOG = LoggerFactory.getLogger(DecisionPipeline.class);

  private final OfferCatalogueCache catalogue;
  private final Supplier<ScoringPlugins> scoring;
  private final DecisionSettings settings;
  private final OfferRanking ranking;
  private final Supplier<RandomGenerator> random;
  private final DecisionListener events;
  private final DecisionCache facts;
  private final PresentationWriter presentations;
  // by plugin id as the plugin gives it (few: one per scoring plugin ever installed)
  private final Map<String, Weight> weightsByPlugin = new ConcurrentHashMap<>();

  /**
   * A pipeline that tells nobody of its presentations, reads the database for every decision and
   * writes each presentation before it answers (for tests and tools; the server shares one {@link
   * DecisionCache} and one {@link PresentationWriter}).
   *
   * @param catalogue the active offers, held in memory
   * @param scoring the scoring plugins active at the moment of each decision
   * @param random the source of exploration draws for the calling thread
   */
  public DecisionPipeline(
      Database database,
      OfferCatalogueCache catalogue,
      Supplier<ScoringPlugins> scoring,
      DecisionSettings settings,
      Supplier<RandomGenerator> random) {
    this(database, catalogue, scoring, settings, random, NobodyListens.INSTANCE);
  }

  /**
   * A pipeline that reads the database for every decision and writes each presentation before it
   * answers (for tests and tools).
   *
   * @param events told of each presentation once it is stored, with the context it was scored in
   */
  public DecisionPipeline(
      Database database,
      OfferCatalogueCache catalogue,
      Supplier<ScoringPlugins> scoring,
      DecisionSettings settings,
      Supplier<RandomGenerator> random,
      DecisionListener events) {
    this(
        catalogue,
        scoring,
        settings,
        random,
        events,
        new DecisionCache(database, Duration.ZERO, 1),
        PresentationWriter.direct(database.dataSource()));
  }

  /**
   * @param catalogue the active offers, held in memory
   * @param scoring the scoring plugins active at the moment of each decision
   * @param random the source of exploration draws for the calling thread
   * @param events told of each presentation once it is recorded, with the context it was scored in
   * @param facts the shoppers, stores and terminals, held in memory
   * @param presentations writes the presentations behind the decisions
   */
  public DecisionPipeline(
      OfferCatalogueCache catalogue,
      Supplier<ScoringPlugins> scoring,
      DecisionSettings settings,
      Supplier<RandomGenerator> random,
      DecisionListener events,
      DecisionCache facts,
      PresentationWriter presentations) {
    this.catalogue = catalogue;
    this.scoring = scoring;
    this.settings = settings;
    this.ranking = new OfferRanking(settings.exploration());
    this.random = random;
    this.events = events;
    this.facts = facts;
    this.presentations = presentations;
  }

  @Override
  public Decision decide(DecisionRequest request) {
    if (request.maxOffers() > settings.maxOffers()) {
      throw new RequestRejectedException(
          "maxOffers",
          String.valueOf(request.maxOffers()),
          "a whole number from 1 to " + settings.maxOffers());
    }
    Situation situation = situation(request);
    String language =
        situation
            .shopper()
            .map(ShopperProfile::language)
            .or(request::language)
            .orElse(settings.defaultLanguage());

    Set<String> heldOutCampaigns = new TreeSet<>();
    Map<String, Long> heldOutCampaignIds = new HashMap<>();
    List<ActiveOffer> eligible =
        !situation.offersAllowed()
            ? List.of()
            : situation.active().mayHoldOut()
                ? notHeldOut(
                    situation.eligible(), situation.shopper(), heldOutCampaigns, heldOutCampaignIds)
                : situation.eligible(); // no campaign holds anybody out

    DecisionContext context =
        new DecisionContext(
            situation.personalised() ? situation.shopper() : Optional.empty(),
            request.storeCode(),
            request.terminalCode(),
            request.channel(),
            request.at());
    ScoredOffers scored =
        score(
            context, meetingTheirRules(context, eligible, situation.active()), situation.active());
    List<RankedOffer> ranked = ranking.rank(scored, request.maxOffers(), random.get());

    boolean holdout = !heldOutCampaigns.isEmpty();
    Optional<Long> campaignId =
        holdout
            ? Optional.of(heldOutCampaignIds.get(heldOutCampaigns.iterator().next()))
            : singleCampaign(ranked);
    long id = presentations.nextId();
    List<PresentationWriter.OfferRow> shown = new ArrayList<>(ranked.size());
    for (RankedOffer offer : ranked) {
      shown.add(
          new PresentationWriter.OfferRow(
              offer.rank(), offer.offer().id(), offer.probability(), offer.explanation()));
    }
    presentations.write(
        new PresentationWriter.Row(
            id,
            situation.shopperId(),
            situation.storeId(),
            situation.terminalId(),
            request.channel(),
            request.at(),
            holdout,
            campaignId,
            shown));
    String presentationId = String.valueOf(id);

    events.presented(
        new PresentationEvent(
            presentationId,
            context,
            holdout,
            ranked.stream()
                .map(
                    offer ->
                        new ShownOffer(
                            offer.offer().code(),
                            offer.rank(),
                            offer.probability(),
                            offer.explanation()))
                .toList()));

    List<ChosenOffer> chosen =
        ranked.stream().map(offer -> chosen(offer, language, request.language())).toList();
    return new Decision(presentationId, situation.shopper(), language, holdout, chosen);
  }

  private Situation situation(DecisionRequest request) {
    DecisionCache.StoreRef store =
        facts
            .store(request.storeCode())
            .orElseThrow(
                () ->
                    new RequestRejectedException(
                        "storeCode", request.storeCode(), "the code of one of the chain's stores"));
    Optional<Long> terminalId = request.terminalCode().map(code -> terminalId(store, code));
    Optional<DecisionCache.ShopperFacts> shopper = request.identifier().flatMap(facts::shopper);
    OfferCatalogueCache.ActiveOffers active =
        catalogue.active(request.storeCode(), request.channel(), request.at());

    boolean offersAllowed = true;
    boolean personalised = shopper.isPresent();
    List<ActiveOffer> eligible = active.offers();
    if (shopper.isPresent()) {
      Map<String, String> consent = shopper.get().consents(request.channel());
      offersAllowed = !"revoked".equals(consent.get(PURPOSE_OFFERS));
      String profiling = consent.get(PURPOSE_PROFILING);
      personalised =
          settings.profilingNeedsGrant()
              ? "granted".equals(profiling)
              : !"revoked".equals(profiling);
      eligible = withinCaps(shopper.get().redemptions(), eligible);
    }
    return new Situation(
        store.id(),
        terminalId,
        shopper.map(DecisionCache.ShopperFacts::shopperId),
        shopper.map(DecisionCache.ShopperFacts::profile),
        offersAllowed,
        personalised,
        active,
        eligible);
  }

  private long terminalId(DecisionCache.StoreRef store, String code) {
    Optional<DecisionCache.TerminalRef> terminal = facts.terminal(code);
    if (terminal.isPresent() && terminal.get().storeId() == store.id()) {
      return terminal.get().id();
    }
    throw new RequestRejectedException(
        "terminalCode", code, "the code of a terminal of store " + store.code());
  }

  /** Leaves out offers the shopper has redeemed as often as their per-shopper cap allows. */
  private static List<ActiveOffer> withinCaps(Map<Long, Long> redeemed, List<ActiveOffer> offers) {
    if (redeemed.isEmpty()) {
      return offers;
    }
    List<ActiveOffer> kept = new ArrayList<>(offers.size());
    for (ActiveOffer offer : offers) {
      if (offer.perShopperCap().isEmpty()
          || redeemed.getOrDefault(offer.id(), 0L) < offer.perShopperCap().get()) {
        kept.add(offer);
      }
    }
    return kept;
  }

  /**
   * Leaves out the offers of the campaigns that hold the shopper out (none without a shopper),
   * adding those campaigns' codes and ids to {@code heldOut} and {@code heldOutIds}. The shopper's
   * draw is made once per campaign, not once per offer; the offers themselves are returned while
   * every offer is kept.
   */
  static List<ActiveOffer> notHeldOut(
      List<ActiveOffer> offers,
      Optional<ShopperProfile> shopper,
      Set<String> heldOut,
      Map<String, Long> heldOutIds) {
    if (shopper.isEmpty()) {
      return offers;
    }
    HoldoutAssignment.OneShopper holdouts =
        new HoldoutAssignment.OneShopper(shopper.get().loyaltyId());
    List<ActiveOffer> kept = null; // made at the first offer left out
    for (int i = 0; i < offers.size(); i++) {
      ActiveOffer offer = offers.get(i);
      boolean out =
          offer.campaignCode().isPresent()
              && holdouts.isHeldOut(offer.campaignCode().get(), offer.holdoutShare());
      if (out) {
        heldOut.add(offer.campaignCode().orElseThrow());
        heldOutIds.put(offer.campaignCode().orElseThrow(), offer.campaignId().orElseThrow());
        if (kept == null) {
          kept = new ArrayList<>(offers.size());
          kept.addAll(offers.subList(0, i));
        }
      } else if (kept != null) {
        kept.add(offer);
      }
    }
    return kept == null ? offers : kept;
  }

  /**
   * Leaves out offers whose eligibility rule does not hold for this shopper and context. A rule
   * that does not compile (saved before validation, or written to the database directly) keeps its
   * offer out and is logged once, when the catalogue's offer first compiles it ({@link
   * org.tailor.server.offer.EligibilityRule#compiled}); one that fails on these facts keeps its
   * offer out and is logged. Only the offers with a rule are visited, found once per catalogue load
   * when the offers are all those active here ({@link
   * OfferCatalogueCache.ActiveOffers#withEligibilityRule}).
   */
  private List<ActiveOffer> meetingTheirRules(
      DecisionContext context, List<ActiveOffer> offers, OfferCatalogueCache.ActiveOffers active) {
    int[] withRule = active.withEligibilityRule(offers);
    List<ActiveOffer> kept = null; // the offers themselves while every offer is kept
    int copied = 0; // the offers before this position are in kept, once it is made
    RuleResults results = null; // made once, at the first offer with a rule
    for (int i : withRule) {
      ActiveOffer offer = offers.get(i);
      Optional<CompiledRule> rule = offer.eligibilityRule().orElseThrow().compiled();
      boolean keep;
      if (rule.isEmpty()) {
        keep = false;
      } else {
        if (results == null) {
          results = new RuleResults(RuleFacts.of(context));
        }
        keep = holds(rule.get(), offer, results);
      }
      if (!keep) {
        if (kept == null) {
          kept = new ArrayList<>(offers.size());
        }
        kept.addAll(offers.subList(copied, i));
        copied = i + 1;
      }
    }
    if (kept == null) {
      return offers;
    }
    kept.addAll(offers.subList(copied, offers.size()));
    return kept;
  }

  /**
   * Whether an offer's eligibility rule holds, evaluated once per decision for each distinct value
   * of the offer facts it reads ({@link RuleResults}).
   */
  private static boolean holds(CompiledRule rule, ActiveOffer offer, RuleResults results) {
    try {
      return results.test(rule, offer.candidate());
    } catch (RuleEvaluationException e) {
      LOG.warn(
          "eligibility rule of offer {} failed, offer left out: {}", offer.code(), e.getMessage());
      return false;
    }
  }

  /**
   * Scores the eligible offers, some of the {@code active} ones in their order: their candidates
   * are those made with the catalogue when every active offer is eligible.
   */
  private ScoredOffers score(
      DecisionContext context,
      List<ActiveOffer> eligible,
      OfferCatalogueCache.ActiveOffers active) {
    int n = eligible.size();
    if (n == 0) {
      return ScoredOffers.NONE;
    }
    List<PluginScores> answers =
        scoring.get().scoreAll(context, active.candidates(eligible)).answers();
    Weight[] weights = new Weight[answers.size()];
    double[] totals = new double[n];
    for (int a = 0; a < weights.length; a++) {
      PluginScores answer = answers.get(a);
      weights[a] = weightOf(answer.pluginId());
      double weight = weights[a].value();
      for (int i = 0; i < n; i++) {
        double score = answer.score(i);
        if (!Double.isNaN(score)) {
          totals[i] += weight * score;
        }
      }
    }
    return new ScoredOffers(
        eligible,
        totals,
        active.categoryNumbers(eligible),
        index -> explanation(answers, weights, index),
        active.inCodeOrder());
  }

  /**
   * The reasons of every plugin that scored the offer at {@code index}, in words; only for the
   * offers chosen, as formatting them for every candidate would cost more than the rest of the
   * decision.
   */
  private static String explanation(List<PluginScores> answers, Weight[] weights, int index) {
    StringBuilder words = new StringBuilder();
    for (int a = 0; a < weights.length; a++) {
      PluginScores answer = answers.get(a);
      if (!answer.scored(index)) {
        continue;
      }
      if (words.length() > 0) {
        words.append("; ");
      }
      // as String.format(Locale.ROOT, "%s %+.3f×%.2f: %s", ...) writes it
      words
          .append(answer.pluginId())
          .append(' ')
          .append(Decimals.signed(answer.score(index), 3))
          .append('×')
          .append(weights[a].text())
          .append(": ")
          .append(answer.reason(index));
    }
    return words.toString();
  }

  /** A plugin's weight, looked up once per plugin id rather than once per decision. */
  private Weight weightOf(String pluginId) {
    Weight weight = weightsByPlugin.get(pluginId);
    if (weight == null) {
      double value = settings.weight(pluginId.toLowerCase(Locale.ROOT));
      // as String.format(Locale.ROOT, "%.2f", ...) writes it, for the explanations
      weight = new Weight(value, Decimals.fixed(value, 2));
      weightsByPlugin.put(pluginId, weight);
    }
    return weight;
  }

  /** A plugin's weight and the words the explanations write it in. */
  private record Weight(double value, String text) {}

  private static Optional<Long> singleCampaign(List<RankedOffer> ranked) {
    Set<Optional<Long>> campaigns = new LinkedHashSet<>();
    ranked.forEach(offer -> campaigns.add(offer.offer().campaignId()));
    return campaigns.size() == 1 ? campaigns.iterator().next() : Optional.empty();
  }

  private ChosenOffer chosen(
      RankedOffer ranked, String language, Optional<String> terminalLanguage) {
    ActiveOffer offer = ranked.offer();
    OfferText text = text(offer.texts(), language, terminalLanguage);
    return new ChosenOffer(
        offer.code(),
        ranked.rank(),
        ranked.probability(),
        text.headline(),
        text.body(),
        offer.discountPercent(),
        offer.discountAmount(),
        offer.validUntil(),
        ranked.explanation());
  }

  /**
   * The words in the first language of the chain shopper's language → its base language (zh-TW →
   * zh) → the terminal's language → its base → the default language → any, so that a screen is
   * never blank.
   */
  OfferText text(Map<String, OfferText> texts, String language, Optional<String> terminalLanguage) {
    List<String> chain = new ArrayList<>();
    addWithBase(chain, language);
    terminalLanguage.ifPresent(tag -> addWithBase(chain, tag));
    addWithBase(chain, settings.defaultLanguage());
    for (String tag : chain) {
      for (Map.Entry<String, OfferText> entry : texts.entrySet()) {
        if (entry.getKey().equalsIgnoreCase(tag)) {
          return entry.getValue();
        }
      }
    }
    return texts.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(new OfferText("", ""));
  }

  private static void addWithBase(List<String> chain, String tag) {
    chain.add(tag);
    int dash = tag.indexOf('-');
    if (dash > 0) {
      chain.add(tag.substring(0, dash));
    }
  }

  private record Situation(
      long storeId,
      Optional<Long> terminalId,
      Optional<Long> shopperId,
      Optional<ShopperProfile> shopper,
      boolean offersAllowed,
      boolean personalised,
      OfferCatalogueCache.ActiveOffers active,
      List<ActiveOffer> eligible) {}
}
