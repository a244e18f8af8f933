package org.tailor.server.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.tailor.plugin.ShopperProfile;
import org.tailor.server.offer.ActiveOffer;

/** The holdout of a decision, drawn once per campaign, against drawing it for every offer. */
class DecisionPipelineHoldoutTest {

  private static final String[] CAMPAIGNS = {"spring", "summer", "autumn", "winter"};
  private static final String[] SHARES = {"0", "0.05", "0.3", "0.5", "0.9", "1"};

  @Test
  void keepsAndHoldsOutWhatDrawingForEveryOfferDid() {
    SplittableRandom random = new SplittableRandom(3);
    int heldOutSomewhere = 0;
    for (int round = 0; round < 2_000; round++) {
      // mostly one share per campaign, as loaded; sometimes a share per offer, to be strict
      Map<String, BigDecimal> shares = new HashMap<>();
      for (String campaign : CAMPAIGNS) {
        shares.put(campaign, new BigDecimal(SHARES[random.nextInt(SHARES.length)]));
      }
      boolean sharePerOffer = random.nextInt(4) == 0;
      List<ActiveOffer> offers = new ArrayList<>();
      int n = random.nextInt(0, 40);
      for (int i = 0; i < n; i++) {
        int c = random.nextInt(CAMPAIGNS.length + 1);
        Optional<String> campaign =
            c < CAMPAIGNS.length ? Optional.of(CAMPAIGNS[c]) : Optional.empty();
        BigDecimal share =
            campaign.isEmpty()
                ? BigDecimal.ZERO
                : sharePerOffer
                    ? new BigDecimal(SHARES[random.nextInt(SHARES.length)])
                    : shares.get(campaign.get());
        offers.add(offer(String.format("o%03d", i), campaign, c, share));
      }
      Optional<ShopperProfile> shopper =
          random.nextInt(5) == 0
              ? Optional.empty()
              : Optional.of(shopper("L-" + random.nextInt(500)));

      Set<String> heldOut = new TreeSet<>();
      Map<String, Long> heldOutIds = new HashMap<>();
      List<ActiveOffer> kept = DecisionPipeline.notHeldOut(offers, shopper, heldOut, heldOutIds);

      Set<String> expectedHeldOut = new TreeSet<>();
      Map<String, Long> expectedIds = new HashMap<>();
      List<ActiveOffer> expected = new ArrayList<>();
      for (ActiveOffer offer : offers) {
        if (offer.campaignCode().isPresent()
            && shopper.isPresent()
            && HoldoutAssignment.isHeldOut(
                offer.campaignCode().get(), shopper.get().loyaltyId(), offer.holdoutShare())) {
          expectedHeldOut.add(offer.campaignCode().get());
          expectedIds.put(offer.campaignCode().get(), offer.campaignId().orElseThrow());
        } else {
          expected.add(offer);
        }
      }
      assertThat(kept).isEqualTo(expected);
      assertThat(heldOut).isEqualTo(expectedHeldOut);
      assertThat(heldOutIds).isEqualTo(expectedIds);
      if (expected.size() == offers.size()) {
        assertThat(kept).isSameAs(offers);
      } else {
        heldOutSomewhere++;
      }
    }
    assertThat(heldOutSomewhere).isGreaterThan(100);
  }

  private static ActiveOffer offer(
      String code, Optional<String> campaign, long campaignId, BigDecimal share) {
    return new ActiveOffer(
        code.hashCode(),
        code,
        Optional.of("tea"),
        Optional.empty(),
        Optional.empty(),
        Instant.parse("2030-01-01T00:00:00Z"),
        Optional.empty(),
        Optional.empty(),
        campaign.map(c -> campaignId),
        campaign,
        share,
        Map.of(),
        Optional.empty());
  }

  private static ShopperProfile shopper(String loyaltyId) {
    return new ShopperProfile(
        loyaltyId, Optional.empty(), "en", Optional.empty(), List.of(), Map.of());
  }
}
