package org.tailor.server.offer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tailor.plugin.host.RedemptionRecord;
import org.tailor.scoring.rules.language.CompiledRule;
import org.tailor.server.MovingClock;
import org.tailor.server.decision.DatabaseDecisionLog;
import org.tailor.server.persistence.Database;
import org.tailor.server.persistence.TestDatabases;
import org.tailor.server.store.StoreDetails;
import org.tailor.server.store.StoreService;

/**
 * The catalogue cache's reloads: what a periodic reload that reads the same offers keeps, and that
 * every change, made here or on another server, is seen.
 */
class OfferCatalogueCacheTest {

  private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");
  private static final Duration MAX_AGE = Duration.ofSeconds(10);

  @TempDir Path root;

  private final MovingClock clock = new MovingClock(START);
  private Database database;
  private OfferCatalogueCache catalogue;
  private OfferService here; // tells this server's catalogue of its changes
  private OfferService elsewhere; // another server's: seen at the next periodic reload

  @BeforeEach
  void setUp() {
    database = Database.open(TestDatabases.h2(root.resolve("db")));
    StoreService stores = new StoreService(database, clock);
    for (String store : List.of("S1", "S2")) {
      stores.createStore(
          new StoreDetails(store, store, Optional.empty(), Optional.empty(), "Europe/Madrid"));
    }
    catalogue = new OfferCatalogueCache(database, clock, MAX_AGE);
    here = new OfferService(database, clock, catalogue::invalidate);
    elsewhere = new OfferService(database, clock);
    here.createOffer(new Draft("coffee-10").details());
    here.createOffer(new Draft("tea-10").details());
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  @Test
  void aReloadThatReadsTheSameOffersKeepsTheOffersShownInEachStoreWithTheNewBudgetsSpent() {
    Draft budgeted = new Draft("s2-budget");
    budgeted.budget = Optional.of(new BigDecimal("1.00"));
    budgeted.stores = List.of("S2");
    here.createOffer(budgeted.details());
    OfferCatalogueCache.ActiveOffers s1 = active("S1");
    OfferCatalogueCache.ActiveOffers s2 = active("S2");
    assertThat(codes(s2)).containsExactly("coffee-10", "s2-budget", "tea-10");

    redeemElsewhere("s2-budget", "10.00"); // 1.00 of 1.00: spent on another server
    clock.advance(MAX_AGE);

    // the reload read the budget spent elsewhere ...
    OfferCatalogueCache.ActiveOffers s2Reloaded = active("S2");
    assertThat(codes(s2Reloaded)).containsExactly("coffee-10", "tea-10");
    // ... and kept what it had found of the offers shown in each store
    assertThat(active("S1")).isSameAs(s1);
    assertThat(s2Reloaded.categoryNumbers(s2.offers())).isSameAs(s2.categoryNumbers(s2.offers()));
  }

  @Test
  void aBudgetSpentAfterAReloadThatKeptTheOffersShownStillTakesTheOfferOut() {
    Draft budgeted = new Draft("tea-10");
    budgeted.budget = Optional.of(new BigDecimal("1.00"));
    here.updateOffer("tea-10", budgeted.details());
    OfferCatalogueCache.ActiveOffers before = active("S1");
    clock.advance(MAX_AGE);
    assertThat(active("S1")).isSameAs(before);

    ActiveOffer tea = before.offers().get(1);
    catalogue.redeemed(tea.id(), new BigDecimal("1.00")); // a redemption on this server

    assertThat(codes(active("S1"))).containsExactly("coffee-10");
  }

  @Test
  void aChangeMadeOnThisServerFindsTheOffersShownAfresh() {
    OfferCatalogueCache.ActiveOffers before = active("S1");

    here.updateOffer("tea-10", new Draft("tea-10").details()); // the same offer, saved again

    OfferCatalogueCache.ActiveOffers after = active("S1");
    assertThat(after).isNotSameAs(before);
    assertThat(after.offers()).isEqualTo(before.offers());
  }

  @Test
  void anOfferMadeValidLaterElsewhereLeavesAtTheNextReload() {
    Draft later = new Draft("tea-10");
    later.validFrom = START.plus(Duration.ofDays(1));

    assertThat(changedElsewhere(() -> elsewhere.updateOffer("tea-10", later.details())))
        .containsExactly("coffee-10");
  }

  @Test
  void anOfferLimitedElsewhereToAnotherStoreLeavesAtTheNextReload() {
    Draft otherStore = new Draft("tea-10");
    otherStore.stores = List.of("S2");

    assertThat(changedElsewhere(() -> elsewhere.updateOffer("tea-10", otherStore.details())))
        .containsExactly("coffee-10");
    assertThat(codes(active("S2"))).containsExactly("coffee-10", "tea-10");
  }

  @Test
  void anOfferLimitedElsewhereToAnotherChannelLeavesAtTheNextReload() {
    Draft email = new Draft("tea-10");
    email.channels = List.of("email");

    assertThat(changedElsewhere(() -> elsewhere.updateOffer("tea-10", email.details())))
        .containsExactly("coffee-10");
    assertThat(codes(catalogue.active("S1", "email", clock.instant())))
        .containsExactly("coffee-10", "tea-10");
  }

  @Test
  void anOfferWhoseCampaignIsPostponedElsewhereLeavesAtTheNextReload() {
    CampaignDetails spring =
        new CampaignDetails(
            "spring", "Spring", BigDecimal.ZERO, Optional.empty(), Optional.empty());
    here.createCampaign(spring);
    Draft inSpring = new Draft("tea-10");
    inSpring.campaign = Optional.of("spring");
    here.updateOffer("tea-10", inSpring.details());
    CampaignDetails postponed =
        new CampaignDetails(
            "spring",
            "Spring",
            BigDecimal.ZERO,
            Optional.of(START.plus(Duration.ofDays(7))),
            Optional.empty());

    // the campaign's row changes, not the offer's
    assertThat(changedElsewhere(() -> elsewhere.updateCampaign("spring", postponed)))
        .containsExactly("coffee-10");
  }

  @Test
  void aRuleChangedElsewhereIsReadAtTheNextReload() {
    Draft ruled = new Draft("tea-10");
    ruled.rule = Optional.of("known");
    here.updateOffer("tea-10", ruled.details());
    OfferCatalogueCache.ActiveOffers before = active("S1");
    ruled.rule = Optional.of("!known");
    elsewhere.updateOffer("tea-10", ruled.details());

    clock.advance(MAX_AGE);

    OfferCatalogueCache.ActiveOffers after = active("S1");
    assertThat(after).isNotSameAs(before);
    EligibilityRule rule = after.offers().get(1).eligibilityRule().orElseThrow();
    assertThat(rule.source()).isEqualTo("!known");
    assertThat(rule.compiled()).hasValueSatisfying(r -> assertThat(r.source()).isEqualTo("!known"));
  }

  @Test
  void offersWithTheSameRuleShareOneRuleCompiledOnceAcrossReloads() {
    for (String code : List.of("coffee-10", "tea-10")) {
      Draft ruled = new Draft(code);
      ruled.rule = Optional.of("known && channel == \"kiosk\"");
      here.updateOffer(code, ruled.details());
    }
    List<ActiveOffer> offers = active("S1").offers();
    EligibilityRule rule = offers.get(0).eligibilityRule().orElseThrow();
    assertThat(offers.get(1).eligibilityRule()).containsSame(rule);
    CompiledRule compiled = rule.compiled().orElseThrow();

    here.createOffer(new Draft("cake-5").details()); // another offer: the catalogue is found afresh

    List<ActiveOffer> reloaded = active("S1").offers();
    assertThat(reloaded)
        .extracting(ActiveOffer::code)
        .containsExactly("cake-5", "coffee-10", "tea-10");
    assertThat(reloaded.get(1)).isNotSameAs(offers.get(0));
    assertThat(reloaded.get(1).eligibilityRule()).containsSame(rule);
    assertThat(reloaded.get(2).eligibilityRule().orElseThrow().compiled()).containsSame(compiled);
  }

  @Test
  void aRuleThatDoesNotCompileIsKeptWithItsOfferButCompilesToNothing() throws SQLException {
    // saved before rules were checked, or written to the database directly
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement("UPDATE offer SET eligibility_rule = ? WHERE code = 'tea-10'")) {
      s.setString(1, "known && langauge == \"es\"");
      s.executeUpdate();
    }
    catalogue.invalidate();

    ActiveOffer tea = active("S1").offers().get(1);

    assertThat(tea.code()).isEqualTo("tea-10");
    assertThat(tea.eligibilityRule().orElseThrow().compiled()).isEmpty();
  }

  @Test
  void theOffersShownAreKeptForTheStretchOfTimeInWhichNoneStartsOrEnds() {
    Instant opens = START.plus(Duration.ofHours(1));
    Instant closes = START.plus(Duration.ofHours(2));
    Draft cake = new Draft("cake-5");
    cake.validFrom = opens;
    here.createOffer(cake.details());
    Draft coffee = new Draft("coffee-10");
    coffee.validUntil = closes;
    here.updateOffer("coffee-10", coffee.details());

    OfferCatalogueCache.ActiveOffers beforeCake = catalogue.active("S1", "kiosk", START);
    assertThat(codes(beforeCake)).containsExactly("coffee-10", "tea-10");
    assertThat(catalogue.active("S1", "kiosk", opens.minusNanos(1000))).isSameAs(beforeCake);
    OfferCatalogueCache.ActiveOffers withCake = catalogue.active("S1", "kiosk", opens);
    assertThat(codes(withCake)).containsExactly("cake-5", "coffee-10", "tea-10");
    assertThat(catalogue.active("S1", "kiosk", closes.minusNanos(1000))).isSameAs(withCake);
    assertThat(codes(catalogue.active("S1", "kiosk", closes))).containsExactly("cake-5", "tea-10");
    assertThat(codes(catalogue.active("S1", "kiosk", START.plus(Duration.ofMinutes(30)))))
        .containsExactly("coffee-10", "tea-10");
  }

  /**
   * The codes shown in S1 on the kiosk after {@code change} on another server, once the catalogue
   * reloads (before, the last catalogue's).
   */
  private List<String> changedElsewhere(Runnable change) {
    OfferCatalogueCache.ActiveOffers before = active("S1");
    assertThat(codes(before)).containsExactly("coffee-10", "tea-10");
    change.run();
    assertThat(active("S1")).isSameAs(before); // not reloaded yet
    clock.advance(MAX_AGE);
    OfferCatalogueCache.ActiveOffers after = active("S1");
    assertThat(after).isNotSameAs(before);
    return codes(after);
  }

  private OfferCatalogueCache.ActiveOffers active(String store) {
    return catalogue.active(store, "kiosk", clock.instant());
  }

  private static List<String> codes(OfferCatalogueCache.ActiveOffers active) {
    return active.offers().stream().map(ActiveOffer::code).toList();
  }

  private void redeemElsewhere(String offer, String basket) {
    new DatabaseDecisionLog(database) // its redemptions are not told to this catalogue
        .recordRedemption(
            new RedemptionRecord(
                "elsewhere-" + offer,
                Optional.empty(),
                offer,
                Optional.empty(),
                "S2",
                Optional.empty(),
                START.minusSeconds(60),
                new BigDecimal(basket)));
  }

  /** A 10 % offer, active in every store on every channel from a day before the start. */
  private static final class Draft {
    final String code;
    Optional<String> rule = Optional.empty();
    Instant validFrom = START.minus(Duration.ofDays(1));
    Instant validUntil = START.plus(Duration.ofDays(30));
    Optional<BigDecimal> budget = Optional.empty();
    Optional<String> campaign = Optional.empty();
    List<String> stores = List.of();
    List<String> channels = List.of();

    Draft(String code) {
      this.code = code;
    }

    OfferDetails details() {
      return new OfferDetails(
          code,
          code,
          "percent_off",
          Optional.of(new BigDecimal("10")),
          Optional.empty(),
          Optional.of(code.substring(0, code.indexOf('-'))),
          rule,
          validFrom,
          validUntil,
          budget,
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          campaign,
          "active",
          Map.of("en", new OfferText("10% off", "This week.")),
          stores,
          channels);
    }
  }
}
