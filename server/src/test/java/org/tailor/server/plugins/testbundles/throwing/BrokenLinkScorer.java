package org.tailor.server.plugins.testbundles.throwing;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.OfferScore;
import org.tailor.plugin.ScoringPlugin;

/** Test plugin whose scoring fails as a half-updated bundle does: with a linkage error. */
@Component
public class BrokenLinkScorer implements ScoringPlugin {

  @Override
  public String id() {
    return "broken-link";
  }

  @Override
  public List<OfferScore> score(DecisionContext context, List<CandidateOffer> candidates) {
    throw new NoClassDefFoundError("org/tailor/gone/PropensityModel");
  }
}
