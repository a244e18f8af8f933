package org.tailor.server.plugins.testbundles.warming;

import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.OfferScore;
import org.tailor.plugin.ScoringPlugin;

/** Test plugin whose answer to whether it is ready throws. */
@Component
public class UnsureScorer implements ScoringPlugin {

  @Override
  public String id() {
    return "unsure";
  }

  @Override
  public Optional<String> warmingUp() {
    throw new IllegalStateException("readiness unknown: the model store is locked");
  }

  @Override
  public List<OfferScore> score(DecisionContext context, List<CandidateOffer> candidates) {
    return List.of();
  }
}
