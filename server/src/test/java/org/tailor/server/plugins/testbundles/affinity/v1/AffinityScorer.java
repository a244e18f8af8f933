package org.tailor.server.plugins.testbundles.affinity.v1;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.OfferScore;
import org.tailor.plugin.ScoringPlugin;
import org.tailor.plugin.ShopperProfile;
import org.tailor.plugin.host.HostConfiguration;
import org.tailor.plugin.host.ShopperDirectory;

/**
 * Test plugin, version 1: scores 1 for offers in a category the shopper declared an interest in, as
 * the host's shopper directory knows them, 0 otherwise.
 */
@Component(service = ScoringPlugin.class)
public class AffinityScorer implements ScoringPlugin {

  @Reference private ShopperDirectory shoppers;

  @Reference private HostConfiguration host;

  @Override
  public String id() {
    return "affinity";
  }

  @Override
  public List<OfferScore> score(DecisionContext context, List<CandidateOffer> candidates) {
    List<String> liked =
        context
            .shopper()
            .flatMap(shopper -> shoppers.find(shopper.loyaltyId()))
            .map(ShopperProfile::preferredCategories)
            .orElse(List.of());
    return candidates.stream()
        .map(
            offer -> {
              boolean likes = offer.category().filter(liked::contains).isPresent();
              return new OfferScore(
                  offer.offerCode(),
                  likes ? 1.0 : 0.0,
                  "v1 "
                      + (likes ? "likes " : "indifferent to ")
                      + offer.category().orElse("all")
                      + " ("
                      + host.currency()
                      + ")");
            })
        .toList();
  }
}
