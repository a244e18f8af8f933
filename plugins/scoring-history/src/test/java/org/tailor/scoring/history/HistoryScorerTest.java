package org.tailor.scoring.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.text.MessageFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.OfferScore;
import org.tailor.plugin.ShopperProfile;
import org.tailor.plugin.host.LedgerLine;
import org.tailor.plugin.host.PurchaseRecord;
import org.tailor.plugin.host.PurchasedItem;

class HistoryScorerTest {

  private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

  private static final List<CandidateOffer> OFFERS =
      List.of(
          offer("tea-5", "grocery/tea"),
          offer("wine-10", "wine"),
          offer("coffee-10", "coffee"),
          new CandidateOffer(
              "store-wide",
              Optional.empty(),
              Optional.of(BigDecimal.TEN),
              Optional.empty(),
              Optional.empty()));

  private static CandidateOffer offer(String code, String category) {
    return new CandidateOffer(
        code,
        Optional.of(category),
        Optional.of(BigDecimal.TEN),
        Optional.empty(),
        Optional.empty());
  }

  private static LedgerLine line(
      String shopper, String store, String sku, String category, int daysAgo) {
    return new LedgerLine(shopper, store, NOW.minus(Duration.ofDays(daysAgo)), sku, category, 1);
  }

  /**
   * In S-01 tea sold most in the last 30 days (3 lines), then coffee (2), then cheese (1). Every
   * cheese buyer also bought wine.
   */
  private static HistoryModel model() {
    HistoryModelBuilder builder = new HistoryModelBuilder(NOW, 30);
    List.of(
            line("a", "S-01", "T1", "grocery/tea", 1),
            line("b", "S-01", "T1", "grocery/tea", 2),
            line("c", "S-01", "T2", "grocery/tea", 3),
            line("a", "S-01", "C1", "grocery/coffee", 4),
            line("d", "S-01", "C1", "grocery/coffee", 5),
            line("x", "S-01", "CH", "fresh/cheese", 6),
            line("x", "S-02", "W1", "wine", 60),
            line("y", "S-02", "CH", "fresh/cheese", 60),
            line("y", "S-02", "W1", "wine", 60),
            line("z", "S-02", "W1", "wine", 60),
            line("z", "S-02", "W1", "wine", 61))
        .forEach(builder);
    builder.accept(new LedgerLine("z", "S-02", NOW, "W1", "wine", -1)); // a return: ignored
    return builder.build(10, 0);
  }

  private static Map<String, OfferScore> byOffer(List<OfferScore> scores) {
    return scores.stream().collect(Collectors.toMap(OfferScore::offerCode, Function.identity()));
  }

  private static DecisionContext at(String store, Optional<ShopperProfile> shopper) {
    return new DecisionContext(shopper, store, Optional.of("K-1"), "kiosk", NOW);
  }

  private static ShopperProfile shopper(List<String> declared) {
    return new ShopperProfile("L-1", Optional.empty(), "en", Optional.empty(), declared, Map.of());
  }

  private final HistoryScorer scorer =
      new HistoryScorer(ScoringSettings.defaults(), Reasons.in("en"));

  @Test
  void anUnknownNewcomerGetsTheStoresBestsellers() {
    Map<String, OfferScore> scores =
        byOffer(scorer.score(at("S-01", Optional.empty()), List.of(), model(), OFFERS));

    // bestsellerWeight 0.5 × sales relative to tea (3 lines): tea 1, coffee 2/3; no wine sold.
    assertThat(scores.get("tea-5").score()).isCloseTo(0.5, within(1e-9));
    assertThat(scores.get("tea-5").reason()).isEqualTo("best-selling category no. 1 at store S-01");
    assertThat(scores.get("coffee-10").score()).isCloseTo(0.5 * 2 / 3, within(1e-9));
    assertThat(scores.get("wine-10").score()).isZero();
    assertThat(scores.get("wine-10").reason())
        .isEqualTo("nothing known yet about interest in wine");
    assertThat(scores).doesNotContainKey("store-wide");
  }

  /**
   * The scorer remembers the categories of the candidates it last scored on the thread; the same
   * instances again score the same, and other candidates of the same number — other categories —
   * are not scored by the remembered ones.
   */
  @Test
  void otherCandidatesAfterTheSameOnesAreScoredByTheirOwnCategories() {
    HistoryModel model = model();
    Map<String, OfferScore> first =
        byOffer(scorer.score(at("S-01", Optional.empty()), List.of(), model, OFFERS));
    Map<String, OfferScore> again =
        byOffer(scorer.score(at("S-01", Optional.empty()), List.of(), model, OFFERS));
    assertThat(again.get("tea-5").score()).isEqualTo(first.get("tea-5").score());
    assertThat(again.get("coffee-10").reason()).isEqualTo(first.get("coffee-10").reason());

    List<CandidateOffer> swapped =
        List.of(
            offer("tea-5", "coffee"),
            offer("wine-10", "grocery/tea"),
            offer("coffee-10", "wine"),
            offer("cheese-5", "fresh/cheese"));
    Map<String, OfferScore> other =
        byOffer(scorer.score(at("S-01", Optional.empty()), List.of(), model, swapped));

    assertThat(other.get("wine-10").score()).isEqualTo(first.get("tea-5").score());
    assertThat(other.get("tea-5").score()).isEqualTo(first.get("coffee-10").score());
    assertThat(other.get("coffee-10").score()).isZero();
    assertThat(other).containsKey("cheese-5");
  }

  @Test
  void aKnownShopperWithoutPurchasesGetsDeclaredPreferencesOnTopOfBestsellers() {
    Map<String, OfferScore> scores =
        byOffer(
            scorer.score(
                at("S-01", Optional.of(shopper(List.of("grocery/coffee")))),
                List.of(),
                model(),
                OFFERS));

    assertThat(scores.get("coffee-10").score()).isCloseTo(1 + 0.5 * 2 / 3, within(1e-9));
    assertThat(scores.get("coffee-10").reason())
        .isEqualTo("said they like coffee; best-selling category no. 2 at store S-01");
    assertThat(scores.get("coffee-10").score()).isGreaterThan(scores.get("tea-5").score());
  }

  @Test
  void aStoreWithoutRecentSalesFallsBackToTheChainsBestsellers() {
    Map<String, OfferScore> scores =
        byOffer(scorer.score(at("S-99", Optional.empty()), List.of(), model(), OFFERS));

    assertThat(scores.get("tea-5").reason()).isEqualTo("best-selling category no. 1 in the chain");
  }

  @Test
  void aShopperWithPurchasesIsScoredByOwnAffinityAndByWhatOthersAlsoBought() {
    List<PurchaseRecord> purchases = new ArrayList<>();
    for (int week = 0; week < 6; week++) {
      purchases.add(
          receipt("R" + week, week * 7, new PurchasedItem("T1", "grocery/tea", 1, BigDecimal.ONE)));
    }
    purchases.add(
        receipt("R-old", 200, new PurchasedItem("CH", "fresh/cheese", 1, BigDecimal.ONE)));

    Map<String, OfferScore> scores =
        byOffer(
            scorer.score(at("S-01", Optional.of(shopper(List.of()))), purchases, model(), OFFERS));

    assertThat(scores.get("tea-5").reason()).startsWith("bought tea 6 times in 90 days");
    assertThat(scores.get("wine-10").reason())
        .isEqualTo("has not bought wine in 90 days; shoppers who buy cheese also buy wine");
    assertThat(scores.get("tea-5").score()).isGreaterThan(scores.get("wine-10").score());
    assertThat(scores.get("wine-10").score()).isGreaterThan(0);
    assertThat(scores.get("tea-5").score()).isBetween(0.0, 2.0);
  }

  @Test
  void beforeTheFirstModelBuildEveryoneIsScoredFromOwnPurchasesAndNothingElse() {
    // the plugin starts with the empty model and keeps deciding with it until a build ends
    HistoryModel none = HistoryModel.empty(NOW);
    List<PurchaseRecord> purchases = new ArrayList<>();
    for (int week = 0; week < 3; week++) {
      purchases.add(
          receipt("R" + week, week * 7, new PurchasedItem("T1", "grocery/tea", 1, BigDecimal.ONE)));
    }

    Map<String, OfferScore> newcomer =
        byOffer(scorer.score(at("S-01", Optional.empty()), List.of(), none, OFFERS));
    Map<String, OfferScore> regular =
        byOffer(scorer.score(at("S-01", Optional.of(shopper(List.of()))), purchases, none, OFFERS));

    assertThat(newcomer.get("tea-5").score()).isZero();
    assertThat(newcomer.get("tea-5").reason()).isEqualTo("nothing known yet about interest in tea");
    assertThat(regular.get("tea-5").score()).isGreaterThan(0);
    assertThat(regular.get("tea-5").reason()).startsWith("bought tea 3 times in 90 days");
    assertThat(regular.get("wine-10").reason()).isEqualTo("has not bought wine in 90 days");
  }

  @Test
  void rememberedReasonsAreTheSameWordsForTheSameFactsAndDifferForOthers() {
    Reasons reasons = Reasons.in("en");
    String first = reasons.notBought("tea", 90);
    assertThat(first).isEqualTo("has not bought tea in 90 days");
    assertThat(reasons.notBought("tea", 90)).isEqualTo(first);
    assertThat(reasons.notBought("wine", 90)).isEqualTo("has not bought wine in 90 days");
    assertThat(reasons.notBought("tea", 30)).isEqualTo("has not bought tea in 30 days");
    assertThat(reasons.bestsellerInChain(1)).isEqualTo("best-selling category no. 1 in the chain");
  }

  private static PurchaseRecord receipt(String number, int daysAgo, PurchasedItem item) {
    return new PurchaseRecord(number, "S-01", NOW.minus(Duration.ofDays(daysAgo)), List.of(item));
  }

  @Test
  void reasonsSpeakEveryLanguageOfTheChain() {
    assertThat(Reasons.in("es").bought("té", 6, 90)).isEqualTo("compró té 6 veces en 90 días");
    assertThat(Reasons.in("bg").bought("чай", 1, 90)).isEqualTo("купил(а) чай веднъж за 90 дни");
    assertThat(Reasons.in("fa").alsoBought("پنیر", "شراب"))
        .isEqualTo("خریداران پنیر شراب هم می‌خرند");
    assertThat(Reasons.in("zh-TW").bought("茶", 6, 90)).isEqualTo("90 天內購買 茶 6 次");
    assertThat(Reasons.in("de").declared("Tee")).isEqualTo("said they like Tee");
  }

  @Test
  void joinedReasonsAreTheWordsTheJoinMessageGivesInEveryLanguage() {
    // the reference: the bundle's join message formatted as Reasons formatted it before
    for (String tag : List.of("en", "es", "bg", "fa", "zh-TW", "de")) {
      Reasons reasons = Reasons.in(tag);
      Locale locale = Locale.forLanguageTag(tag);
      String pattern =
          ResourceBundle.getBundle(
                  "org.tailor.scoring.history.reasons",
                  locale,
                  Reasons.class.getClassLoader(),
                  ResourceBundle.Control.getNoFallbackControl(
                      ResourceBundle.Control.FORMAT_PROPERTIES))
              .getString("join");
      for (List<String> pair :
          List.of(
              List.of(reasons.notBought("tea", 90), reasons.alsoBought("cheese", "wine")),
              List.of("it's {0} 'quoted'", "{1}"),
              List.of("", ""))) {
        String reference =
            new MessageFormat(pattern, locale).format(new Object[] {pair.get(0), pair.get(1)});
        assertThat(reasons.join(pair.get(0), pair.get(1))).as(tag).isEqualTo(reference);
      }
    }
    String joined = Reasons.in("en").join("bought tea once", "shoppers who buy tea buy cake");
    assertThat(joined).isEqualTo("bought tea once; shoppers who buy tea buy cake");
  }
}
