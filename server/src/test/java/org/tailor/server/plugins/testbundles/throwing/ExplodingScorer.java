package org.tailor.server.plugins.testbundles.throwing;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.OfferScore;
import org.tailor.plugin.ScoringPlugin;

/** Test plugin whose scoring throws a runtime exception. */
@Component
public class ExplodingScorer implements ScoringPlugin {

  @Override
  public String id() {
    return "exploding";
  }

  @Override
  public List<OfferScore> score(DecisionContext context, List<CandidateOffer> candidates) {
    throw new ArithmeticException("division by zero in the propensity model");
  }
}
