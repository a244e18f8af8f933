package org.tailor.server.plugins.testbundles.bulk;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.tailor.plugin.CandidateOffer;
import org.tailor.plugin.CandidateScores;
import org.tailor.plugin.DecisionContext;
import org.tailor.plugin.OfferScore;
import org.tailor.plugin.ScoringPlugin;

/** Test plugin that answers one score fewer than there are candidates. */
@Component(service = ScoringPlugin.class)
public class ShortScorer implements ScoringPlugin {

  @Override
  public String id() {
    return "short";
  }

  @Override
  public List<OfferScore> score(DecisionContext context, List<CandidateOffer> candidates) {
    return ScoringPlugin.scoreList(this, context, candidates);
  }

  @Override
  public CandidateScores scores(DecisionContext context, List<CandidateOffer> candidates) {
    return CandidateScores.of(new double[Math.max(0, candidates.size() - 1)], index -> "one short");
  }
}
