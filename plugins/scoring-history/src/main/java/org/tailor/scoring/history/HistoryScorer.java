package org.tailor.scoring.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.CandidateScores;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.OfferScore;
import org.tailor.plugin.host.PurchaseRecord;
import org.tailor.plugin.host.PurchasedItem;
import org.tailor.scoring.history.affinity.CategoryAffinity;
import org.tailor.scoring.history.catalogue.CategoryPath;
import org.tailor.scoring.history.catalogue.OfferCategories;
import org.tailor.scoring.history.coldstart.DeclaredPreferences;
import org.tailor.scoring.history.coldstart.StoreBestsellers;
import org.tailor.scoring.history.similarity.AlsoBought;

/**
 * Scores offers by the category they promote. A shopper with purchases scores {@code affinityWeight
 * × affinity + similarityWeight × also-bought share}; a newcomer (unknown, or known without
 * purchases) scores {@code preferenceWeight} for a declared preference plus {@code bestsellerWeight
 * × sales relative to the store's best-selling category}. Store-wide offers (no category) are left
 * to other plugins. Does no I/O.
 */
public final class HistoryScorer {

  private final ScoringSettings settings;
  private final Reasons reasons;
  private final ThreadLocal<Categories> lastCategories = new ThreadLocal<>();

  public HistoryScorer(ScoringSettings settings, Reasons reasons) {
    this.settings = settings;
    this.reasons = reasons;
  }

  /** Scores the candidates with a category, given the shopper's recent purchases (maybe none). */
  public List<OfferScore> score(
      DecisionContext context,
      List<PurchaseRecord> purchases,
      HistoryModel model,
      List<CandidateOffer> candidates) {
    CandidateScores scores = scores(context, purchases, model, candidates);
    List<OfferScore> list = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      if (scores.scored(i)) {
        list.add(new OfferScore(candidates.get(i).offerCode(), scores.score(i), scores.reason(i)));
      }
    }
    return list;
  }

  /**
   * Scores the candidates with a category by position ({@link Double#NaN} for store-wide offers),
   * each category once however many offers promote it; the reasons are put into words only when
   * asked for.
   */
  public CandidateScores scores(
      DecisionContext context,
      List<PurchaseRecord> purchases,
      HistoryModel model,
      List<CandidateOffer> candidates) {
    CategoryAffinity affinity =
        CategoryAffinity.of(
            purchases, context.at(), settings.halfLifeDays(), settings.affinityWindowDays());
    boolean newcomer = affinity.isEmpty();
    List<String> declared =
        context.shopper().map(shopper -> shopper.preferredCategories()).orElse(List.of());
    AlsoBought alsoBought =
        newcomer ? null : AlsoBought.of(model.catalogue(), model.neighbours(), skus(purchases));
    Categories categories = categoriesOf(candidates);
    CategoryAffinity.Affinity[] affinities =
        newcomer ? null : affinity.towardEach(categories.offerCategories());
    CategoryScore[] byCategory = new CategoryScore[categories.names().length];
    // the thread's own array, lent to the host until the thread's next decision
    double[] scores = categories.scores();
    int[] categoryIndex = categories.index();
    for (int i = 0; i < scores.length; i++) {
      int index = categoryIndex[i];
      if (index < 0) {
        scores[i] = Double.NaN; // store-wide offers are left to other plugins
        continue;
      }
      CategoryScore score = byCategory[index];
      if (score == null) {
        String category = categories.names()[index];
        score =
            newcomer
                ? newcomer(category, declared, context, model)
                : shopperWithHistory(category, affinities[index], alsoBought);
        byCategory[index] = score;
      }
      scores[i] = score.score();
    }
    return CandidateScores.lent(
        scores, scores.length, i -> byCategory[categoryIndex[i]].reason().get());
  }

  /**
   * The candidates' categories as distinct names and, per candidate, the index of its own among
   * them (-1 for a store-wide offer). Found once, then reused by the thread's next decisions while
   * they score the very same candidate instances — the host's catalogue hands over the same ones
   * until its offers change, and a candidate's category never changes — so that a decision does not
   * look up a thousand categories by name.
   */
  private Categories categoriesOf(List<CandidateOffer> candidates) {
    Categories last = lastCategories.get();
    int n = candidates.size();
    if (last != null && last.candidates().length == n) {
      boolean same = true;
      for (int i = 0; i < n && same; i++) {
        same = candidates.get(i) == last.candidates()[i];
      }
      if (same) {
        return last;
      }
    }
    CandidateOffer[] offers = candidates.toArray(new CandidateOffer[0]);
    int[] index = new int[n];
    Map<String, Integer> indexes = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Optional<String> category = offers[i].category();
      index[i] =
          category.isEmpty() ? -1 : indexes.computeIfAbsent(category.get(), c -> indexes.size());
    }
    String[] names = new String[indexes.size()];
    indexes.forEach((name, at) -> names[at] = name);
    Categories made =
        new Categories(offers, index, names, new OfferCategories(names), new double[n]);
    lastCategories.set(made);
    return made;
  }

  /**
   * Candidates, the index of each one's category among {@code names}, and those names with the
   * product categories each promotes (learnt as shoppers' purchases name them); those arrays never
   * change once made. And the thread's scores of the candidates, written again by each of its
   * decisions (a {@code Categories} is one thread's: {@link #lastCategories}).
   */
  private record Categories(
      CandidateOffer[] candidates,
      int[] index,
      String[] names,
      OfferCategories offerCategories,
      double[] scores) {}

  /** The score of offers for one category, with the words of why, put together when asked. */
  private record CategoryScore(double score, Supplier<String> reason) {}

  private CategoryScore shopperWithHistory(
      String category, CategoryAffinity.Affinity affinity, AlsoBought alsoBought) {
    double score = settings.affinityWeight() * affinity.share();
    Optional<AlsoBought.Score> similar = alsoBought.toward(category);
    if (similar.isPresent()) {
      score += settings.similarityWeight() * similar.get().share();
    }
    return new CategoryScore(
        score,
        () -> {
          String name = CategoryPath.lastPart(category);
          String reason =
              affinity.receiptsInWindow() > 0
                  ? reasons.bought(name, affinity.receiptsInWindow(), affinity.windowDays())
                  : reasons.notBought(name, affinity.windowDays());
          if (similar.isPresent()) {
            reason =
                reasons.join(
                    reason,
                    reasons.alsoBought(
                        CategoryPath.lastPart(similar.get().sourceCategory()), name));
          }
          return reason;
        });
  }

  private CategoryScore newcomer(
      String category, List<String> declared, DecisionContext context, HistoryModel model) {
    double score = 0;
    Optional<String> preference = DeclaredPreferences.matching(declared, category);
    if (preference.isPresent()) {
      score += settings.preferenceWeight();
    }
    Optional<StoreBestsellers.Bestseller> bestseller =
        model.bestsellers().toward(context.storeCode(), category);
    if (bestseller.isPresent()) {
      score += settings.bestsellerWeight() * bestseller.get().relativeSales();
    }
    return new CategoryScore(
        score,
        () -> {
          List<String> why = new ArrayList<>();
          preference.ifPresent(p -> why.add(reasons.declared(CategoryPath.lastPart(p))));
          bestseller.ifPresent(
              b ->
                  why.add(
                      b.inStore()
                          ? reasons.bestsellerInStore(b.rank(), context.storeCode())
                          : reasons.bestsellerInChain(b.rank())));
          return why.isEmpty()
              ? reasons.nothingKnown(CategoryPath.lastPart(category))
              : why.stream().reduce(reasons::join).orElseThrow();
        });
  }

  private static Set<String> skus(List<PurchaseRecord> purchases) {
    Set<String> skus = new LinkedHashSet<>();
    for (PurchaseRecord purchase : purchases) {
      for (PurchasedItem line : purchase.lines()) {
        if (line.quantity() > 0) {
          skus.add(line.sku());
        }
      }
    }
    return skus;
  }
}
