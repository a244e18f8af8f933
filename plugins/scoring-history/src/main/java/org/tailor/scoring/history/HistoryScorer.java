package org.tailor.scoring.history;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.OfferScore;
import org.tailor.plugin.host.PurchaseRecord;
import org.tailor.plugin.host.PurchasedItem;
import org.tailor.scoring.history.affinity.CategoryAffinity;
import org.tailor.scoring.history.catalogue.CategoryPath;
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
    CategoryAffinity affinity =
        CategoryAffinity.of(
            purchases, context.at(), settings.halfLifeDays(), settings.affinityWindowDays());
    List<OfferScore> scores = new ArrayList<>();
    if (affinity.isEmpty()) {
      List<String> declared =
          context.shopper().map(shopper -> shopper.preferredCategories()).orElse(List.of());
      for (CandidateOffer offer : candidates) {
        offer
            .category()
            .ifPresent(
                category ->
                    scores.add(newcomer(offer.offerCode(), category, declared, context, model)));
      }
      return scores;
    }
    AlsoBought alsoBought = AlsoBought.of(model.catalogue(), model.neighbours(), skus(purchases));
    for (CandidateOffer offer : candidates) {
      offer
          .category()
          .ifPresent(
              category ->
                  scores.add(
                      shopperWithHistory(
                          offer.offerCode(), category, affinity.toward(category), alsoBought)));
    }
    return scores;
  }

  private OfferScore shopperWithHistory(
      String offerCode,
      String category,
      CategoryAffinity.Affinity affinity,
      AlsoBought alsoBought) {
    String name = CategoryPath.lastPart(category);
    String reason =
        affinity.receiptsInWindow() > 0
            ? reasons.bought(name, affinity.receiptsInWindow(), affinity.windowDays())
            : reasons.notBought(name, affinity.windowDays());
    double score = settings.affinityWeight() * affinity.share();
    Optional<AlsoBought.Score> similar = alsoBought.toward(category);
    if (similar.isPresent()) {
      score += settings.similarityWeight() * similar.get().share();
      reason =
          reasons.join(
              reason,
              reasons.alsoBought(CategoryPath.lastPart(similar.get().sourceCategory()), name));
    }
    return new OfferScore(offerCode, score, reason);
  }

  private OfferScore newcomer(
      String offerCode,
      String category,
      List<String> declared,
      DecisionContext context,
      HistoryModel model) {
    String name = CategoryPath.lastPart(category);
    double score = 0;
    List<String> why = new ArrayList<>();
    Optional<String> preference = DeclaredPreferences.matching(declared, category);
    if (preference.isPresent()) {
      score += settings.preferenceWeight();
      why.add(reasons.declared(CategoryPath.lastPart(preference.get())));
    }
    Optional<StoreBestsellers.Bestseller> bestseller =
        model.bestsellers().toward(context.storeCode(), category);
    if (bestseller.isPresent()) {
      StoreBestsellers.Bestseller b = bestseller.get();
      score += settings.bestsellerWeight() * b.relativeSales();
      why.add(
          b.inStore()
              ? reasons.bestsellerInStore(b.rank(), context.storeCode())
              : reasons.bestsellerInChain(b.rank()));
    }
    String reason =
        why.isEmpty()
            ? reasons.nothingKnown(name)
            : why.stream().reduce(reasons::join).orElseThrow();
    return new OfferScore(offerCode, score, reason);
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
