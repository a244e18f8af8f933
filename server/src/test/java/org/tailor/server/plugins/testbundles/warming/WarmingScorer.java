package org.tailor.server.plugins.testbundles.warming;

import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.OfferScore;
import org.tailor.plugin.ScoringPlugin;

/** Test plugin that never finishes preparing its first model; it scores nothing meanwhile. */
@Component
public class WarmingScorer implements ScoringPlugin {

  @Override
  public String id() {
    return "warming";
  }

  @Override
  public Optional<String> warmingUp() {
    return Optional.of("the first propensity model");
  }

  @Override
  public List<OfferScore> score(DecisionContext context, List<CandidateOffer> candidates) {
    return List.of();
  }
}
